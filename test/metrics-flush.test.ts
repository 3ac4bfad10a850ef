/**
 * Metrics on the message path are counted in memory and written to Redis in periodic flushes (one pipeline for
 * the conversations' steps, one for the day counters), never per message; close() writes what is left.
 */
import type Redis from 'ioredis';
import { SupportMetrics } from '../admin/metrics';
import type { Decision } from '../core/answerer';
import type { CoreEvent } from '../core/events';
import { silentLogger } from '../core/log';
import type { HandoffRecords } from '../handoff/records';
import { eventually } from './kit/eventually';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const answer = { kind: 'answer', entryId: 'fees', confidence: 0.9, reply: { text: 'x' }, candidates: [], relatedIds: [] } as unknown as Decision;
const thanks = { kind: 'small_talk', smallTalk: 'thanks', reply: { text: 'x' } } as unknown as Decision;
const decision = (address: string, d: Decision): CoreEvent => ({ type: 'decision', address, text: 'q', decision: d, ms: 0.2 });
const today = () => new Date().toISOString().slice(0, 10);

describe('metrics write path', () => {
  let redis: Redis;
  const prefix = uniquePrefix('metrics-flush');
  const metricsFor = (name: string, flushMs: number) =>
    new SupportMetrics({ redis, keyPrefix: `${prefix}:${name}`, records: {} as HandoffRecords, logger: silentLogger, flushMs });

  beforeAll(() => {
    redis = connectRedis();
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  test('300 messages write nothing to Redis until the flush; then the day counts and outcomes are all there', async () => {
    const metrics = metricsFor('batched', 60_000);
    const dayKey = `${prefix}:batched:metrics:day:${today()}`;
    for (let i = 0; i < 100; i++) {
      metrics.onEvent(decision(`shop:${i}`, answer));
      metrics.onEvent(decision(`shop:${i}`, thanks)); // confirmed: thanks after an answer
      metrics.onEvent(decision(`shop:${i}`, answer)); // a new conversation after the outcome
    }
    // onEvent never waits on Redis; with a minute between flushes nothing has been written yet.
    expect(await redis.exists(dayKey)).toBe(0);
    expect(await redis.keys(`${prefix}:batched:*`)).toEqual([]);
    await metrics.close();
    const counts = await redis.hgetall(dayKey);
    expect(counts).toMatchObject({ 'decision:answer': '200', 'decision:small_talk': '100', conversations: '200', bot_confirmed: '100' });
    expect(await redis.ttl(dayKey)).toBeGreaterThan(0);
  });

  test('without close, the periodic flush writes counts within its interval', async () => {
    const metrics = metricsFor('periodic', 100);
    metrics.onEvent(decision('shop:p1', answer));
    metrics.onEvent({ type: 'rated', address: 'shop:p1', rating: 5 });
    const dayKey = `${prefix}:periodic:metrics:day:${today()}`;
    const counts = await eventually(async () => {
      const c = await redis.hgetall(dayKey);
      return c['rating:5'] && c.conversations ? c : undefined;
    }, 'flushed');
    expect(counts).toMatchObject({ 'decision:answer': '1', 'rating:5': '1', conversations: '1' });
    await metrics.close();
  });
});
