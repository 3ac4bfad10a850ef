/**
 * Hand a customer message to the core for a platform that has already been told "received" and will not deliver
 * it again (Slack's early ack, Telegram long polling's confirmed update, Discord's gateway): retry with backoff —
 * long enough to ride out a Redis restart — and if it still fails, park it in the dead-letter list (`DeadLetterSink`,
 * admin/dead-letters.ts in production: a Redis list per platform, an alert metric and an admin view) with a log
 * line. Never dropped: when even parking fails, the whole message is logged at error level.
 *
 * Messages of one conversation are handed over in arrival order within this process: while one is being retried,
 * the next one of the same address waits behind it (other conversations do not).
 */
import type { Logger } from '../../core/log';
import type { InboundHandler, InboundMessage } from '../../core/types';
import { isPermanent as isPermanentCoreError } from '../../core/errors';
import { redact } from '../../core/redact';
import { withRetry } from './retry';

/** A customer message the core could not take after every attempt. */
export interface DeadLetter {
  platform: string;
  /** The message without its raw platform payload. */
  message: Omit<InboundMessage, 'raw'>;
  /** Why the last attempt failed. */
  error: string;
  /** When it was parked (ISO 8601). */
  at: string;
  attempts: number;
}

/** Where undeliverable messages go (implemented outside the adapters, e.g. admin/dead-letters.ts). */
export interface DeadLetterSink {
  park(letter: DeadLetter): Promise<void>;
}

export interface DeliverOptions {
  /** Attempts into the core, the first included. Default 5. */
  attempts?: number;
  /** Delay before the second attempt; doubles each time up to `maxDelayMs`. Default 500 ms. */
  baseDelayMs?: number;
  /** Longest single delay. Default 5 s. */
  maxDelayMs?: number;
  /** Where a message goes after the last attempt; without one it is logged with its text. */
  deadLetters?: DeadLetterSink;
  /** Stop retrying now (the adapter is stopping): the message is parked at once. */
  giveUp?: () => boolean;
  /** More errors that retrying cannot fix (the platform's own). */
  isPermanent?: (error: unknown) => boolean;
}

export type DeliveryOutcome = 'processed' | 'parked' | 'logged';

const tails = new Map<string, Promise<unknown>>();

export async function deliverToCore(
  onInbound: InboundHandler,
  message: InboundMessage,
  platform: string,
  logger: Logger,
  options: number | DeliverOptions = {},
): Promise<void> {
  await deliver(onInbound, message, platform, logger, options);
}

/** `deliverToCore`, saying how it ended: processed by the core, parked as a dead letter, or only logged. */
export async function deliver(
  onInbound: InboundHandler,
  message: InboundMessage,
  platform: string,
  logger: Logger,
  options: number | DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const settings = typeof options === 'number' ? { attempts: options } : options;
  const key = message.address;
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(() => deliverNow(onInbound, message, platform, logger, settings));
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}

async function deliverNow(onInbound: InboundHandler, message: InboundMessage, platform: string, logger: Logger, options: DeliverOptions): Promise<DeliveryOutcome> {
  const attempts = options.attempts ?? 5;
  let tried = 0;
  try {
    await withRetry(
      () => {
        tried++;
        return onInbound(message);
      },
      {
        what: `${platform}.customer_message`,
        attempts,
        baseDelayMs: options.baseDelayMs ?? 500,
        maxDelayMs: options.maxDelayMs ?? 5000,
        logger,
        isPermanent: (error) => Boolean(options.giveUp?.()) || isPermanentCoreError(error) || Boolean(options.isPermanent?.(error)),
      },
    );
    return 'processed';
  } catch (error) {
    const { raw: _raw, ...rest } = message;
    const letter: DeadLetter = { platform, message: rest, error: describe(error), at: new Date().toISOString(), attempts: tried };
    if (options.deadLetters) {
      try {
        await withRetry(() => options.deadLetters!.park(letter), { what: `${platform}.dead_letter`, attempts: 6, baseDelayMs: 500, logger });
        logger.error(`${platform}.customer_message_parked`, { address: message.address, id: message.id, attempts: tried, error: letter.error, see: 'GET /admin/api/dead-letters' });
        return 'parked';
      } catch (parkError) {
        logger.error(`${platform}.dead_letter_failed`, { id: message.id, error: parkError });
      }
    }
    // Logs are kept and read widely: the customer's text and name go through the one redactor.
    logger.error(`${platform}.customer_message_not_processed`, { address: message.address, id: message.id, text: redact(message.text), customer: { ...message.customer, displayName: redact(message.customer.displayName) }, attempts: tried, error });
    return 'logged';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
