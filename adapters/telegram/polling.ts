/**
 * Telegram long polling that does not go deaf: grammY's runner (concurrent updates; the adapter adds
 * `sequentialize` per chat, so one chat's updates stay in order while other chats run alongside), restarted with
 * backoff whenever it stops — a 409 Conflict (another poller took over: a second replica, a deploy), a network
 * failure longer than the runner's own retries, a 401 — and, with a lease, run only by the replica holding the
 * bot's Redis lease (adapters/shared/lease.ts); the others report `standby` and take over when the holder stops.
 */
import { GrammyError, type Bot } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type Redis from 'ioredis';
import type { Logger } from '../../core/log';
import { Lease } from '../shared/lease';

/** `polling`: getUpdates running here; `restarting`: waiting to poll again after a failure; `standby`: another replica polls. */
export type PollingState = 'starting' | 'polling' | 'restarting' | 'standby' | 'stopped';

export interface TelegramPollerOptions {
  bot: Bot;
  logger: Logger;
  /** Long-polling timeout in seconds. Default 30. */
  timeoutSeconds?: number;
  /** How long the runner itself retries failing getUpdates calls before it stops and we restart it. Default 60 s. */
  retryForMs?: number;
  /** First delay before a restart; doubles up to `maxRestartDelayMs`. Default 1 s. */
  restartDelayMs?: number;
  /** Default 60 s. */
  maxRestartDelayMs?: number;
  /** One poller per bot across replicas. */
  lease?: { redis: Redis; key: string; ttlMs?: number; renewEveryMs?: number };
  /** What went wrong, without secrets. */
  describe(error: unknown): string;
  /** Told on every state change (health). */
  onState?(state: PollingState, detail?: string): void;
}

export class TelegramPoller {
  private current: PollingState = 'starting';
  private runner?: RunnerHandle;
  private loop?: Promise<void>;
  private wanted = false;
  private wake?: () => void;
  private lease?: Lease;

  constructor(private readonly options: TelegramPollerOptions) {}

  get state(): PollingState {
    return this.current;
  }

  async start(): Promise<void> {
    const { lease, logger } = this.options;
    if (!lease) {
      this.begin();
      return;
    }
    this.set('standby', 'waiting for the polling lease');
    this.lease = new Lease({ ...lease, what: 'telegram.polling', logger, onAcquired: () => this.begin(), onLost: () => this.end() });
    await this.lease.start();
    if (this.current === 'standby') logger.info('telegram.standby', { why: 'another replica holds the polling lease', key: lease.key });
  }

  async stop(): Promise<void> {
    if (this.lease) await this.lease.stop();
    await this.end();
    this.set('stopped');
  }

  private begin(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.set('starting');
    this.loop = this.pollUntilStopped();
  }

  /** Stop polling here; updates already being handled finish. */
  private async end(): Promise<void> {
    this.wanted = false;
    this.wake?.();
    const runner = this.runner;
    if (runner?.isRunning()) await runner.stop();
    await this.loop;
    if (this.current !== 'stopped') this.set('standby');
  }

  private async pollUntilStopped(): Promise<void> {
    const { bot, logger } = this.options;
    const base = this.options.restartDelayMs ?? 1000;
    let delay = base;
    while (this.wanted) {
      const startedAt = Date.now();
      let failure: unknown;
      try {
        // The runner does not delete a webhook as bot.start() does: long polling and a webhook cannot both be active.
        await bot.api.deleteWebhook();
        if (!this.wanted) break; // stopped meanwhile (end() saw no runner to stop)
        this.runner = run(bot, {
          runner: {
            fetch: { timeout: this.options.timeoutSeconds ?? 30, allowed_updates: ['message', 'callback_query'] },
            retryInterval: 'exponential',
            maxRetryTime: this.options.retryForMs ?? 60_000,
            silent: true,
          },
        });
        this.set('polling');
        logger.info('telegram.polling', { bot: bot.botInfo.username });
        await this.runner.task();
      } catch (error) {
        failure = error;
      }
      if (!this.wanted) break;
      const conflict = failure instanceof GrammyError && failure.error_code === 409;
      if (Date.now() - startedAt > 30_000) delay = base; // it had been running fine: start over gently
      const why = failure ? this.options.describe(failure) : 'the runner stopped';
      logger.error('telegram.polling_stopped', {
        error: why,
        restartInMs: delay,
        fix: conflict
          ? 'another process is polling with the same TELEGRAM_BOT_TOKEN: give every replica the same Redis (one poller per bot holds the lease), or use TELEGRAM_WEBHOOK_URL'
          : 'check TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT and the network',
      });
      this.set('restarting', why);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay * (0.8 + Math.random() * 0.4));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      delay = Math.min(delay * 2, this.options.maxRestartDelayMs ?? 60_000);
    }
  }

  private set(state: PollingState, detail?: string): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onState?.(state, detail);
  }
}
