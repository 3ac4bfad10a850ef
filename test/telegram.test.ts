/**
 * Customers on Telegram: the real grammY bot against a local fake Bot API, by webhook (the contract: Telegram
 * retries a webhook it thinks failed, so redelivery is realistic there) and by long polling.
 */
import { silentLogger } from '../core/log';
import { TelegramAdapter } from '../adapters/telegram/telegram-adapter';
import { EnvReader } from '../core/config';
import { readTelegramConfig } from '../adapters/telegram/config';
import { FAKE_BOT_INFO, FakeTelegram, textUpdate } from './fakes/fake-telegram';
import { runAdapterContract } from './helpers/adapter-contract';
import { CHAT, SECRET, TelegramWebhookHarness } from './helpers/telegram-harness';

runAdapterContract('telegram', () => new TelegramWebhookHarness());

describe('telegram specifics', () => {
  let harness: TelegramWebhookHarness;
  let adapter: TelegramAdapter;
  let received: { address: string; text: string; choiceId?: string; locale?: string }[];

  beforeEach(async () => {
    harness = new TelegramWebhookHarness();
    adapter = await harness.createAdapter();
    received = [];
    await adapter.start(async (m) => {
      received.push({ address: m.address, text: m.text, choiceId: m.choiceId, locale: m.customer.locale });
    });
  });
  afterEach(async () => {
    await adapter.stop();
    await harness.close();
  });

  test('the webhook is registered with Telegram with its secret', () => {
    expect(harness.fake.callsTo('setWebhook')[0].params).toMatchObject({ url: harness.webhook, secret_token: SECRET });
  });

  test('a wrong or missing secret gets 401 and nothing is processed', async () => {
    expect(await harness.deliver(textUpdate(CHAT, 'hi'), 'wrong-secret')).toBe(401);
    expect(await harness.deliver(textUpdate(CHAT, 'hi'), '')).toBe(401);
    expect(received).toEqual([]);
  });

  test('the customer\'s language comes from their Telegram profile', async () => {
    await harness.customerSays('hola');
    expect(received[0]).toMatchObject({ address: `telegram:${CHAT}`, text: 'hola', locale: 'en' });
  });

  test('group chats, bots and edits are not customer messages', async () => {
    const group = textUpdate(-100123, 'hello group');
    (group.message as { chat: { type: string } }).chat.type = 'supergroup';
    await harness.deliver(group);
    const fromBot = textUpdate(CHAT, 'beep');
    (fromBot.message as { from: { is_bot: boolean } }).from.is_bot = true;
    await harness.deliver(fromBot);
    const edited = textUpdate(CHAT, 'edited');
    await harness.deliver({ update_id: edited.update_id, edited_message: edited.message });
    expect(received).toEqual([]);
  });

  test('a button press is answered (the spinner stops) and reaches the core as a choice with its label', async () => {
    await adapter.send(`telegram:${CHAT}`, { text: 'Pick one', choices: [{ id: 'kb:fees', label: 'Are there fees?' }] });
    await harness.customerClicks('kb:fees');
    expect(harness.fake.callsTo('answerCallbackQuery')).toHaveLength(1);
    expect(received).toEqual([{ address: `telegram:${CHAT}`, text: 'Are there fees?', choiceId: 'kb:fees', locale: undefined }]);
  });

  test('"typing…" is shown through sendChatAction', async () => {
    await adapter.showTyping(`telegram:${CHAT}`);
    expect(harness.fake.callsTo('sendChatAction')[0].params).toMatchObject({ chat_id: CHAT, action: 'typing' });
  });
});

describe('telegram long polling', () => {
  test('updates fetched with getUpdates reach the core, and the bot stops cleanly', async () => {
    const fake = new FakeTelegram();
    const apiRoot = await fake.start();
    const adapter = new TelegramAdapter({ config: { token: fake.token, apiRoot }, logger: silentLogger, botInfo: FAKE_BOT_INFO, pollTimeoutSeconds: 1 });
    const received: string[] = [];
    try {
      await adapter.start(async (m) => {
        received.push(m.text);
      });
      fake.push(textUpdate(CHAT, 'where is my refund?'));
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(received).toEqual(['where is my refund?']);
      expect(fake.callsTo('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });

  test('a rejected token fails at start naming TELEGRAM_BOT_TOKEN', async () => {
    const fake = new FakeTelegram();
    const apiRoot = await fake.start();
    const adapter = new TelegramAdapter({ config: { token: '999:WRONG-token-abcdef', apiRoot }, logger: silentLogger });
    await expect(adapter.start(async () => undefined)).rejects.toThrow(/Telegram rejected TELEGRAM_BOT_TOKEN \(401 Unauthorized\)/);
    await fake.stop();
  });

  test('a webhook URL without its secret is a configuration error naming the variable', () => {
    const reader = new EnvReader({ TELEGRAM_BOT_TOKEN: '123:abcdefghijkl', TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook' });
    readTelegramConfig(reader);
    expect(reader.problems.join('\n')).toMatch(/TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL/);
  });
});
