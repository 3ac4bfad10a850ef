/**
 * Errors the core throws that retrying cannot fix. Adapters ask `error instanceof PermanentError` (never the
 * error's name) to decide whether to retry a delivery or give up at once and log it.
 */
export class PermanentError extends Error {}

/** A message the core refuses as malformed: no id, no address, text that is not a string… */
export class InvalidMessageError extends PermanentError {
  constructor(reason: string) {
    super(`Inbound message rejected: ${reason}`);
    this.name = 'InvalidMessageError';
  }
}

/** A message for a platform no adapter is registered for. */
export class UnknownPlatformError extends PermanentError {
  constructor(platform: string, known: string[]) {
    super(`No adapter is enabled for platform "${platform}" (enabled: ${known.join(', ') || 'none'}).`);
    this.name = 'UnknownPlatformError';
  }
}

/** Whether retrying the same call can ever succeed. */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError;
}
