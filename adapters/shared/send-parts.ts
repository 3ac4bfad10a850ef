/**
 * The one way every adapter sends a reply: split it to the platform's limit, put the buttons on the last part
 * only, and send the parts in order, each retried on its own with backoff — so a retry never repeats a part the
 * customer already got. The adapter supplies only what is platform-specific: how to send one part, its limit,
 * and how to read its SDK's errors (`classify`).
 */
import type { Logger } from '../../core/log';
import { outboundText } from '../../core/replies';
import type { Choice, OutboundMessage } from '../../core/types';
import { withRetry, type RetryOptions } from './retry';
import { splitText } from './split-text';

/** What a failed platform call means for retrying it. */
export interface ErrorClass {
  /** Retrying the same call can never succeed (bad request, auth, forbidden, unknown chat, too large…). */
  permanent: boolean;
  /** The platform said when to try again (a 429's retry-after), in milliseconds. */
  retryAfterMs?: number;
}

/** Each adapter's reading of its SDK's errors: status codes and platform error codes, never error names. */
export type ErrorClassifier = (error: unknown) => ErrorClass;

/**
 * HTTP statuses that retrying cannot fix: 400 bad request, 401 bad credentials, 403 forbidden (blocked by the
 * customer, no access), 404 unknown chat or conversation, 413 too large. 429, 5xx and network errors are retried.
 */
export const PERMANENT_STATUSES: readonly number[] = [400, 401, 403, 404, 413];

/** The shared rule: a status in PERMANENT_STATUSES is permanent; anything else (429, 5xx, no status: network) is retried. */
export function classifyStatus(status: number | undefined, retryAfterMs?: number): ErrorClass {
  const permanent = status !== undefined && PERMANENT_STATUSES.includes(status);
  return permanent ? { permanent } : { permanent, retryAfterMs: retryAfterMs && retryAfterMs > 0 ? retryAfterMs : undefined };
}

/** A classifier as `withRetry` options, for the platform calls that are not message parts (typing, webhooks, getMe…). */
export function retryRules(classify: ErrorClassifier): Pick<RetryOptions, 'isPermanent' | 'retryAfterMs'> {
  return { isPermanent: (error) => classify(error).permanent, retryAfterMs: (error) => classify(error).retryAfterMs };
}

/** A platform's message limit: characters, and optionally UTF-8 bytes (Teams counts bytes). */
export interface TextLimit {
  chars: number;
  bytes?: number;
}

export interface SendInPartsOptions {
  /** For logs: e.g. `telegram.sendMessage`. */
  what: string;
  limit: TextLimit;
  /** Send one part; `choices` is set on the last part only, when the message has choices. */
  sendPart: (text: string, choices: Choice[] | undefined) => Promise<unknown>;
  classify: ErrorClassifier;
  logger?: Logger;
  /** Attempts per part, including the first. Default 4. */
  attempts?: number;
  /** Delay before a part's second attempt; doubles each time. Default 250 ms. */
  baseDelayMs?: number;
}

/** Send a message in parts that fit; rejects with the platform's error when a part could not be delivered. */
export async function sendInParts(message: OutboundMessage, options: SendInPartsOptions): Promise<void> {
  const parts = splitToFit(outboundText(message), options.limit);
  const choices = message.choices?.length ? message.choices : undefined;
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    await withRetry(() => options.sendPart(part, last ? choices : undefined), {
      what: options.what,
      attempts: options.attempts,
      baseDelayMs: options.baseDelayMs,
      logger: options.logger,
      ...retryRules(options.classify),
    });
  }
}

/** Split text into parts within a limit in characters and, when given, in UTF-8 bytes (non-Latin text takes 2–3 bytes a character). */
export function splitToFit(text: string, limit: TextLimit): string[] {
  const parts = splitText(text, limit.chars);
  const maxBytes = limit.bytes;
  if (maxBytes === undefined) return parts;
  const fits = (part: string) => Buffer.byteLength(part, 'utf8') <= maxBytes;
  return parts.flatMap((part) => {
    if (fits(part)) return [part];
    let chars = Math.floor((part.length * maxBytes) / Buffer.byteLength(part, 'utf8'));
    let pieces = [part];
    while (!pieces.every(fits)) {
      pieces = splitText(part, chars);
      chars = Math.floor(chars * 0.9);
    }
    return pieces;
  });
}
