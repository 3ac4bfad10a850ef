/**
 * Dead letters: customer messages a gateway or polling platform handed over (Discord, Telegram long polling, Slack
 * after its early ack) that the core could not take after every retry. They are parked here instead of dropped,
 * for staff to follow up: one Redis list per platform, newest first, with the message, the error and the time;
 * `support_dead_letters_total{platform}` counts them for an alert (any increase means a customer waits for an
 * answer that never came); `GET /admin/api/dead-letters` lists them.
 *
 * Redis keys: `{keyPrefix}:dead-letters:{platform}` — a list of JSON entries, capped at `maxPerPlatform`.
 * Implements the adapters' `DeadLetterSink` (adapters/shared/deliver.ts) structurally; bin/ wires it in.
 */
import type Redis from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../core/log';
import { PLATFORMS } from '../core/platforms';

export interface DeadLetterEntry {
  platform: string;
  message: { id: string; address: string; text: string; customer?: { id: string; displayName: string } };
  error: string;
  at: string;
  attempts: number;
}

export interface DeadLettersOptions {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** Where the counter is registered: the admin metrics registry, so /metrics exports it. */
  registry?: Registry;
  /** Entries kept per platform (oldest trimmed). Default 10 000. */
  maxPerPlatform?: number;
  /** Applied to the message text and the customer's name before they are stored (REDACT): no raw PII at rest. */
  redact?: (text: string) => string;
}

export class DeadLetters {
  private readonly counter: Counter<'platform'>;

  constructor(private readonly options: DeadLettersOptions) {
    this.counter = new Counter({
      name: 'support_dead_letters_total',
      help: 'Customer messages parked after every delivery attempt into the core failed (alert on any increase)',
      labelNames: ['platform'],
      registers: options.registry ? [options.registry] : [],
    });
  }

  key(platform: string): string {
    return `${this.options.keyPrefix}:dead-letters:${platform}`;
  }

  async park(raw: DeadLetterEntry): Promise<void> {
    const redact = this.options.redact ?? ((text: string) => text);
    const { customer } = raw.message;
    const letter: DeadLetterEntry = {
      ...raw,
      message: { ...raw.message, text: redact(raw.message.text), ...(customer ? { customer: { ...customer, displayName: redact(customer.displayName) } } : {}) },
    };
    const key = this.key(letter.platform);
    await this.options.redis.multi().lpush(key, JSON.stringify(letter)).ltrim(key, 0, (this.options.maxPerPlatform ?? 10_000) - 1).exec();
    this.counter.inc({ platform: letter.platform });
    this.options.logger.error('dead_letter.parked', { platform: letter.platform, address: letter.message.address, id: letter.message.id, error: letter.error });
  }

  /** Newest first, per platform (all known platforms by default). */
  async list(limit = 100, platforms: readonly string[] = PLATFORMS): Promise<{ total: number; letters: DeadLetterEntry[] }> {
    const perPlatform = await Promise.all(
      platforms.map(async (platform) => {
        const [total, raw] = await Promise.all([this.options.redis.llen(this.key(platform)), this.options.redis.lrange(this.key(platform), 0, limit - 1)]);
        return { total, letters: raw.map((entry) => JSON.parse(entry) as DeadLetterEntry) };
      }),
    );
    const letters = perPlatform.flatMap((p) => p.letters).sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
    return { total: perPlatform.reduce((sum, p) => sum + p.total, 0), letters };
  }
}
