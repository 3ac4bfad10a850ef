/**
 * Issue 11 from outside, as a Telegram customer (real grammY by webhook against the fake Bot API, the real core,
 * Redis, BullMQ and the local staff console): leave the queue and get an FAQ answer; after hours, get an FAQ
 * answer and the opening time in the configured zone, leave a message, and receive staff's later answer; be
 * answered in Spanish, German and Chinese.
 */
import { Writable } from 'node:stream';
import type { TelegramAdapter } from '../adapters/telegram/telegram-adapter';
import { t } from '../core/i18n/catalogue';
import { CHOICE_LEAVE_MESSAGE } from '../core/replies';
import { BusinessHours } from '../handoff/business-hours';
import { textUpdate } from '../fakes/fake-telegram';
import { eventually, startHarness, type Harness } from './helpers/handoff-harness';
import { CHAT, TelegramWebhookHarness } from './helpers/telegram-harness';

interface Customer {
  h: Harness;
  tg: TelegramWebhookHarness;
  adapter: TelegramAdapter;
  printed: () => string;
}

async function start(options: { businessHours?: BusinessHours } = {}): Promise<Customer> {
  let out = '';
  const output = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  const h = await startHarness({ slack: false, consoleOutput: output, config: { businessHours: options.businessHours } });
  const tg = new TelegramWebhookHarness();
  const adapter = await tg.createAdapter();
  h.core.registerAdapter(adapter);
  await adapter.start(h.core.handleInbound);
  return { h, tg, adapter, printed: () => out };
}

async function stop(c: Customer) {
  await c.adapter.stop();
  await c.tg.close();
  await c.h.close();
}

/** Everything the bot sent one chat: text and button labels. */
function sentTo(c: Customer, chat: number) {
  return c.tg.fake
    .callsTo('sendMessage')
    .filter((call) => !call.failed && String(call.params.chat_id) === String(chat))
    .map((call) => ({
      text: String(call.params.text),
      labels: ((call.params.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text),
    }));
}

async function says(c: Customer, chat: number, text: string) {
  const before = sentTo(c, chat).length;
  expect(await c.tg.deliver(textUpdate(chat, text))).toBe(200);
  await eventually(() => sentTo(c, chat).length > before, `a reply to "${text}"`);
  return sentTo(c, chat)[sentTo(c, chat).length - 1];
}

describe('a Telegram customer while waiting', () => {
  let c: Customer;
  beforeAll(async () => {
    c = await start();
  });
  afterAll(async () => stop(c));

  it('leaves the queue with "never mind" and gets an FAQ answer from the bot', async () => {
    const chat = 777101;
    await says(c, chat, 'I want to talk to a real person');
    const id = await eventually(() => c.h.handoff.records.openIdFor(`telegram:${chat}`), 'handoff opened');
    expect((await says(c, chat, "never mind, I don't need a person anymore")).text).toBe(t('en', 'neverMind.confirm'));
    expect((await says(c, chat, 'cancel')).text).toBe(t('en', 'neverMind.left'));
    expect((await c.h.handoff.records.get(id))!.status).toBe('withdrawn');
    const answer = await says(c, chat, 'how much is the late fee?');
    expect(answer.text).toMatch(/late fee/i);
    expect(answer.text).not.toContain(t('en', 'waiting.passedOn'));
  });

  it('is answered in Spanish, German and Chinese when writing in them', async () => {
    const es = await says(c, 777102, '¿Cómo funciona el pago en cuotas?');
    expect(es.labels).toContain(t('es', 'choice.talkToPerson'));
    const de = await says(c, 777103, 'Wie funktioniert die Ratenzahlung bei euch?');
    expect(de.labels).toContain(t('de', 'choice.talkToPerson'));
    const zh = await says(c, 777104, '我要人工客服');
    expect(zh.text).toContain(t('zh', 'queue.keepWriting'));
    expect(zh.labels).toContain(t('zh', 'choice.leaveMessage'));
  });
});

describe('a Telegram customer after hours', () => {
  let c: Customer;
  beforeAll(async () => {
    // Open one minute a day: closed whenever this runs (but for that minute).
    c = await start({ businessHours: BusinessHours.parse('Mon-Sun 09:00-09:01 Europe/Paris') });
  });
  afterAll(async () => stop(c));

  it('gets FAQ answers and the opening time in the configured zone, leaves a message, and gets staff’s later answer', async () => {
    const chat = CHAT; // the chat customerClicks presses buttons in
    const told = await says(c, chat, 'I want to talk to a person');
    expect(told.text).toContain('9:00 AM (Central European Time)');
    expect(told.text).not.toContain('UTC');
    expect(told.labels).toContain(t('en', 'choice.leaveMessage'));

    const faq = await says(c, chat, 'how much is the late fee?');
    expect(faq.text).toMatch(/late fee/i);
    expect(faq.text).toContain(t('en', 'waiting.stillComing'));

    const before = sentTo(c, chat).length;
    await c.tg.customerClicks(CHOICE_LEAVE_MESSAGE);
    await eventually(() => sentTo(c, chat).length > before, 'prompted for the message');
    expect(sentTo(c, chat)[before].text).toBe(t('en', 'followUp.prompt'));
    const saved = await says(c, chat, 'Please call me back about order 4411');
    expect(saved.text).toContain('9:00 AM (Central European Time)');

    const id = (await c.h.handoff.actions!.openQueue()).find((r) => r.address === `telegram:${chat}`)!.id;
    expect((await c.h.handoff.records.get(id))!.status).toBe('follow_up');
    await eventually(() => c.printed().includes('Follow-up'), 'follow-up posted for staff at once');

    await c.h.handoff.console!.handleCommand(`/staff reply ${id} We refunded order 4411 this morning.`);
    const answer = await eventually(() => sentTo(c, chat).find((m) => m.text.includes('We refunded order 4411')), 'staff answer delivered');
    expect(answer.text).toContain(t('en', 'followUp.replyIntro'));
  });
});
