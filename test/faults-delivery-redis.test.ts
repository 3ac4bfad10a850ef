/**
 * Issue 10, "nothing lost": Redis stopped and restarted under load (its own redis-server on a free port, never the
 * shared one). Customers keep writing on Discord (the real discord.js against the fake gateway) before, during and
 * after a ~3 s outage; every message is answered once it is back — none lost, none parked, duplicates ≤ 1 %.
 * The large version (20 k messages, 40 s outage) is `npm run bench:faults`.
 */
import type Redis from 'ioredis';
import { silentLogger } from '../core/log';
import { connectRedis } from '../core/redis';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { DiscordAdapter } from '../adapters/discord/discord-adapter';
import type { DeadLetter } from '../adapters/shared/deliver';
import { FakeDiscord, messageCreate } from '../fakes/fake-discord';
import { buildCore } from './kit/core-builder';
import { eventually } from './kit/eventually';
import { startRedisChild } from './helpers/redis-child';

const CONVERSATIONS = 20;
const PER_PHASE = 4; // messages per conversation before, during and after the outage: 240 in all
const QUESTIONS = ['where is my order?', 'how do I get a refund?', 'what are your opening hours?', 'can I change my address?'];

test('messages sent while Redis is down are all answered after it restarts, none lost', async () => {
  // Append-only file with fsync on every write, so a clean stop and start keeps the data.
  const server = await startRedisChild(['--appendonly', 'yes', '--appendfsync', 'always']);
  const redis: Redis = await connectRedis(server.url, silentLogger);
  const fake = new FakeDiscord();
  const apiUrl = await fake.start();
  const parked: DeadLetter[] = [];
  const adapter = new DiscordAdapter({
    config: { token: fake.token, apiUrl },
    logger: silentLogger,
    deliveryRetryDelayMs: 100,
    deadLetters: { park: async (letter) => void parked.push(letter) },
  });
  const store = new RedisConversationStore(redis, { keyPrefix: 'outage', ttlSeconds: 600, historyLimit: 30, lockLeaseMs: 2000 });
  const { core, events } = buildCore({ adapter, store });
  await adapter.start(core.handleInbound);
  await fake.connected();

  const sent: string[] = [];
  const channels = Array.from({ length: CONVERSATIONS }, (_, i) => String(700000000000100000n + BigInt(i)));
  const phase = (n: number) => {
    for (let round = 0; round < PER_PHASE; round++) {
      for (const channelId of channels) {
        const message = messageCreate(fake, { channelId, content: `${QUESTIONS[(round + n) % QUESTIONS.length]} (${n}.${round})` });
        sent.push(String(message.id));
        fake.dispatch('MESSAGE_CREATE', message);
      }
    }
  };
  try {
    phase(0);
    await events.turnsCompleted(10, 15_000);
    await server.halt(); // Redis goes away with turns in flight
    phase(1);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the outage lasts 3 s
    await server.restart();
    phase(2);

    // Answered: its turn completed, or a retry found it already done (saved just before Redis went away).
    const answered = (id: string) => events.of('turn_completed').some((e) => e.messageId === id) || events.of('duplicate_ignored').some((e) => e.messageId === id);
    await eventually(() => sent.every(answered), 'every message answered', 25_000).catch((error) => {
      const done = sent.filter(answered).length;
      throw new Error(`${(error as Error).message}: ${done}/${sent.length} answered, ${parked.length} parked (${parked[0]?.error}), ${events.of('turn_completed').length} turns, ${events.of('duplicate_ignored').length} duplicates ignored`);
    });
    expect(parked).toEqual([]);
    const turns = events.of('turn_completed').filter((e) => e.messageId && sent.includes(e.messageId));
    const duplicates = turns.length - new Set(turns.map((e) => e.messageId)).size;
    expect(duplicates).toBeLessThanOrEqual(Math.floor(sent.length / 100));
    // Every conversation's replies went out (at least one per message).
    for (const channelId of channels) expect(fake.posted.filter((p) => p.channelId === channelId).length).toBeGreaterThanOrEqual(PER_PHASE * 3);
  } finally {
    await adapter.stop();
    await fake.stop();
    redis.disconnect();
    await server.stop();
  }
}, 45_000);
