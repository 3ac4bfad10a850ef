/**
 * Flood control for a page's thread (issue 14 #5): a waiting customer's lines are posted at most once per
 * `intervalMs` (default 2 s) per handoff. The first line goes out at once; lines arriving within the interval are
 * merged into the next post, in order, nothing dropped (a post holds up to `maxPostChars`; the rest waits for the
 * following one). So 1,000 messages become a handful of thread posts, and Slack's rate limit is left for other
 * customers' pages. Per process: each replica throttles what it relays.
 */
import type { Logger } from '../core/log';
import type { TranscriptLine } from '../core/types';
import type { PageRef } from './desk';

export interface ThreadBatcherOptions {
  post: (page: PageRef, line: TranscriptLine) => Promise<void>;
  logger: Logger;
  /** Minimum time between two posts to one thread. Default 2,000 ms. */
  intervalMs?: number;
  /** One post's text at most; a longer single line is cut with "…" (the full line stays in the record). Default 3,000. */
  maxPostChars?: number;
  now?: () => number;
}

interface Slot {
  page: PageRef;
  lines: TranscriptLine[];
  lastPostAt: number;
  timer?: NodeJS.Timeout;
  posting?: Promise<void>;
}

export class ThreadBatcher {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly options: ThreadBatcherOptions) {}

  private get interval(): number {
    return this.options.intervalMs ?? 2000;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Queue a line for the handoff's thread; resolves once it is posted if it could go at once, else when queued. */
  async add(handoffId: string, page: PageRef, line: TranscriptLine): Promise<void> {
    let slot = this.slots.get(handoffId);
    if (!slot) {
      slot = { page, lines: [], lastPostAt: 0 };
      this.slots.set(handoffId, slot);
    }
    slot.page = page;
    slot.lines.push(line);
    if (slot.timer || slot.posting) return; // a post is due or under way: this line joins the next one
    const wait = slot.lastPostAt + this.interval - this.now();
    if (wait <= 0) await this.flush(handoffId);
    else this.schedule(handoffId, slot, wait);
  }

  /** Post everything still queued (shutdown). */
  async drain(): Promise<void> {
    for (const [id, slot] of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      await slot.posting;
      while (slot.lines.length) await this.flush(id);
    }
  }

  private schedule(handoffId: string, slot: Slot, waitMs: number): void {
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.flush(handoffId);
    }, Math.max(0, waitMs));
    slot.timer.unref?.();
  }

  private async flush(handoffId: string): Promise<void> {
    const slot = this.slots.get(handoffId);
    if (!slot || slot.lines.length === 0) return;
    const max = this.options.maxPostChars ?? 3000;
    const taken: TranscriptLine[] = [];
    let size = 0;
    while (slot.lines.length && (taken.length === 0 || size + slot.lines[0].text.length + 1 <= max)) {
      const line = slot.lines.shift()!;
      taken.push(line);
      size += line.text.length + 1;
    }
    const text = taken.map((l) => l.text).join('\n');
    const merged: TranscriptLine = { ...taken[taken.length - 1], text: text.length > max ? text.slice(0, max - 1) + '…' : text };
    slot.lastPostAt = this.now();
    slot.posting = this.options
      .post(slot.page, merged)
      .catch((error) => this.options.logger.warn('handoff.thread_post_failed', { id: handoffId, lines: taken.length, error }))
      .finally(() => {
        slot.posting = undefined;
        if (slot.lines.length) this.schedule(handoffId, slot, slot.lastPostAt + this.interval - this.now());
        else if (!slot.timer) this.forgetLater(handoffId, slot);
      });
    await slot.posting;
  }

  /** Drop an idle slot once its interval is over, so the map holds only threads in use. */
  private forgetLater(handoffId: string, slot: Slot): void {
    const timer = setTimeout(() => {
      if (this.slots.get(handoffId) === slot && !slot.lines.length && !slot.timer && !slot.posting) this.slots.delete(handoffId);
    }, this.interval);
    timer.unref?.();
  }
}
