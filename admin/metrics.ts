/**
 * How support is doing, from what the core reports (CoreEvents) and the handoff records, shared by every replica
 * through Redis, and exported for Prometheus (prom-client) with the same figures.
 *
 * A conversation (for metrics) starts with the bot's first decision for an address and ends with one outcome:
 *   confirmed   the customer confirmed the bot helped: thanks or goodbye after an answer
 *   handed_off  a person was asked for (any reason; see the reasons)
 *   neither     the customer went quiet (abandoned) or is still talking; kept apart, never assumed resolved
 * After an outcome, or `conversationGapSeconds` of silence, the next turn starts a new conversation. Every
 * conversation-level figure is counted on the day the conversation started, so shares and rates per day add up.
 * What each figure counts, in plain words, is one table (./metrics-definitions.ts) shown by the page and the CLI.
 *
 * Redis keys (under `{keyPrefix}:metrics`):
 *   day:{YYYY-MM-DD}   hash of that day's counters (conversations, bot_confirmed, handoffs, handoff:{reason},
 *                      decision:{kind}, loops_caught, rating:{1..5}), kept `keepDays`
 *   conv:{address}     "{start day}|{state}" of the conversation under way (state: open, answered, ended)
 *   seen:{claim|resolution}:{handoff id}   marks a handoff time observed by a Prometheus histogram, so each one
 *                      is observed by exactly one replica and the replicas' histograms add up
 * Time to claim and resolution time come from the handoff records (handoff/records.ts).
 * Redis Cluster: the one script (scripts/conversation-step.lua) touches only the conversation's key; the day's
 * counters are then bumped on the start day it returns (a key it could not name in advance). The summary's
 * pipeline (several day keys) and the sweep's pipeline (several seen keys) span slots: each command stands alone
 * and nothing there needs to be atomic, but on Redis Cluster they must be sent per slot (ioredis's Cluster client
 * refuses a pipeline across slots).
 *
 * Prometheus: every replica counts the events it handled (counters; Prometheus sums the replicas); the time
 * histograms are observed once per handoff by whichever replica is scraped first after the claim or resolution.
 */
import { join } from 'node:path';
import type Redis from 'ioredis';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { percentile } from '../core/evaluation';
import type { Logger } from '../core/log';
import { defineScripts, script } from '../core/redis-scripts';
import { MetricsBatch } from './metrics-batch';
import { CONVERSATION_GAP_SECONDS } from './metrics-definitions';
import { RefreshedAggregates } from './metrics-cache';
import type { CoreEvent } from '../core/support-core';
import type { HandoffRecord, HandoffRecords } from '../handoff/records';

export interface DayFigures {
  day: string;
  conversations: number;
  botResolved: number;
  handoffs: number;
  /** Conversations with neither a confirmation nor a handoff (abandoned, or still under way). */
  neither: number;
  loopsCaught: number;
}

export interface Quantiles {
  median?: number;
  p90?: number;
  samples: number;
}

export interface MetricsSummary {
  window: { days: number; from: string; to: string };
  conversations: { total: number; perDay: { day: string; count: number }[] };
  perDay: DayFigures[];
  decisions: Record<string, number>;
  bot: {
    /** Conversations the customer confirmed the bot resolved (thanks or goodbye after an answer). */
    resolvedConfirmed: number;
    /** resolvedConfirmed / conversations. */
    resolvedShare: number;
    /** Conversations with neither a confirmation nor a handoff: abandoned (or still under way). Not resolved. */
    abandoned: number;
    abandonedShare: number;
  };
  handoffs: { total: number; rate: number; reasons: Record<string, number> };
  /** From the page (the request, or the next opening outside business hours) to a staff member's claim. */
  timeToClaimSeconds: Quantiles & { buckets: HistogramBucket[] };
  /** From the handoff request to staff resolving it. */
  resolutionSeconds: Quantiles & { buckets: HistogramBucket[] };
  ratings: { count: number; average?: number; distribution: Record<string, number> };
  loopsCaught: number;
}

export interface HistogramBucket {
  /** Upper bound in seconds; "+Inf" for the last (JSON has no Infinity). */
  le: number | '+Inf';
  count: number;
}

export interface SupportMetricsOptions {
  redis: Redis;
  keyPrefix: string;
  records: HandoffRecords;
  logger: Logger;
  /** Days of per-day counters kept in Redis. Default 90 (the longest window a summary can cover). */
  keepDays?: number;
  /** Silence after which the next turn counts as a new conversation. Default 30 min (CONVERSATION_GAP_SECONDS). */
  conversationGapSeconds?: number;
  /** How often counts kept in memory are written to Redis. Default 1000 ms. */
  flushMs?: number;
  /** Scrapes read Redis-derived figures (waiting, handoff times) refreshed at most this often. Default 15 s. */
  scrapeCacheSeconds?: number;
}

