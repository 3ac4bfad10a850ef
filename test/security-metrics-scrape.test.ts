/**
 * Issue 14 #6: /metrics is behind the admin token (or on METRICS_PORT, on 127.0.0.1 only), and a scrape does a
 * bounded, small amount of Redis work however many handoff records exist: the Redis-derived figures are cached and
 * refreshed at most every 15 s, and concurrent scrapes share one refresh.
 */
import { networkInterfaces } from 'node:os';
import type Redis from 'ioredis';
import { registerAdmin } from '../admin/api';
import { SupportMetrics } from '../admin/metrics';
import { silentLogger } from '../core/log';
import { WebhookServer } from '../server/http-server';
import { ADMIN_TOKEN, startAdmin, type AdminFixture } from './helpers/admin-fixture';
import { connectRedis } from './helpers/redis';

const RECORDS = 1000;
let f: AdminFixture;
let monitor: Redis;
let monitoring: Redis;
/** Every command Redis runs on this test's keys (any client) while recording, but the channel switches' own poll. */
const seen: string[] = [];
let recording = false;

beforeAll(async () => {
  f = await startAdmin();
  const t0 = Date.now() - 3600_000;
  for (let i = 0; i < RECORDS; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        f.records.open({ address: `telegram:m-${i + j}`, customer: { id: `c${i + j}`, displayName: 'M' }, reason: 'asked_for_person', transcript: [], requestedAt: new Date(t0) }, new Date(t0)),
      ),
    );
  }
  monitor = connectRedis();
  monitoring = await monitor.monitor();
  monitoring.on('monitor', (_time: string, args: string[]) => {
    if (recording && args.some((a) => a.includes(f.prefix)) && !args.some((a) => a.includes(`${f.prefix}:channels:`))) seen.push(args[0].toLowerCase());
  });
}, 120_000);
afterAll(async () => {
  monitoring.disconnect();
  monitor.disconnect();
  await f.close();
});

/** The commands Redis ran on our keys during `work`; a PING through the monitor marks the end. */
async function redisCommandsDuring(work: () => Promise<unknown>): Promise<string[]> {
  seen.length = 0;
  recording = true;
  await work();
  const marker = `${f.prefix}:end-marker`;
  await f.redis.get(marker);
  const deadline = Date.now() + 5000;
  while (!seen.includes('get') || seen[seen.length - 1] !== 'get') {
    if (Date.now() > deadline) throw new Error('the monitor did not see the marker');
    await new Promise((r) => setImmediate(r));
  }
  recording = false;
  return seen.slice(0, -1);
}

const scrape = (token: string | null = ADMIN_TOKEN) => f.call('GET', '/metrics', undefined, token);

test('without the token or with a wrong one → 401; with it → the exposition', async () => {
  expect((await scrape(null)).status).toBe(401);
  expect((await scrape('wrong-token')).status).toBe(401);
  const ok = await scrape();
  expect(ok.status).toBe(200);
  expect(ok.data).toContain(`support_handoffs_waiting ${RECORDS}`);
});

test(`with ${RECORDS} handoff records a scrape does a small constant amount of Redis work; 200 concurrent scrapes share one refresh`, async () => {
  // A new replica: its first scrapes find the aggregates stale, so they refresh (once for all of them).
  const replica = new SupportMetrics({ redis: f.redis, keyPrefix: f.prefix, records: f.records, logger: silentLogger });
  const cold = await redisCommandsDuring(() => Promise.all(Array.from({ length: 200 }, () => replica.prometheus())));
  expect(cold.filter((c) => c === 'zcard')).toHaveLength(1); // the waiting gauge, once
  expect(cold.filter((c) => c === 'zrangebyscore')).toHaveLength(1); // the handoff-time sweep, once
  // Warm: a scrape within the refresh window touches Redis not at all, whatever the number of records.
  const warm = await redisCommandsDuring(() => scrape());
  expect(warm).toEqual([]);
  const warmMany = await redisCommandsDuring(() => Promise.all(Array.from({ length: 200 }, () => scrape())));
  expect(warmMany).toEqual([]);
});

test('METRICS_PORT: /metrics on its own server on 127.0.0.1, without a token, and not on the main port', async () => {
  const main = new WebhookServer({ logger: silentLogger });
  const side = new WebhookServer({ logger: silentLogger });
  registerAdmin({ server: main, metricsServer: side, token: ADMIN_TOKEN, core: f.core, channels: f.switches, knowledge: f.knowledge, records: f.records, metrics: f.metrics, logger: silentLogger });
  const mainPort = await main.listen(0);
  const sidePort = await side.listen(0, '127.0.0.1');
  try {
    const local = await fetch(`http://127.0.0.1:${sidePort}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain('support_handoffs_waiting');
    const onMain = await fetch(`http://127.0.0.1:${mainPort}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(onMain.status).toBe(404);
    // Another interface of this machine does not reach it.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) await expect(fetch(`http://${external.address}:${sidePort}/metrics`)).rejects.toThrow();
  } finally {
    await side.close();
    await main.close();
  }
});
