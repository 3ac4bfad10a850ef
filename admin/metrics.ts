/**
 * How support is doing, from what the core reports (CoreEvents) and the handoff records, shared by every replica
 * through Redis, and exported for Prometheus (prom-client) with the same figures.
 *
 * "Resolved by the bot" counts only conversations the customer confirmed (thanks or goodbye after an answer,
 * without a handoff). Conversations the bot answered that were neither confirmed nor handed off are reported
 * apart as unconfirmed: nothing is assumed resolved.
 */
import type Redis from 'ioredis';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { percentile } from '../core/evaluation';
import type { Logger } from '../core/log';
import type { CoreEvent } from '../core/support-core';
import type { HandoffRecords } from '../handoff/records';

export interface MetricsSummary {
  conversations: { total: number; perDay: { day: string; count: number }[] };
  decisions: Record<string, number>;
  bot: { answered: number; resolvedConfirmed: number; unconfirmed: number; resolvedShare: number };
  handoffs: { total: number; rate: number; reasons: Record<string, number> };
  timeToClaimSeconds: { median?: number; p90?: number; samples: number };
  resolutionSeconds: { median?: number; p90?: number; samples: number };
  ratings: { count: number; average?: number; distribution: Record<string, number> };
  loopsCaught: number;
}

export interface SupportMetricsOptions {
  redis: Redis;
  keyPrefix: string;
  records: HandoffRecords;
  logger: Logger;
  /** Days of per-day conversation counts kept. Default 30. */
  keepDays?: number;
}

const DAY = 24 * 3600;

