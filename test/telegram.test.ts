/**
 * Customers on Telegram: the real grammY bot against a local fake Bot API, by webhook (the contract: Telegram
 * retries a webhook it thinks failed, so redelivery is realistic there) and by long polling.
 */
import { createLogger, silentLogger } from '../core/log';
import { TelegramAdapter } from '../adapters/telegram/telegram-adapter';
import { EnvReader } from '../core/config';
import { readTelegramConfig } from '../adapters/telegram/config';
import { FAKE_BOT_INFO, FakeTelegram, textUpdate } from '../fakes/fake-telegram';
import { InvalidMessageError } from '../core/errors';
import { readableText } from '../core/inbound';
import type { InboundAttachment } from '../core/types';
import { runAdapterContract } from './helpers/adapter-contract';
import { CHAT, SECRET, TelegramWebhookHarness } from './helpers/telegram-harness';

runAdapterContract('telegram', () => new TelegramWebhookHarness());

describe('telegram specifics', () => {
  let harness: TelegramWebhookHarness;
  let adapter: TelegramAdapter;
  let received: { id: string; address: string; text: string; choiceId?: string; locale?: string; attachments?: InboundAttachment[] }[];

  beforeEach(async () => {
    harness = new TelegramWebhookHarness();
    adapter = await harness.createAdapter();
    received = [];
    await adapter.start(async (m) => {
      received.push({ id: m.id, address: m.address, text: m.text, choiceId: m.choiceId, locale: m.customer.locale, attachments: m.attachments });
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

  test('with the right secret the update is processed: its id comes from update_id, the language from the profile', async () => {
    const updateId = await harness.customerSays('hola');
    expect(received).toEqual([{ id: `u${updateId}`, address: `telegram:${CHAT}`, text: 'hola', locale: 'en', attachments: [], choiceId: undefined }]);
  });

  test('a photo with a caption reaches the core as its caption plus an image attachment (readable: the caption is the text)', async () => {
    const photo = textUpdate(CHAT, '', { text: undefined, caption: 'it arrived broken', photo: [{ file_id: 'P1', file_unique_id: 'P1', width: 90, height: 90 }] });
    expect(await harness.deliver(photo)).toBe(200);
    expect(received).toMatchObject([{ text: 'it arrived broken', attachments: [{ kind: 'image' }] }]);
    expect(readableText({ text: 'it arrived broken', attachments: received[0].attachments })).toEqual({ text: 'it arrived broken', readable: true });
  });

  test('a sticker, a voice note and a document arrive as attachments without text; a location as "other"', async () => {
    await harness.deliver(textUpdate(CHAT, '', { text: undefined, sticker: { file_id: 'S1', file_unique_id: 'S1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }));
    await harness.deliver(textUpdate(CHAT, '', { text: undefined, voice: { file_id: 'V1', file_unique_id: 'V1', duration: 3, mime_type: 'audio/ogg' } }));
    await harness.deliver(textUpdate(CHAT, '', { text: undefined, document: { file_id: 'D1', file_unique_id: 'D1', file_name: 'invoice.pdf', mime_type: 'application/pdf' } }));
    await harness.deliver(textUpdate(CHAT, '', { text: undefined, location: { latitude: 1, longitude: 2 } }));
    expect(received.map((m) => [m.text, m.attachments])).toEqual([
      ['', [{ kind: 'sticker' }]],
      ['', [{ kind: 'audio', mimeType: 'audio/ogg' }]],
      ['', [{ kind: 'file', name: 'invoice.pdf', mimeType: 'application/pdf' }]],
      ['', [{ kind: 'other' }]],
    ]);
    expect(received.every((m) => !readableText(m).readable)).toBe(true);
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
    const callbackId = String(harness.fake.callsTo('answerCallbackQuery')[0].params.callback_query_id);
    expect(received).toEqual([{ id: callbackId, address: `telegram:${CHAT}`, text: 'Are there fees?', choiceId: 'kb:fees', locale: undefined, attachments: undefined }]);
  });

  test('"typing…" is shown through sendChatAction', async () => {
    await adapter.showTyping(`telegram:${CHAT}`);
    expect(harness.fake.callsTo('sendChatAction')[0].params).toMatchObject({ chat_id: CHAT, action: 'typing' });
  });
});

describe('telegram sending and failures', () => {
  test('a 429 is retried after Telegram\'s retry_after, and the message is delivered once', async () => {
    const harness = new TelegramWebhookHarness();
    const adapter = await harness.createAdapter();
    try {
      harness.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      await adapter.send(`telegram:${CHAT}`, { text: 'Your refund is on its way.' });
      expect(harness.fake.callsTo('sendMessage')).toHaveLength(2);
      expect(harness.delivered()).toEqual([{ text: 'Your refund is on its way.', choiceIds: [] }]);
    } finally {
      await harness.close();
    }
  });

  test('a 403 (the customer blocked the bot) fails at once, without retrying', async () => {
    const harness = new TelegramWebhookHarness();
    const adapter = await harness.createAdapter();
    try {
      harness.fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      await expect(adapter.send(`telegram:${CHAT}`, { text: 'hello' })).rejects.toThrow(/403|blocked/);
      expect(harness.fake.callsTo('sendMessage')).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });

  test('webhook: delivery into the core is retried before Telegram is answered 200, and the message is processed once', async () => {
    const harness = new TelegramWebhookHarness({ deliveryAttempts: 3, deliveryRetryDelayMs: 5 });
    const adapter = await harness.createAdapter();
    const events: string[] = [];
    let attempts = 0;
    await adapter.start(async (m) => {
      attempts += 1;
      events.push(`attempt ${attempts}`);
      if (attempts <= 2) throw new Error('Redis connection reset'); // transient: not a PermanentError
      await new Promise((r) => setTimeout(r, 50)); // the successful turn takes a moment: the answer must wait for it
      events.push(`processed ${m.id}`);
    });
    try {
      const update = textUpdate(CHAT, 'where is my order?');
      const status = await harness.deliver(update);
      events.push(`answered ${status}`);
      expect(events).toEqual(['attempt 1', 'attempt 2', 'attempt 3', `processed u${update.update_id}`, 'answered 200']);
    } finally {
      await adapter.stop();
      await harness.close();
    }
  });

  test('webhook: a PermanentError from the core is not retried; it is logged as not processed and acknowledged', async () => {
    const lines: string[] = [];
    const harness = new TelegramWebhookHarness({ deliveryAttempts: 3, deliveryRetryDelayMs: 5, logger: createLogger('info', (line) => lines.push(line)) });
    const adapter = await harness.createAdapter();
    let attempts = 0;
    await adapter.start(async () => {
      attempts += 1;
      throw new InvalidMessageError('text must be a string');
    });
    try {
      // Retrying cannot help, so Telegram is not asked to redeliver (a 500 would make it retry for hours).
      expect(await harness.deliver(textUpdate(CHAT, 'hello'))).toBe(200);
      expect(attempts).toBe(1);
      expect(lines.find((l) => l.includes('telegram.customer_message_not_processed'))).toMatch(/text=hello .*why="retrying cannot fix this error"/);
    } finally {
      await adapter.stop();
      await harness.close();
    }
  });

  test('webhook: when the core fails the request gets 500, and Telegram\'s redelivery is processed', async () => {
    const harness = new TelegramWebhookHarness({ deliveryAttempts: 2, deliveryRetryDelayMs: 1 });
    const adapter = await harness.createAdapter();
    let failing = true;
    const received: string[] = [];
    await adapter.start(async (m) => {
      if (failing) throw new Error('Redis is down');
      received.push(m.id);
    });
    try {
      const update = textUpdate(CHAT, 'where is my order?');
      expect(await harness.deliver(update)).toBe(500);
      expect(received).toEqual([]);
      failing = false;
      expect(await harness.deliver(update)).toBe(200);
      expect(received).toEqual([`u${update.update_id}`]);
    } finally {
      await adapter.stop();
      await harness.close();
    }
  });
});

describe('telegram long polling', () => {
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  test('a failing core is retried (the runner has confirmed the update already) until the update is processed once', async () => {
    const fake = new FakeTelegram();
    const apiRoot = await fake.start();
    const adapter = new TelegramAdapter({ config: { token: fake.token, apiRoot }, logger: silentLogger, botInfo: FAKE_BOT_INFO, pollTimeoutSeconds: 1, deliveryRetryDelayMs: 5 });
    let attempts = 0;
    let processed = 0;
    try {
      await adapter.start(async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('Redis is down');
        processed += 1;
      });
      fake.push(textUpdate(CHAT, 'hello?'));
      await until(() => processed > 0);
      expect([attempts, processed]).toEqual([3, 1]);
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });

  test('an update the core keeps failing on is logged as not processed, with its text, and later updates still flow', async () => {
    const fake = new FakeTelegram();
    const apiRoot = await fake.start();
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const adapter = new TelegramAdapter({ config: { token: fake.token, apiRoot }, logger, botInfo: FAKE_BOT_INFO, pollTimeoutSeconds: 1, deliveryAttempts: 2, deliveryRetryDelayMs: 5 });
    const received: string[] = [];
    try {
      await adapter.start(async (m) => {
        if (m.text === 'poison') throw new Error('cannot handle this one');
        received.push(m.text);
      });
      fake.push(textUpdate(CHAT, 'poison'));
      fake.push(textUpdate(CHAT, 'next customer message'));
      await until(() => received.length > 0);
      expect(received).toEqual(['next customer message']);
      expect(lines.find((l) => l.includes('telegram.customer_message_not_processed'))).toMatch(/text=poison .*attempts=2/);
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });

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
