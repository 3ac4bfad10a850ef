/**
 * Aggregates a Prometheus scrape reads from Redis (the waiting gauge, the handoff-time sweep), kept in memory and
 * refreshed at most every `maxAgeMs`: a scrape within that window does no Redis work at all, and scrapes that
 * arrive together while the aggregates are stale share one refresh (single flight). A failed refresh is not kept:
 * the next scrape tries again.
 */
export class RefreshedAggregates {
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once the aggregates are at most `maxAgeMs` old. */
  fresh(): Promise<void> {
    if (this.now() - this.refreshedAt < this.maxAgeMs) return Promise.resolve();
    this.inFlight ??= this.refresh()
      .then(() => void (this.refreshedAt = this.now()))
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
