/**
 * The per-customer rate limit, checked once a message is known to be new (after the duplicate check, so a
 * platform redelivering one message does not use up the customer's allowance; issue 14 #5): at most
 * `max` messages per `windowMs` per conversation address (CUSTOMER_RATE_LIMIT, default `20/10s`). Over it, the
 * first excess message gets one polite "you're sending messages very fast" reply and later ones none; every
 * message is still recorded in the transcript and relayed to staff when a person is involved (core/turn-pipeline.ts).
 *
 * The counter is a port: Redis in production (one small script, INCR + PEXPIRE in one step: core/scripts/rate-hit.lua),
 * memory for tests and try-outs.
 */
import { join } from 'node:path';
import type Redis from 'ioredis';
import { defineScripts, script } from './redis-scripts';
import type { ConversationAddress } from './types';

export interface RateCounter {
  /** Count one message for `key` in its current window; resolves with the count so far (this one included). */
  hit(key: string, windowMs: number): Promise<number>;
}

export interface CustomerRateLimit {
  max: number;
  windowMs: number;
}

/** `ok`: answer as usual; `first_excess`: one polite reply; `excess`: recorded and relayed, no reply. */
export type RateVerdict = 'ok' | 'first_excess' | 'excess';

export class CustomerRateLimiter {
  constructor(
    private readonly counter: RateCounter,
    readonly limit: CustomerRateLimit,
  ) {}

  async check(address: ConversationAddress): Promise<RateVerdict> {
    const count = await this.counter.hit(address, this.limit.windowMs);
    if (count <= this.limit.max) return 'ok';
    return count === this.limit.max + 1 ? 'first_excess' : 'excess';
  }
}

/** `20/10s`, `5/1m`, `100/500ms`; `off` → undefined. Throws a message naming the expected form. */
export function parseRateLimit(spec: string): CustomerRateLimit | undefined {
  if (spec.trim().toLowerCase() === 'off') return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*(ms|s|m)?\s*$/i.exec(spec);
  const max = match ? Number(match[1]) : NaN;
  const amount = match ? Number(match[2]) : NaN;
  const unit = (match?.[3] ?? 's').toLowerCase();
  const windowMs = amount * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000);
  if (!match || max < 1 || windowMs < 100 || windowMs > 3_600_000) throw new Error(`must be <messages>/<window> such as 20/10s (window 100ms to 60m), or off`);
  return { max, windowMs };
}

/** For tests and try-outs (one process): fixed windows kept in a map. */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<number> {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
      this.windows.set(key, { count: 1, endsAt: now + windowMs });
      return 1;
    }
    window.count += 1;
    return window.count;
  }
}

const SCRIPTS = {
  hit: script<number>()('rate-hit.lua', ['counter'], ['windowMs']),
};

/** Production: one counter per conversation in Redis, shared by every replica. */
export class RedisRateCounter implements RateCounter {
  private readonly scripts;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    this.scripts = defineScripts(redis, 'rate', join(__dirname, 'scripts'), SCRIPTS);
  }

  async hit(address: string, windowMs: number): Promise<number> {
    return this.scripts.hit({ counter: `${this.keyPrefix}:rate:{${this.keyPrefix}:conv:${address}}` }, { windowMs });
  }
}
