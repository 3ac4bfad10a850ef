/**
 * Retry a platform call with exponential backoff and jitter. Used for every send, so a brief platform hiccup
 * never loses a reply; after the last attempt the error is thrown (and logged by the caller), so the message is
 * not acknowledged as handled.
 */
import type { Logger } from '../../core/log';

export interface RetryOptions {
  /** Attempts in all, including the first. Default 4. */
  attempts?: number;
  /** Delay before the second attempt; doubles each time. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest single delay. Default 5 s. */
  maxDelayMs?: number;
  /** Errors that retrying cannot fix (401, 403, 400…): fail at once. */
  isPermanent?: (error: unknown) => boolean;
  /** Honour a platform's "retry after N seconds" (429) when it gives one. */
  retryAfterMs?: (error: unknown) => number | undefined;
  logger?: Logger;
  /** What is being tried, for the log: e.g. `telegram.sendMessage`. */
  what: string;
}

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const permanent = options.isPermanent?.(error) ?? false;
      if (permanent || attempt >= attempts) {
        options.logger?.error('send.failed', { what: options.what, attempt, permanent, error });
        throw error;
      }
      const delay = options.retryAfterMs?.(error) ?? Math.min(max, base * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      options.logger?.warn('send.retrying', { what: options.what, attempt, delayMs: Math.round(delay), error });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
