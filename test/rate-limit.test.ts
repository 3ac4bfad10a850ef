/**
 * The per-customer rate limit before the core (issue 14 #5): over CUSTOMER_RATE_LIMIT the first excess message
 * gets one polite reply, later ones none, and every message is still recorded (and relayed to staff when waiting).
 */
import { readCoreConfig, ConfigError } from '../core/config';
import { CHOICE_PERSON, slowDownReply } from '../core/replies';
import { CustomerRateLimiter, MemoryRateCounter, parseRateLimit, RedisRateCounter } from '../core/rate-limit';
import { buildCore } from './kit/core-builder';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const SLOW_DOWN = slowDownReply('en').text;

describe('per-customer rate limit', () => {
  it('3 per window: the 4th message gets one polite reply, the 5th none; all are in the transcript', async () => {
    let now = 1_000_000;
    const limiter = new CustomerRateLimiter(new MemoryRateCounter(() => now), { max: 3, windowMs: 10_000 });
    const { adapter, say, core } = buildCore({ rateLimiter: limiter });
    const address = 'test:fast';
    for (let i = 1; i <= 5; i++) await say(address, `where is my order ${i}?`);
    const texts = adapter.texts(address);
    expect(texts.filter((t) => t === SLOW_DOWN)).toHaveLength(1);
    expect(texts[texts.length - 1]).toBe(SLOW_DOWN); // nothing after it for the 5th message
    const state = await core.getState(address);
    const customer = state!.history.filter((l) => l.from === 'customer').map((l) => l.text);
    expect(customer).toEqual([1, 2, 3, 4, 5].map((i) => `where is my order ${i}?`));

    // A new window: answered again.
    now += 10_001;
    const before = texts.length;
    await say(address, 'where is my order?');
    const after = adapter.texts(address).slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toContain(SLOW_DOWN);
  });

  it('a platform redelivering the same message does not count it again', async () => {
    const limiter = new CustomerRateLimiter(new MemoryRateCounter(), { max: 2, windowMs: 60_000 });
    const { adapter, say } = buildCore({ rateLimiter: limiter });
    const address = 'test:redelivered';
    // Telegram/Slack retry a webhook they got no answer to: same message id, several times.
    for (let i = 0; i < 5; i++) await say(address, 'where is my order?', { id: 'same-platform-id' });
    const before = adapter.texts(address).length;
    await say(address, 'and how do refunds work?');
    const answer = adapter.texts(address).slice(before);
    expect(answer.length).toBeGreaterThan(0); // answered: the five deliveries counted as one message
    expect(adapter.texts(address)).not.toContain(SLOW_DOWN);
  });

  it('another conversation is not limited by a fast one', async () => {
    const limiter = new CustomerRateLimiter(new MemoryRateCounter(), { max: 1, windowMs: 60_000 });
    const { adapter, say } = buildCore({ rateLimiter: limiter });
    await say('test:a', 'hello');
    await say('test:a', 'hello again');
    await say('test:b', 'hello');
    expect(adapter.texts('test:a')).toContain(SLOW_DOWN);
    expect(adapter.texts('test:b')).not.toContain(SLOW_DOWN);
  });

  it('while waiting for a person, messages over the limit are still relayed to staff', async () => {
    const limiter = new CustomerRateLimiter(new MemoryRateCounter(), { max: 2, windowMs: 60_000 });
    const { say, handoff } = buildCore({ rateLimiter: limiter });
    const address = 'test:waiting';
    await say(address, 'Talk to a person', { choiceId: CHOICE_PERSON });
    expect(handoff.requests).toHaveLength(1);
    for (let i = 1; i <= 4; i++) await say(address, `more detail ${i}`);
    expect(handoff.relayed.filter((r) => r.address === address).map((r) => r.line.text)).toEqual([1, 2, 3, 4].map((i) => `more detail ${i}`));
  });

  it('the Redis counter counts per conversation in one window and expires with it', async () => {
    const redis = connectRedis();
    const prefix = uniquePrefix('rate');
    try {
      const counter = new RedisRateCounter(redis, prefix);
      expect(await counter.hit('shop:1', 5000)).toBe(1);
      expect(await counter.hit('shop:1', 5000)).toBe(2);
      expect(await counter.hit('shop:2', 5000)).toBe(1);
      const [key] = await redis.keys(`${prefix}:rate:*shop:1*`);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5000);
    } finally {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    }
  });

  it('CUSTOMER_RATE_LIMIT: default 20/10s, other units, off, and a clear error', () => {
    expect(readCoreConfig({}).customerRateLimit).toEqual({ max: 20, windowMs: 10_000 });
    expect(readCoreConfig({ CUSTOMER_RATE_LIMIT: '5/1m' }).customerRateLimit).toEqual({ max: 5, windowMs: 60_000 });
    expect(readCoreConfig({ CUSTOMER_RATE_LIMIT: 'off' }).customerRateLimit).toBeUndefined();
    expect(parseRateLimit('100/500ms')).toEqual({ max: 100, windowMs: 500 });
    expect(() => readCoreConfig({ CUSTOMER_RATE_LIMIT: 'fast' })).toThrow(ConfigError);
    expect(() => readCoreConfig({ CUSTOMER_RATE_LIMIT: 'fast' })).toThrow(/CUSTOMER_RATE_LIMIT="fast"/);
  });
});
