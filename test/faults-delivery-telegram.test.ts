/**
 * Issue 10 #1 and #3 against the fake Telegram Bot API with the real grammY: long polling restarts after a 409
 * Conflict or a network failure; one poller per bot across replicas (Redis lease; the other reports standby); a
 * stuck chat does not block other chats, and one chat's messages keep their order; a webhook turn slower than the
 * timeout is answered 500 (never 200 while it runs) and the chat's next update does not overtake it.
 */
import type Redis from 'ioredis';
import { silentLogger } from '../core/log';
import type { InboundMessage } from '../core/types';
import { TelegramAdapter, type TelegramAdapterOptions } from '../adapters/telegram/telegram-adapter';
import { FAKE_BOT_INFO, FakeTelegram, textUpdate } from '../fakes/fake-telegram';
import { TelegramWebhookHarness } from './helpers/telegram-harness';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';
import { eventually } from './kit/eventually';

const prefix = uniquePrefix('faults-telegram');
let redis: Redis;
let fake: FakeTelegram;
let apiRoot: string;
const adapters: TelegramAdapter[] = [];

beforeAll(() => {
  redis = connectRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});
beforeEach(async () => {
  fake = new FakeTelegram();
  apiRoot = await fake.start();
});
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.stop()));
  await fake.stop();
});

function polling(options: Partial<TelegramAdapterOptions> = {}): TelegramAdapter {
  const adapter = new TelegramAdapter({
    config: { token: fake.token, apiRoot },
    logger: silentLogger,
    botInfo: FAKE_BOT_INFO,
    pollTimeoutSeconds: 1,
    deliveryRetryDelayMs: 5,
    polling: { restartDelayMs: 20, retryForMs: 200 },
    ...options,
  });
  adapters.push(adapter);
  return adapter;
}

const CONFLICT = { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' };

test('#3: a 409 Conflict stops the poller only until it restarts; later messages are answered', async () => {
  const states: string[] = [];
  const received: string[] = [];
  const adapter = polling({ onState: (state) => states.push(state) });
  fake.failNext('getUpdates', CONFLICT, 3);
  await adapter.start(async (m) => void received.push(m.text));
  fake.push(textUpdate(101, 'is anyone there?'));
  await eventually(() => received.includes('is anyone there?'), 'the message after the restarts');
  expect(fake.callsTo('getUpdates').filter((c) => c.failed)).toHaveLength(3);
  expect(states).toContain('restarting');
  expect(adapter.state).toBe('polling');
});

test('#3: a network failure longer than the runner\'s own retries restarts polling too', async () => {
  const received: string[] = [];
  const adapter = polling();
  fake.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' }, 8);
  await adapter.start(async (m) => void received.push(m.text));
  fake.push(textUpdate(102, 'hello after the outage'));
  await eventually(() => received.includes('hello after the outage'), 'the message after the outage');
});

test('#3: one poller per bot across replicas; the standby reports it and takes over when the holder stops', async () => {
  const lease = { redis, key: `${prefix}:lease:telegram`, ttlMs: 1500, renewEveryMs: 100 };
  const received: string[][] = [[], []];
  const replicas = [polling({ lease }), polling({ lease })];
  await Promise.all(replicas.map((r, i) => r.start(async (m) => void received[i].push(m.text))));
  await eventually(() => replicas.some((r) => r.state === 'polling'), 'one replica polling');
  expect(replicas.map((r) => r.state).sort()).toEqual(['polling', 'standby']);
  const holder = replicas.findIndex((r) => r.state === 'polling');
  const standby = 1 - holder;
  // Readiness and channel health: the standby is healthy and says so.
  expect(replicas[standby].status()).toEqual({ connected: true, detail: 'standby: another replica polls' });
  expect(replicas[holder].status()).toEqual({ connected: true, detail: 'polling' });
  fake.push(textUpdate(103, 'first'));
  await eventually(() => received[holder].includes('first'), 'the holder receiving');
  expect(received[standby]).toEqual([]);
  await replicas[holder].stop();
  await eventually(() => replicas[standby].state === 'polling', 'the standby taking over');
  fake.push(textUpdate(103, 'second'));
  await eventually(() => received[standby].includes('second'), 'the new holder receiving');
  expect(fake.callsTo('getUpdates').filter((c) => c.failed)).toEqual([]); // never two pollers: no 409
});

test('#3: a stuck conversation does not block other chats, and one chat keeps its order', async () => {
  let release!: () => void;
  const stuck = new Promise<void>((resolve) => (release = resolve));
  const done: string[] = [];
  const adapter = polling();
  await adapter.start(async (m: InboundMessage) => {
    if (m.text === 'A1') await stuck;
    done.push(m.text);
  });
  fake.push(textUpdate(201, 'A1'));
  fake.push(textUpdate(201, 'A2'));
  fake.push(textUpdate(202, 'B1'));
  await eventually(() => done.includes('B1'), 'the other chat answered while chat A is stuck');
  expect(done).toEqual(['B1']);
  release();
  await eventually(() => done.length === 3, 'chat A after it got unstuck');
  expect(done).toEqual(['B1', 'A1', 'A2']);
});

test('#1: a webhook turn slower than the timeout is answered 500, never 200, and the chat\'s next update waits for it', async () => {
  const harness = new TelegramWebhookHarness({ webhookTimeoutMs: 200, deliveryAttempts: 1 });
  const adapter = await harness.createAdapter();
  const events: string[] = [];
  let finishSlow!: () => void;
  const slow = new Promise<void>((resolve) => (finishSlow = resolve));
  const arrived: number[] = [];
  adapter.bot.use((ctx, next) => {
    arrived.push(ctx.update.update_id); // registered before the adapter's own middleware: sees every update arrive
    return next();
  });
  await adapter.start(async (m) => {
    events.push(`start ${m.text}`);
    if (m.text === 'slow') await slow;
    events.push(`done ${m.text}`);
  });
  try {
    const first = textUpdate(777001, 'slow');
    expect(await harness.deliver(first)).toBe(500); // Telegram will redeliver; the core's dedupe runs it once
    const second = harness.deliver(textUpdate(777001, 'next'));
    // The next update of the same chat arrives while the slow turn still runs, and is held until it is over.
    await eventually(() => arrived.length === 2, 'the next update arriving');
    expect(events).toEqual(['start slow']);
    finishSlow();
    expect(await second).toBe(200);
    expect(events).toEqual(['start slow', 'done slow', 'start next', 'done next']);
  } finally {
    finishSlow();
    await adapter.stop();
    await harness.close();
  }
});
