/**
 * The write side of admin/metrics.ts, off the message path: what the core reports is counted here in memory and
 * written to Redis in one flush (every second, and on shutdown), instead of a script call and a pipeline per
 * message. A flush is two pipelines: the conversations' steps (scripts/conversation-step.lua, one call per step,
 * in the order they happened, since each step's outcome depends on the one before), then every day counter those
 * steps and the events produced (HINCRBY + EXPIRE per day). Flushes run one after another.
 */
import type Redis from 'ioredis';
import type { Logger } from '../core/log';

export type ConversationStep = 'turn' | 'answer' | 'thanks' | 'handoff';

export interface MetricsBatchOptions {
  redis: Redis;
  /** `<keyPrefix>:metrics`. */
  base: string;
  /** The ioredis command of conversation-step.lua, defined on this connection (defineScripts names it). */
  stepCommand: string;
  gapSeconds: number;
  keepSeconds: () => number;
  logger: Logger;
  /** Told of each conversation started and each confirmed outcome (Prometheus counters). */
  onStep: (started: boolean, confirmed: boolean) => void;
}

type StepPipeline = Record<string, (...args: (string | number)[]) => unknown> & { exec(): Promise<[Error | null, unknown][] | null> };

export class MetricsBatch {
  private readonly steps: { address: string; step: ConversationStep; today: string; reason: string }[] = [];
  private readonly days = new Map<string, Record<string, number>>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: MetricsBatchOptions) {}

  step(address: string, step: ConversationStep, today: string, reason = ''): void {
    this.steps.push({ address, step, today, reason });
  }

  count(day: string, fields: Record<string, number>): void {
    let counts = this.days.get(day);
    if (!counts) this.days.set(day, (counts = {}));
    for (const [field, by] of Object.entries(fields)) counts[field] = (counts[field] ?? 0) + by;
  }

  /** Write everything counted so far; resolves once it is in Redis. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.write());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    const { redis, base, logger } = this.options;
    const steps = this.steps.splice(0);
    if (steps.length) {
      const pipeline = redis.pipeline() as unknown as StepPipeline;
      for (const s of steps) pipeline[this.options.stepCommand](`${base}:conv:${s.address}`, s.step, s.today, this.options.gapSeconds);
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([error, reply], i) => {
        if (error) return logger.warn('metrics.step_failed', { address: steps[i].address, error });
        const [day, started, outcome] = reply as [string, number, string];
        const counts: Record<string, number> = {};
        if (started === 1) counts.conversations = 1;
        if (outcome === 'confirmed') counts.bot_confirmed = 1;
        if (outcome === 'handed_off') Object.assign(counts, { handoffs: 1, [`handoff:${steps[i].reason}`]: 1 });
        if (Object.keys(counts).length) this.count(day, counts);
        this.options.onStep(started === 1, outcome === 'confirmed');
      });
    }
    if (!this.days.size) return;
    const days = [...this.days];
    this.days.clear();
    const pipeline = redis.pipeline();
    for (const [day, fields] of days) {
      const key = `${base}:day:${day}`;
      for (const [field, by] of Object.entries(fields)) pipeline.hincrby(key, field, by);
      pipeline.expire(key, this.options.keepSeconds());
    }
    await pipeline.exec();
  }
}
