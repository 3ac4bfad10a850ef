/**
 * One consumer per bot across replicas: a Redis lease that exactly one replica holds at a time, for the
 * platforms that pull (Telegram long polling: two pollers get 409 Conflict) or hold a gateway session (Discord:
 * two consumers would each receive every message).
 *
 * Every replica runs a `Lease`. A standby tries `SET key token NX PX ttl` every `renewEveryMs`; the holder renews
 * with a named script (core/scripts/lease-renew.lua: compare-and-PEXPIRE) at the same pace. The holder that stops
 * cleanly releases (compare-and-delete), so a standby takes over within one interval; a holder that dies is
 * replaced when its lease expires (at most `ttlMs` + one interval). A holder that cannot reach Redis to renew
 * gives up once its lease may have expired (`ttlMs` after its last renewal), so two replicas never consume at
 * once for longer than one renewal interval.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import { defineScripts, script, type ScriptFunctions } from '../../core/redis-scripts';

const SCRIPTS = {
  renew: script<number>()('lease-renew.lua', ['lease'], ['token', 'ttl']),
  release: script<number>()('lease-release.lua', ['lease'], ['token']),
};

export type LeaseState = 'holder' | 'standby';

export interface LeaseOptions {
  redis: Redis;
  /** The Redis key, e.g. `<prefix>:lease:telegram:<bot id>`. */
  key: string;
  /** For the log: `telegram.polling`… */
  what: string;
  logger: Logger;
  /** Lease time to live. Default 15 s. */
  ttlMs?: number;
  /** How often the holder renews and a standby tries to take over. Default a third of the ttl. */
  renewEveryMs?: number;
  /** This replica became the holder: start consuming. */
  onAcquired(): void | Promise<void>;
  /** This replica lost the lease (taken over, expired, Redis unreachable) or stopped: stop consuming. */
  onLost(): void | Promise<void>;
}

export class Lease {
  /** Unique per process and lease: which replica holds it is visible in Redis (`GET key`). */
  readonly token = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private current: LeaseState = 'standby';
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private renewedAt = 0;
  private stopped = true;
  private readonly scripts: ScriptFunctions<typeof SCRIPTS>;

  constructor(private readonly options: LeaseOptions) {
    this.scripts = defineScripts(options.redis, 'lease', join(__dirname, '../../core/scripts'), SCRIPTS);
  }

  get state(): LeaseState {
    return this.current;
  }

  private get ttlMs(): number {
    return this.options.ttlMs ?? 15_000;
  }

  /** Start trying (at once, then every interval). Resolves after the first try. */
  async start(): Promise<void> {
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), this.options.renewEveryMs ?? Math.floor(this.ttlMs / 3));
    this.timer.unref();
    await this.tick();
  }

  /** Stop trying; a holder stops consuming and releases the lease so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    if (this.current === 'holder') {
      await this.lose('stopped');
      await this.scripts.release({ lease: this.options.key }, { token: this.token }).catch(() => 0);
    }
  }

  /** One try; never runs twice at once. */
  tick(): Promise<void> {
    if (!this.ticking) {
      this.ticking = this.step().finally(() => {
        this.ticking = undefined;
      });
    }
    return this.ticking;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const { redis, key, logger, what } = this.options;
    const startedAt = Date.now();
    try {
      if (this.current === 'holder') {
        const renewed = await this.scripts.renew({ lease: key }, { token: this.token, ttl: this.ttlMs });
        if (renewed === 1) this.renewedAt = startedAt;
        else await this.lose('taken over by another replica');
      } else if ((await redis.set(key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK') {
        this.renewedAt = startedAt;
        this.current = 'holder';
        logger.info('lease.acquired', { what, token: this.token });
        try {
          await this.options.onAcquired();
        } catch (error) {
          // Could not start consuming (e.g. the gateway refused to connect): give the lease back so another
          // replica, or this one at the next interval, tries again.
          logger.error('lease.start_failed', { what, error });
          this.current = 'standby';
          await this.scripts.release({ lease: key }, { token: this.token }).catch(() => 0);
        }
      }
    } catch (error) {
      if (this.current === 'holder' && Date.now() - this.renewedAt >= this.ttlMs) await this.lose('could not renew (Redis unreachable)', error);
      else logger.warn('lease.try_failed', { what, state: this.current, error });
    }
  }

  private async lose(why: string, error?: unknown): Promise<void> {
    if (this.current !== 'holder') return;
    this.current = 'standby';
    this.options.logger.warn('lease.lost', { what: this.options.what, why, error });
    try {
      await this.options.onLost();
    } catch (failure) {
      this.options.logger.error('lease.on_lost_failed', { what: this.options.what, error: failure });
    }
  }
}
