/**
 * Issue 10 #2 and the gateway delivery rule, against the fake Discord with the real discord.js:
 * a 403/50013 on thread creation is answered in the channel and logged (no unhandled rejection); 160004 "thread
 * already created" continues in the existing thread; a message the core cannot take is retried and then parked
 * in the dead-letter list (Redis, metric, admin view); one gateway consumer per bot across replicas (lease).
 */
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import type { Logger } from '../core/log';
import type { InboundMessage } from '../core/types';
import { DiscordAdapter, MISSING_THREAD_PERMISSION } from '../adapters/discord/discord-adapter';
import { DeadLetters } from '../admin/dead-letters';
import { BOT_USER, FakeDiscord, messageCreate } from '../fakes/fake-discord';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';
import { eventually } from './kit/eventually';

const DM_CHANNEL = '700000000000000001';
const SUPPORT_CHANNEL = '700000000000000050';

function recordingLogger() {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const log = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push({ level, event, fields });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

let redis: Redis;
const prefix = uniquePrefix('faults-discord');
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(() => {
  redis = connectRedis();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('support threads and dead letters', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  let received: InboundMessage[];
  let failures: number;
  let log: ReturnType<typeof recordingLogger>;
  let registry: Registry;
  let deadLetters: DeadLetters;

  beforeEach(async () => {
    fake = new FakeDiscord('fake.discord.token', [SUPPORT_CHANNEL]);
    const apiUrl = await fake.start();
    log = recordingLogger();
    registry = new Registry();
    deadLetters = new DeadLetters({ redis, keyPrefix: `${prefix}:${Math.random().toString(36).slice(2, 6)}`, logger: log.logger, registry });
    adapter = new DiscordAdapter({
      config: { token: fake.token, apiUrl, supportChannelId: SUPPORT_CHANNEL },
      logger: log.logger,
      deliveryAttempts: 4,
      deliveryRetryDelayMs: 10,
      deadLetters,
    });
    received = [];
    failures = 0;
    await adapter.start(async (m) => {
      if (failures > 0) {
        failures--;
        throw new Error('Redis is down');
      }
      received.push(m);
    });
    await fake.connected();
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.stop();
  });

  const mention = (text: string) => {
    const message = messageCreate(fake, { channelId: SUPPORT_CHANNEL, content: `<@${BOT_USER.id}> ${text}`, guild: true, extra: { mentions: [BOT_USER] } });
    fake.dispatch('MESSAGE_CREATE', message);
    return message;
  };

  test('a missing permission (403, 50013) is answered in the channel and logged, never an unhandled rejection', async () => {
    fake.failThreads(403, 50013, 'Missing Permissions');
    mention('where is my refund?');
    const notice = await eventually(() => fake.posted.find((p) => p.channelId === SUPPORT_CHANNEL), 'the notice in the support channel');
    expect(notice.body.content).toBe(MISSING_THREAD_PERMISSION);
    expect(log.lines.find((l) => l.event === 'discord.thread_not_allowed')?.fields).toMatchObject({ channel: SUPPORT_CHANNEL, code: 50013 });
    expect(received).toEqual([]);
    // The process (and this channel) carry on: the next mention, once the permission is granted, gets its thread.
    const next = mention('hello again');
    await eventually(() => received.length === 1, 'the next mention reaching the core');
    expect(received[0].address).toBe(`discord:${next.id}`);
    expect(unhandled).toEqual([]);
  });

  test('"thread already created" (160004, another replica got there first) continues in that thread', async () => {
    // Another replica received the same mention and started its thread first: ours gets 400 / 160004.
    const message = messageCreate(fake, { channelId: SUPPORT_CHANNEL, content: `<@${BOT_USER.id}> my parcel is late`, guild: true, extra: { mentions: [BOT_USER] } });
    fake.threadsStarted.push({ channelId: SUPPORT_CHANNEL, messageId: message.id, threadId: message.id });
    fake.dispatch('MESSAGE_CREATE', message);
    await eventually(() => received.length === 1, 'the delivery');
    expect(fake.threadsStarted).toHaveLength(1);
    // Same address and message id as the other replica's: the core's lock and dedupe run it once.
    expect(received.map((m) => [m.address, m.id, m.text])).toEqual([[`discord:${message.id}`, message.id, 'my parcel is late']]);
    expect(fake.posted).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  test('a core failing a few times is retried until it takes the message', async () => {
    failures = 3;
    const message = messageCreate(fake, { channelId: DM_CHANNEL, content: 'hello' });
    fake.dispatch('MESSAGE_CREATE', message);
    await eventually(() => received.length === 1, 'the message after the retries');
    expect((await deadLetters.list()).total).toBe(0);
  });

  test('a message the core never takes is parked as a dead letter, counted and listed, never dropped', async () => {
    failures = 1000;
    const message = messageCreate(fake, { channelId: DM_CHANNEL, content: 'I need my refund please' });
    fake.dispatch('MESSAGE_CREATE', message);
    const listed = await eventually(async () => {
      const found = await deadLetters.list();
      return found.total === 1 ? found : undefined;
    }, 'the dead letter');
    expect(listed.letters[0]).toMatchObject({
      platform: 'discord',
      message: { id: message.id, address: `discord:${DM_CHANNEL}`, text: 'I need my refund please' },
      error: 'Error: Redis is down',
      attempts: 4,
    });
    expect(new Date(listed.letters[0].at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await registry.getSingleMetricAsString('support_dead_letters_total')).toContain('support_dead_letters_total{platform="discord"} 1');
    expect(log.lines.some((l) => l.level === 'error' && l.event === 'discord.customer_message_parked')).toBe(true);
    expect(received).toEqual([]);
  });
});

test('one gateway consumer per bot across replicas: the standby takes over when the holder stops', async () => {
  const fake = new FakeDiscord();
  const apiUrl = await fake.start();
  const key = `${prefix}:lease:discord`;
  const replicas = [0, 1].map(
    () => new DiscordAdapter({ config: { token: fake.token, apiUrl }, logger: recordingLogger().logger, lease: { redis, key, ttlMs: 1500, renewEveryMs: 100 } }),
  );
  const received: string[][] = [[], []];
  await Promise.all(replicas.map((r, i) => r.start(async (m) => void received[i].push(m.text))));
  await fake.connected();
  expect(replicas.map((r) => r.state).sort()).toEqual(['connected', 'standby']);
  expect(fake.identifies).toBe(1);
  const holder = replicas.findIndex((r) => r.state === 'connected');
  const standby = 1 - holder;
  expect(replicas[standby].status()).toEqual({ connected: true, detail: 'standby: another replica holds the gateway' });

  // A standby still sends over REST.
  await replicas[standby].send(`discord:${DM_CHANNEL}`, { text: 'from the standby' });
  expect(fake.posted.map((p) => p.body.content)).toContain('from the standby');

  await replicas[holder].stop();
  await eventually(() => replicas[standby].state === 'connected', 'the standby taking over');
  await eventually(() => fake.sessions === 1, 'one open gateway session');
  fake.dispatch('MESSAGE_CREATE', messageCreate(fake, { channelId: DM_CHANNEL, content: 'after the take-over' }));
  await eventually(() => received[standby].includes('after the take-over'), 'the new holder receiving');
  expect(fake.identifies).toBe(2);
  await replicas[standby].stop();
  await fake.stop();
});
