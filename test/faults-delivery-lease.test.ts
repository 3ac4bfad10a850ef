/**
 * The Redis lease behind "one Telegram poller / one Discord gateway consumer per bot" (adapters/shared/lease.ts):
 * one holder at a time, take-over after a holder dies (its lease expires), and a holder that cannot start
 * consuming gives the lease back.
 */
import type Redis from 'ioredis';
import { silentLogger } from '../core/log';
import { Lease } from '../adapters/shared/lease';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';
import { eventually } from './kit/eventually';

const prefix = uniquePrefix('faults-lease');
let redis: Redis;
const leases: Lease[] = [];

beforeAll(() => {
  redis = connectRedis();
});
afterAll(async () => {
  await Promise.all(leases.map((l) => l.stop()));
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

function lease(key: string, onAcquired: () => void | Promise<void> = () => undefined, onLost: () => void = () => undefined): Lease {
  const made = new Lease({ redis, key, what: 'test', logger: silentLogger, ttlMs: 600, renewEveryMs: 50, onAcquired, onLost });
  leases.push(made);
  return made;
}

test('a holder that dies without releasing is replaced once its lease expires; never two holders', async () => {
  const key = `${prefix}:died`;
  const first = lease(key);
  const second = lease(key);
  await first.start();
  await second.start();
  expect([first.state, second.state]).toEqual(['holder', 'standby']);
  // The first replica's process dies: it stops renewing (its timer is gone) but never releases.
  (first as unknown as { stopped: boolean }).stopped = true;
  await eventually(() => second.state === 'holder', 'the take-over', 3000);
  expect(await redis.get(key)).toBe(second.token);
});

test('a holder that cannot start consuming gives the lease back, and it is tried again', async () => {
  const key = `${prefix}:failing`;
  let tries = 0;
  const flaky = lease(key, () => {
    tries += 1;
    if (tries === 1) throw new Error('gateway refused the connection');
  });
  await flaky.start();
  expect(flaky.state).toBe('standby');
  expect(await redis.get(key)).toBeNull();
  await eventually(() => flaky.state === 'holder', 'the second try', 3000);
  expect(tries).toBe(2);
});