export class SupportMetrics {
  readonly registry = new Registry();
  private readonly counters: string;
  private readonly decisions = new Counter({ name: 'support_decisions_total', help: 'Bot decisions by kind', labelNames: ['kind'], registers: [this.registry] });
  private readonly handoffs = new Counter({ name: 'support_handoffs_total', help: 'Handoffs to a person by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly loops = new Counter({ name: 'support_loops_caught_total', help: 'Repeated questions sent to a person instead of answered again', registers: [this.registry] });
  private readonly ratings = new Counter({ name: 'support_ratings_total', help: 'Customer ratings after a handoff, by value', labelNames: ['rating'], registers: [this.registry] });
  private readonly confirmed = new Counter({ name: 'support_bot_resolved_confirmed_total', help: 'Conversations the customer confirmed the bot resolved', registers: [this.registry] });
  private readonly decisionSeconds = new Histogram({
    name: 'support_decision_seconds',
    help: 'Time to decide one customer turn',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    registers: [this.registry],
  });

  constructor(private readonly options: SupportMetricsOptions) {
    this.counters = `${options.keyPrefix}:metrics:counters`;
    const self = this;
    new Gauge({
      name: 'support_time_to_claim_seconds',
      help: 'Time from handoff to claim over recent handoffs (median and p90)',
      labelNames: ['quantile'],
      registers: [this.registry],
      async collect() {
        const s = await self.summary();
        if (s.timeToClaimSeconds.median !== undefined) this.set({ quantile: '0.5' }, s.timeToClaimSeconds.median);
        if (s.timeToClaimSeconds.p90 !== undefined) this.set({ quantile: '0.9' }, s.timeToClaimSeconds.p90);
      },
    });
    new Gauge({
      name: 'support_resolution_seconds',
      help: 'Time from handoff to resolution over recent handoffs (median and p90)',
      labelNames: ['quantile'],
      registers: [this.registry],
      async collect() {
        const s = await self.summary();
        if (s.resolutionSeconds.median !== undefined) this.set({ quantile: '0.5' }, s.resolutionSeconds.median);
        if (s.resolutionSeconds.p90 !== undefined) this.set({ quantile: '0.9' }, s.resolutionSeconds.p90);
      },
    });
    new Gauge({
      name: 'support_handoffs_waiting',
      help: 'Customers waiting for a person now',
      registers: [this.registry],
      async collect() {
        this.set((await self.options.records.listActive()).filter((r) => r.status === 'waiting').length);
      },
    });
  }

  /** Feed every CoreEvent here (SupportCore's onEvent). Never throws: metrics must not break a conversation. */
  onEvent(event: CoreEvent): void {
    void this.record(event).catch((error) => this.options.logger.warn('metrics.record_failed', { error }));
  }

  private async record(event: CoreEvent): Promise<void> {
    const { redis, keyPrefix } = this.options;
    if (event.type === 'decision') {
      const { decision } = event;
      this.decisions.inc({ kind: decision.kind });
      this.decisionSeconds.observe(event.ms / 1000);
      const day = new Date().toISOString().slice(0, 10);
      const dayKey = `${keyPrefix}:metrics:conversations:${day}`;
      const pipeline = redis.pipeline().hincrby(this.counters, `decision:${decision.kind}`, 1).pfadd(dayKey, event.address).expire(dayKey, (this.options.keepDays ?? 30) * DAY);
      if (decision.kind === 'handoff' && decision.reason === 'repeated_question') {
        this.loops.inc();
        pipeline.hincrby(this.counters, 'loops_caught', 1);
      }
      await pipeline.exec();
      const answeredKey = `${keyPrefix}:metrics:answered:${event.address}`;
      if (decision.kind === 'answer' && (await redis.set(answeredKey, '1', 'EX', DAY, 'NX')) === 'OK') {
        await redis.hincrby(this.counters, 'bot_answered', 1);
      }
      if (decision.kind === 'small_talk' && decision.smallTalk !== 'greeting' && (await redis.del(answeredKey)) === 1) {
        this.confirmed.inc();
        await redis.hincrby(this.counters, 'bot_resolved_confirmed', 1);
      }
    } else if (event.type === 'handoff_requested') {
      this.handoffs.inc({ reason: event.reason });
      await redis.hincrby(this.counters, `handoff:${event.reason}`, 1);
      if ((await redis.del(`${keyPrefix}:metrics:answered:${event.address}`)) === 1) await redis.hincrby(this.counters, 'answered_then_handed_off', 1);
    } else if (event.type === 'rated') {
      this.ratings.inc({ rating: String(event.rating) });
    }
  }

  async summary(days = 14): Promise<MetricsSummary> {
    const { redis, keyPrefix } = this.options;
    const counters = Object.fromEntries(Object.entries(await redis.hgetall(this.counters)).map(([k, v]) => [k, Number(v)]));
    const dayNames = Array.from({ length: days }, (_, i) => new Date(Date.now() - (days - 1 - i) * DAY * 1000).toISOString().slice(0, 10));
    const perDayCounts = await Promise.all(dayNames.map((day) => redis.pfcount(`${keyPrefix}:metrics:conversations:${day}`)));
    const total = dayNames.length ? await redis.pfcount(...dayNames.map((d) => `${keyPrefix}:metrics:conversations:${d}`)) : 0;

    const decisions: Record<string, number> = {};
    const reasons: Record<string, number> = {};
    for (const [key, value] of Object.entries(counters)) {
      if (key.startsWith('decision:')) decisions[key.slice(9)] = value;
      if (key.startsWith('handoff:')) reasons[key.slice(8)] = value;
    }
    const handoffsTotal = Object.values(reasons).reduce((a, b) => a + b, 0);
    const answered = counters.bot_answered ?? 0;
    const resolvedConfirmed = counters.bot_resolved_confirmed ?? 0;

    const records = await this.options.records.listRecent(1000);
    const seconds = (from?: Date, to?: Date) => (from && to ? (to.getTime() - from.getTime()) / 1000 : undefined);
    const sorted = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    const claims = sorted(records.map((r) => seconds(r.pageAt, r.claimedAt)));
    const resolutions = sorted(records.filter((r) => r.status === 'resolved').map((r) => seconds(r.queuedAt, r.closedAt)));
    const rated = records.map((r) => r.rating).filter((r): r is number => typeof r === 'number');
    const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const r of rated) distribution[String(r)] += 1;
    const quantiles = (list: number[]) => ({
      median: list.length ? round(percentile(list, 0.5)) : undefined,
      p90: list.length ? round(percentile(list, 0.9)) : undefined,
      samples: list.length,
    });

    return {
      conversations: { total, perDay: dayNames.map((day, i) => ({ day, count: perDayCounts[i] })) },
      decisions,
      bot: {
        answered,
        resolvedConfirmed,
        unconfirmed: Math.max(0, answered - resolvedConfirmed - (counters.answered_then_handed_off ?? 0)),
        resolvedShare: total ? round(resolvedConfirmed / total) : 0,
      },
      handoffs: { total: handoffsTotal, rate: total ? round(handoffsTotal / total) : 0, reasons },
      timeToClaimSeconds: quantiles(claims),
      resolutionSeconds: quantiles(resolutions),
      ratings: { count: rated.length, average: rated.length ? round(rated.reduce((a, b) => a + b, 0) / rated.length) : undefined, distribution },
      loopsCaught: counters.loops_caught ?? 0,
    };
  }

  /** Prometheus text exposition for GET /metrics. */
  async prometheus(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