const DAY_SECONDS = 24 * 3600;
export const CLAIM_BUCKETS = [15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600];
/** Prometheus observes handoffs requested within this many days (one resolved later is not observed). */
const OBSERVE_DAYS = 7;
/** At most this many handoff records are read for one summary or scrape. */
const MAX_RECORDS = 20000;
export const RESOLUTION_BUCKETS = [60, 300, 600, 1800, 3600, 4 * 3600, DAY_SECONDS, 3 * DAY_SECONDS];

/** The ioredis command defineScripts names `metrics` + `_` + `conversationStep` (called on a pipeline in flushes). */
const STEP_COMMAND = 'metrics_conversationStep';
const SCRIPTS = {
  conversationStep: script<[string, number, string]>()('conversation-step.lua', ['conversation'], ['step', 'today', 'gap']),
};

export class SupportMetrics {
  readonly registry = new Registry();
  private readonly base: string;
  private readonly conversationsTotal = new Counter({ name: 'support_conversations_total', help: 'Conversations started (first bot decision)', registers: [this.registry] });
  private readonly confirmedTotal = new Counter({
    name: 'support_bot_resolved_confirmed_total',
    help: 'Conversations the customer confirmed the bot resolved (thanks or goodbye after an answer)',
    registers: [this.registry],
  });
  private readonly decisions = new Counter({ name: 'support_decisions_total', help: 'Bot decisions by kind', labelNames: ['kind'], registers: [this.registry] });
  private readonly handoffs = new Counter({ name: 'support_handoffs_total', help: 'Handoffs to a person by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly loops = new Counter({ name: 'support_loops_caught_total', help: 'Repeated questions sent to a person instead of answered again', registers: [this.registry] });
  private readonly ratings = new Counter({ name: 'support_ratings_total', help: 'Customer ratings after a person helped, by value', labelNames: ['rating'], registers: [this.registry] });
  private readonly decisionSeconds = new Histogram({
    name: 'support_decision_seconds',
    help: 'Time to decide one customer turn',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5],
    registers: [this.registry],
  });

  private readonly scripts;
  /** Counted in memory since the last flush (./metrics-batch.ts). */
  private readonly batch: MetricsBatch;
  private timer?: NodeJS.Timeout;
  /** What /metrics reads from Redis, cached: a scrape does O(1) Redis work (none while fresh). */
  private readonly aggregates: RefreshedAggregates;
  private waiting = 0;

  constructor(private readonly options: SupportMetricsOptions) {
    this.base = `${options.keyPrefix}:metrics`;
    this.scripts = defineScripts(options.redis, 'metrics', join(__dirname, 'scripts'), SCRIPTS);
    this.batch = new MetricsBatch({
      redis: options.redis,
      base: this.base,
      stepCommand: STEP_COMMAND,
      gapSeconds: options.conversationGapSeconds ?? CONVERSATION_GAP_SECONDS,
      keepSeconds: () => this.keepSeconds(),
      logger: options.logger,
      onStep: (started, confirmed) => {
        if (started) this.conversationsTotal.inc();
        if (confirmed) this.confirmedTotal.inc();
      },
    });
    const self = this;
    const claim = new Histogram({
      name: 'support_time_to_claim_seconds',
      help: 'From paging staff to a staff member claiming the handoff',
      buckets: CLAIM_BUCKETS,
      registers: [this.registry],
      async collect() {
        await self.aggregates.fresh();
      },
    });
    const resolution = new Histogram({
      name: 'support_resolution_seconds',
      help: 'From the handoff request to staff resolving it',
      buckets: RESOLUTION_BUCKETS,
      registers: [this.registry],
      async collect() {
        await self.aggregates.fresh();
      },
    });
    new Gauge({
      name: 'support_handoffs_waiting',
      help: 'Customers waiting for a person now',
      registers: [this.registry],
      async collect() {
        await self.aggregates.fresh();
        this.set(self.waiting);
      },
    });
    this.aggregates = new RefreshedAggregates(async () => {
      const [waiting] = await Promise.all([options.records.waitingCount(), this.sweep(claim, resolution)]);
      this.waiting = waiting;
    }, (options.scrapeCacheSeconds ?? 15) * 1000);
  }

  /**
   * Feed every CoreEvent here (SupportCore's onEvent). Never throws and never waits: metrics must not break or
   * slow a conversation. Events are counted in memory and written to Redis by a flush every `flushMs` (one
   * pipeline for the conversations' steps, one for the day counters), not per message; `close()` flushes the rest.
   */
  onEvent(event: CoreEvent): void {
    try {
      this.enqueue(event);
    } catch (error) {
      this.options.logger.warn('metrics.record_failed', { type: event.type, error });
      return;
    }
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush().catch((error) => this.options.logger.warn('metrics.flush_failed', { error })), this.options.flushMs ?? 1000);
      this.timer.unref();
    }
  }

  /** Record one event and flush: resolves once it is in Redis (tests and tools await this). */
  record(event: CoreEvent): Promise<void> {
    this.enqueue(event);
    return this.flush();
  }

  /** Stop the periodic flush and write what is still in memory (on shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Write what was counted since the last flush, in the order the core emitted it. */
  flush(): Promise<void> {
    return this.batch.flush();
  }

  private enqueue(event: CoreEvent): void {
    const today = dayOf(new Date());
    if (event.type === 'decision') {
      const { decision } = event;
      this.decisions.inc({ kind: decision.kind });
      this.decisionSeconds.observe(event.ms / 1000);
      const loop = decision.kind === 'handoff' && decision.reason === 'repeated_question';
      if (loop) this.loops.inc();
      const step = decision.kind === 'answer' ? 'answer' : decision.kind === 'small_talk' && decision.smallTalk !== 'greeting' ? 'thanks' : 'turn';
      this.batch.step(event.address, step, today);
      this.batch.count(today, { [`decision:${decision.kind}`]: 1, ...(loop ? { loops_caught: 1 } : {}) });
    } else if (event.type === 'handoff_requested') {
      this.handoffs.inc({ reason: event.reason });
      this.batch.step(event.address, 'handoff', today, event.reason);
    } else if (event.type === 'rated') {
      this.ratings.inc({ rating: String(event.rating) });
      this.batch.count(today, { [`rating:${event.rating}`]: 1 });
    }
  }

  /** Days of per-day counters kept: the longest window a summary can cover. */
  get keepDays(): number {
    return this.options.keepDays ?? 90;
  }

  private keepSeconds(): number {
    return this.keepDays * DAY_SECONDS;
  }

  /** The dashboard's figures over the last `days` days (today included). */
  async summary(days = 14, now = new Date()): Promise<MetricsSummary> {
    if (!Number.isInteger(days) || days < 1 || days > this.keepDays) {
      throw new RangeError(`days must be a whole number from 1 to ${this.keepDays} (the days metrics are kept)`);
    }
    await this.flush(); // this replica's counts still in memory
    const dayNames = Array.from({ length: days }, (_, i) => dayOf(new Date(now.getTime() - (days - 1 - i) * DAY_SECONDS * 1000)));
    const pipeline = this.options.redis.pipeline();
    for (const day of dayNames) pipeline.hgetall(`${this.base}:day:${day}`);
    const results = (await pipeline.exec()) ?? [];
    const perDayRaw = results.map(([error, value]) => {
      if (error) throw error;
      return Object.fromEntries(Object.entries(value as Record<string, string>).map(([k, v]) => [k, Number(v)])) as Record<string, number>;
    });

    const totals: Record<string, number> = {};
    for (const day of perDayRaw) for (const [k, v] of Object.entries(day)) totals[k] = (totals[k] ?? 0) + v;
    const pick = (prefix: string) =>
      Object.fromEntries(Object.entries(totals).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));

    const perDay: DayFigures[] = dayNames.map((day, i) => {
      const d = perDayRaw[i];
      const conversations = d.conversations ?? 0;
      const botResolved = d.bot_confirmed ?? 0;
      const handoffs = d.handoffs ?? 0;
      return { day, conversations, botResolved, handoffs, neither: Math.max(0, conversations - botResolved - handoffs), loopsCaught: d.loops_caught ?? 0 };
    });
    const conversations = totals.conversations ?? 0;
    const resolvedConfirmed = totals.bot_confirmed ?? 0;
    const handoffsTotal = totals.handoffs ?? 0;
    const abandoned = perDay.reduce((sum, d) => sum + d.neither, 0);
    const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    Object.assign(distribution, pick('rating:'));
    const ratingCount = Object.values(distribution).reduce((a, b) => a + b, 0);
    const ratingSum = Object.entries(distribution).reduce((sum, [value, n]) => sum + Number(value) * n, 0);

    // Handoff times from the records requested within the window.
    const records = await this.recordsQueuedSince(new Date(`${dayNames[0]}T00:00:00.000Z`));
    const claims = records.map(claimSeconds).filter(isNumber).sort((a, b) => a - b);
    const resolutions = records.map(resolutionSeconds).filter(isNumber).sort((a, b) => a - b);

    return {
      window: { days, from: dayNames[0], to: dayNames[dayNames.length - 1] },
      conversations: { total: conversations, perDay: perDay.map((d) => ({ day: d.day, count: d.conversations })) },
      perDay,
      decisions: pick('decision:'),
      bot: { resolvedConfirmed, resolvedShare: share(resolvedConfirmed, conversations), abandoned, abandonedShare: share(abandoned, conversations) },
      handoffs: { total: handoffsTotal, rate: share(handoffsTotal, conversations), reasons: pick('handoff:') },
      timeToClaimSeconds: { ...quantiles(claims), buckets: bucketsOf(claims, CLAIM_BUCKETS) },
      resolutionSeconds: { ...quantiles(resolutions), buckets: bucketsOf(resolutions, RESOLUTION_BUCKETS) },
      ratings: { count: ratingCount, average: ratingCount ? round(ratingSum / ratingCount) : undefined, distribution },
      loopsCaught: totals.loops_caught ?? 0,
    };
  }

  /** Prometheus text exposition for GET /metrics. */
  async prometheus(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Observe each claimed or resolved handoff once across replicas (a Redis mark per handoff decides who). Runs
   * only inside a refresh of `aggregates`: at most once per `scrapeCacheSeconds`, whatever the scrape rate.
   */
  private async sweep(claim: Histogram, resolution: Histogram): Promise<void> {
    const { redis } = this.options;
    const ttl = String(OBSERVE_DAYS * 2 * DAY_SECONDS);
    const records = await this.recordsQueuedSince(new Date(Date.now() - OBSERVE_DAYS * DAY_SECONDS * 1000));
    const todo: [HandoffRecord, 'claim' | 'resolution', number][] = [];
    for (const record of records) {
      const c = claimSeconds(record);
      const r = resolutionSeconds(record);
      if (c !== undefined) todo.push([record, 'claim', c]);
      if (r !== undefined) todo.push([record, 'resolution', r]);
    }
    if (!todo.length) return;
    const pipeline = redis.pipeline();
    for (const [record, kind] of todo) pipeline.set(`${this.base}:seen:${kind}:${record.id}`, '1', 'EX', ttl, 'NX');
    const results = (await pipeline.exec()) ?? [];
    todo.forEach(([, kind, seconds], i) => {
      if (results[i]?.[1] === 'OK') (kind === 'claim' ? claim : resolution).observe(seconds);
    });
  }

  /**
   * Handoff records requested since `since`, oldest first. Reads the records' own index (zset scored by request
   * time, see handoff/records.ts), as HandoffRecords.listRecent has no time bound.
   */
  private async recordsQueuedSince(since: Date): Promise<HandoffRecord[]> {
    const { records } = this.options;
    const ids = await records.redis.zrangebyscore(records.keys.index, since.getTime(), '+inf', 'LIMIT', 0, MAX_RECORDS);
    const found = await Promise.all(ids.map((id) => records.get(id)));
    return found.filter((r): r is HandoffRecord => r !== undefined);
  }
}

function claimSeconds(record: HandoffRecord): number | undefined {
  if (!record.claimedAt) return undefined;
  return Math.max(0, (record.claimedAt.getTime() - record.pageAt.getTime()) / 1000);
}

function resolutionSeconds(record: HandoffRecord): number | undefined {
  if (record.status !== 'resolved' || !record.closedAt) return undefined;
  return Math.max(0, (record.closedAt.getTime() - record.queuedAt.getTime()) / 1000);
}

function quantiles(sorted: number[]): Quantiles {
  return {
    median: sorted.length ? round(percentile(sorted, 0.5)) : undefined,
    p90: sorted.length ? round(percentile(sorted, 0.9)) : undefined,
    samples: sorted.length,
  };
}

function bucketsOf(values: number[], bounds: number[]): HistogramBucket[] {
  const buckets: HistogramBucket[] = [...bounds.map((le) => ({ le, count: 0 })), { le: '+Inf' as const, count: 0 }];
  for (const v of values) buckets.find((b) => b.le === '+Inf' || v <= b.le)!.count += 1;
  return buckets;
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined;
}

function share(part: number, whole: number): number {
  return whole ? round(part / whole) : 0;
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
