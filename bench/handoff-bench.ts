/**
 * Handoff benchmark, for `npm run bench`: the real queue, worker and Slack staff desk against the local fake
 * Slack Web API (fakes/fake-slack.ts), on the configured Redis.
 *
 *   page_p50_ms / page_p99_ms  handoff requested → page posted and recorded, one handoff at a time
 *   queued / paged / doubled   1,000 handoffs requested at once (each asked twice): distinct handoffs opened,
 *                              handoffs whose page was posted, handoffs paged more than once (must be 0)
 */
import Redis from 'ioredis';
import { silentLogger } from '../core/log';
import type { HandoffRequest } from '../core/types';
import type { HandoffConfig } from '../handoff/config';
import type { HandoffCore } from '../handoff/desk';
import { createHandoff } from '../handoff/index';
import { createSlackStaffSide } from '../adapters/slack/staff-side';
import { FakeSlack } from '../fakes/fake-slack';

export interface HandoffBenchResult {
  page_p50_ms: number;
  page_p99_ms: number;
  queued: number;
  paged: number;
  doubled: number;
}

export interface HandoffBenchOptions {
  redisUrl?: string;
  latencySamples?: number;
  bulk?: number;
  /** Give up waiting for the bulk pages after this long (then `paged` < `queued` shows the loss). */
  timeoutMs?: number;
}

/** The benchmark only pages: nobody claims, so the core is never called back. */
const notClaiming: HandoffCore = {
  markClaimed: () => Promise.reject(new Error('The handoff benchmark does not claim conversations.')),
  relayAgentMessage: () => Promise.reject(new Error('The handoff benchmark does not relay.')),
  handBack: () => Promise.reject(new Error('The handoff benchmark does not hand back.')),
};

export async function runHandoffBench(options: HandoffBenchOptions = {}): Promise<HandoffBenchResult> {
  const latencySamples = options.latencySamples ?? 200;
  const bulk = options.bulk ?? 1000;
  const suffix = Math.random().toString(36).slice(2, 10);
  const keyPrefix = `bench-handoff-${suffix}`;
  const redis = new Redis(options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const slack = new FakeSlack();
  await slack.start();
  const config: HandoffConfig = {
    queueName: `handoff-bench-${suffix}`,
    repageAfterMs: 3600_000,
    escalateAfterMs: 3600_000,
    redact: true,
    recordRetentionSeconds: 3600,
    transcriptLines: 8,
    runWorker: true,
    slack: { botToken: 'xoxb-bench', signingSecret: 'bench', staffChannel: 'CBENCH', apiUrl: slack.url },
  };
  const pagedAt = new Map<string, number>();
  const handoff = createHandoff({
    redis,
    keyPrefix,
    logger: silentLogger,
    config,
    staff: createSlackStaffSide({ config: config.slack!, redis, logger: silentLogger, retries: 0 }),
    worker: {
      concurrency: 32,
      onPaged: (id) => pagedAt.set(id, performance.now()),
    },
  });
  await handoff.start(notClaiming);
  const request = (n: number): HandoffRequest => ({
    address: `bench:${suffix}-${n}`,
    customer: { id: `c${n}`, displayName: `Customer ${n}` },
    reason: 'asked_for_person',
    detail: 'benchmark',
    transcript: [
      { from: 'customer', text: 'my card 4111 1111 1111 1111 was charged twice', at: new Date().toISOString() },
      { from: 'customer', text: 'I want a real person', at: new Date().toISOString() },
    ],
    requestedAt: new Date(),
  });

  try {
    // Latency, one handoff at a time.
    const latencies: number[] = [];
    for (let i = 0; i < latencySamples; i++) {
      const started = performance.now();
      const r = request(i);
      await handoff.port.requestHandoff(r);
      const id = (await handoff.records.openIdFor(r.address))!;
      // The page time is taken by the worker's callback, so this polling does not blur the measurement.
      const deadline = Date.now() + 10_000;
      while (!pagedAt.has(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      latencies.push((pagedAt.get(id) ?? performance.now()) - started);
    }
    latencies.sort((a, b) => a - b);

    // Volume: many at once, each asked twice, none lost or doubled.
    const base = latencySamples;
    await Promise.all(
      Array.from({ length: bulk }, async (_, i) => {
        const r = request(base + i);
        await Promise.all([handoff.port.requestHandoff(r), handoff.port.requestHandoff(r)]);
      }),
    );
    const ids = new Set<string>();
    for (let i = 0; i < bulk; i++) {
      const id = await handoff.records.openIdFor(request(base + i).address);
      if (id) ids.add(id);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while ([...ids].some((id) => !pagedAt.has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const pagesPerHandoff = new Map<string, number>();
    for (const message of slack.messages) {
      const payload = message.metadata?.event_payload;
      if (payload?.kind === 'page' && ids.has(String(payload.handoff_id))) pagesPerHandoff.set(String(payload.handoff_id), (pagesPerHandoff.get(String(payload.handoff_id)) ?? 0) + 1);
    }
    return {
      page_p50_ms: round(percentile(latencies, 0.5)),
      page_p99_ms: round(percentile(latencies, 0.99)),
      queued: ids.size,
      paged: pagesPerHandoff.size,
      doubled: [...pagesPerHandoff.values()].filter((count) => count > 1).length,
    };
  } finally {
    await handoff.stop();
    await handoff.queue.obliterate({ force: true }).catch(() => undefined);
    const cleaner = new Redis(options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    let cursor = '0';
    do {
      const [next, keys] = await cleaner.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 1000);
      if (keys.length) await cleaner.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    cleaner.disconnect();
    await slack.stop();
    redis.disconnect();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (require.main === module) {
  runHandoffBench()
    .then((result) => {
      process.stdout.write(JSON.stringify({ handoff: result }) + '\n');
    })
    .catch((err) => {
      process.stderr.write(`handoff bench failed: ${(err as Error).stack}\n`);
      process.exitCode = 1;
    });
}
