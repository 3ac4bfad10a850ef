/** Parked customer messages: kept for staff, never with raw personal data, counted for alerts. */
import { Registry } from 'prom-client';
import { DeadLetters } from '../admin/dead-letters';
import { silentLogger } from '../core/log';
import { redact } from '../core/redact';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

const redis = connectRedis();
const prefix = uniquePrefix('dead-letters');
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const letter = (text: string, name = 'Ana Lima') => ({
  platform: 'telegram',
  message: { id: 'u1', address: 'telegram:42', text, customer: { id: '42', displayName: name } },
  error: 'Error: Redis is down',
  at: new Date().toISOString(),
  attempts: 8,
});

test('a parked message is stored and listed redacted, and counted', async () => {
  const registry = new Registry();
  const letters = new DeadLetters({ redis, keyPrefix: prefix, logger: silentLogger, registry, redact });
  await letters.park(letter('my card is 4111 1111 1111 1111, write to ana@example.com', 'ana@example.com'));
  const { total, letters: listed } = await letters.list(10);
  expect(total).toBe(1);
  expect(listed[0].message.text).not.toContain('4111');
  expect(listed[0].message.text).not.toContain('ana@example.com');
  expect(listed[0].message.customer!.displayName).not.toContain('ana@example.com');
  expect(JSON.stringify(await redis.lrange(letters.key('telegram'), 0, -1))).not.toMatch(/4111|ana@example\.com/);
  expect(await registry.getSingleMetricAsString('support_dead_letters_total')).toMatch(/platform="telegram"} 1/);
});

test('without redaction (REDACT=off) the text is kept as written', async () => {
  const letters = new DeadLetters({ redis, keyPrefix: `${prefix}:raw`, logger: silentLogger });
  await letters.park(letter('call me at +44 20 7946 0958'));
  expect((await letters.list(1)).letters[0].message.text).toBe('call me at +44 20 7946 0958');
});
