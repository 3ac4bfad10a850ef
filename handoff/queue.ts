/**
 * The core's `HandoffPort` (and `RatingSink`) on BullMQ: a handoff request opens a record and adds one paging
 * job whose id derives from the handoff, so asking twice never pages twice; the paging worker (any process)
 * posts the page. Outside business hours the job is delayed to the next opening.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from '../core/log';
import type { RatingSink } from '../core/support-core';
import type { ConversationAddress, Customer, FollowUpRequest, HandoffPort, HandoffRequest, HandoffTicket, TranscriptLine, WithdrawReason } from '../core/types';
import type { BusinessHours } from './business-hours';
import type { StaffDesk } from './desk';
import type { HandoffRecord, HandoffRecords } from './records';
import type { Redactor } from '../core/redact';
import { pageViewOf, redactLine } from './relay';
import { ThreadBatcher } from './flood-control';

/**
 * How long a repeated request for the same conversation counts as a rerun of the same turn (the core reruns a
 * turn that failed before saving; Slack redelivers for about 5 minutes). A request for a conversation whose
 * handoff is older than this means the conversation's state was lost (it expired while a handoff was left
 * open): the old handoff is closed and a new one paged, so the customer is never stuck behind it.
 */
export const RERUN_WINDOW_MS = 15 * 60 * 1000;

/** `giveup`: nobody claimed within HANDOFF_GIVE_UP_AFTER, so the customer is told honestly (issue 11). */
export type PagingJobKind = 'page' | 'repage' | 'escalate' | 'giveup';

export interface PagingJobData {
  handoffId: string;
}

/** BullMQ job ids: derived from the handoff, so adding the same step twice is a no-op. */
export function pagingJobId(kind: PagingJobKind, handoffId: string): string {
  return `${kind}-${handoffId}`;
}

/** Jobs are kept a day after completion so a late duplicate add still finds (and skips) them. */
export const PAGING_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createPagingQueue(connection: Redis, queueName: string, keyPrefix: string): Queue<PagingJobData> {
  return new Queue<PagingJobData>(queueName, { connection, prefix: bullPrefix(connection, keyPrefix) });
}

/**
 * BullMQ's key prefix. On Redis Cluster every key of a queue must hash to one slot, so the prefix is a `{hash tag}`
 * (`{support:bull}`); on one server or Sentinel it stays `support:bull` (existing queues keep their keys).
 */
export function bullPrefix(connection: Redis, keyPrefix: string): string {
  return (connection as { isCluster?: boolean }).isCluster ? `{${keyPrefix}:bull}` : `${keyPrefix}:bull`;
}

export interface QueueHandoffPortOptions {
  queue: Queue<PagingJobData>;
  records: HandoffRecords;
  /** Where customer lines go once the page is out. */
  desk: StaffDesk;
  redactor: Redactor;
  businessHours?: BusinessHours;
  logger: Logger;
  /** Injected in tests. */
  now?: () => Date;
  /** Flood control: at most one thread post per this many ms per handoff (default 2,000); lines in between are merged. */
  threadIntervalMs?: number;
}

export class QueueHandoffPort implements HandoffPort, RatingSink {
  private readonly now: () => Date;
  private readonly thread: ThreadBatcher;

  constructor(private readonly options: QueueHandoffPortOptions) {
    this.now = options.now ?? (() => new Date());
    this.thread = new ThreadBatcher({ post: (page, line) => options.desk.postCustomerLine(page, line), logger: options.logger, intervalMs: options.threadIntervalMs });
  }

  /** Post the customer lines still held back by flood control (on shutdown). */
  async flushThreads(): Promise<void> {
    await this.thread.drain();
  }

  async requestHandoff(request: HandoffRequest): Promise<HandoffTicket> {
    const { records, queue, logger, businessHours } = this.options;
    const now = this.now();
    const pageAt = businessHours ? businessHours.nextOpening(now) : now;
    request = this.atRest(request);
    let { id, created } = await records.open(request, pageAt);
    if (!created) {
      const existing = await records.get(id);
      if (existing && now.getTime() - existing.queuedAt.getTime() > RERUN_WINDOW_MS) {
        await this.closeAbandoned(existing);
        ({ id, created } = await records.open(request, pageAt));
      }
    }
    // Added even when the handoff already existed: if a crash came between opening and adding, this repairs it;
    // otherwise BullMQ sees the same job id and adds nothing.
    await queue.add('page', { handoffId: id }, { ...PAGING_JOB_OPTIONS, jobId: pagingJobId('page', id), delay: Math.max(0, pageAt.getTime() - now.getTime()) });
    if (created) logger.info('handoff.queued', { id, address: request.address, reason: request.reason, pageAt: pageAt.toISOString() });
    else logger.info('handoff.already_open', { id, address: request.address });
    return this.ticketFor(id, now);
  }

  async relayCustomerMessage(address: ConversationAddress, line: TranscriptLine, _customer: Customer): Promise<HandoffTicket | void> {
    const { records, desk, redactor, logger } = this.options;
    const id = await records.openIdFor(address);
    if (!id) {
      // The conversation says it is with staff but no handoff is open (its record expired or was deleted).
      logger.warn('handoff.relay_without_open_handoff', { address, fix: 'the customer can ask for a person again' });
      return undefined;
    }
    const kept = redactLine(line, redactor); // stored as staff see it (REDACT); the core already redacts, this keeps it so
    const { status, page } = await records.appendLine(id, kept);
    if (page) await this.thread.add(id, page, kept);
    if (status === 'waiting') return this.ticketFor(id, this.now());
    return undefined;
  }

  /**
   * The customer stopped waiting. `left_queue`: withdrawn, its jobs removed, the page (if out) says "customer left
   * the queue". `left_message`: a follow-up item; the page is updated, or (after hours, not yet posted) posted now.
   */
  async withdrawHandoff(address: ConversationAddress, why: WithdrawReason): Promise<boolean> {
    const { records, queue, logger } = this.options;
    const id = await records.openIdFor(address);
    const record = id ? await records.get(id) : undefined;
    if (!record) return false;
    const result = await records.withdraw(record, why === 'left_queue' ? 'withdrawn' : 'follow_up');
    if (!result.done) {
      logger.info('handoff.withdraw_ignored', { id: record.id, status: result.status });
      return false;
    }
    logger.info(why === 'left_queue' ? 'handoff.withdrawn' : 'handoff.follow_up', { id: record.id, address });
    const kinds: PagingJobKind[] = why === 'left_queue' ? ['page', 'repage', 'escalate', 'giveup'] : ['repage', 'escalate', 'giveup'];
    for (const kind of kinds) await queue.remove(pagingJobId(kind, record.id)).catch(() => 0);
    if (why === 'left_message' && !record.page) {
      // Paged at the opening otherwise: a follow-up is posted now, for whoever comes in first.
      const job = await queue.getJob(pagingJobId('page', record.id));
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
    }
    await this.refreshPage(record.id);
    return true;
  }

  /** A follow-up item outside any queue (a message left with the bot, an unhappy rating): posted on the desk now. */
  async openFollowUp(request: FollowUpRequest): Promise<void> {
    const { records, queue, logger } = this.options;
    const id = await records.openFollowUp(this.atRest(request));
    await queue.add('page', { handoffId: id }, { ...PAGING_JOB_OPTIONS, jobId: pagingJobId('page', id) });
    logger.info('handoff.follow_up_opened', { id, address: request.address, why: request.why, stars: request.stars });
  }

  async recordRating(address: ConversationAddress, rating: number): Promise<void> {
    const stored = await this.options.records.rate(address, rating);
    this.options.logger.info(stored ? 'handoff.rated' : 'handoff.rating_ignored', { address, rating });
  }

  /** What is written to Redis is redacted (REDACT): transcript lines, the customer's name and the detail. */
  private atRest<T extends HandoffRequest | FollowUpRequest>(request: T): T {
    const { redactor } = this.options;
    const customer = { ...request.customer, displayName: redactor(request.customer.displayName) };
    const transcript = request.transcript.map((line) => redactLine(line, redactor));
    const detail = 'detail' in request && request.detail ? { detail: redactor(request.detail) } : {};
    return { ...request, customer, transcript, ...detail };
  }

  private async closeAbandoned(record: HandoffRecord): Promise<void> {
    const { records, desk, redactor, logger } = this.options;
    const system = { id: 'system', name: 'the bot (the conversation had restarted)' };
    await records.finish(record, 'returned', system);
    logger.warn('handoff.abandoned_closed', { id: record.id, address: record.address, status: record.status, why: 'the customer asked again after their conversation state was lost' });
    const closed = await records.get(record.id);
    if (closed?.page) await desk.updatePage(closed.page, pageViewOf(closed, [], redactor)).catch((error) => logger.warn('handoff.page_update_failed', { id: record.id, error }));
  }

  private async refreshPage(id: string): Promise<void> {
    const { records, desk, redactor, logger } = this.options;
    const record = await records.get(id);
    if (!record?.page) return;
    const lines = await records.lines(id, 8);
    await desk.updatePage(record.page, pageViewOf(record, lines, redactor)).catch((error) => logger.warn('handoff.page_update_failed', { id, error }));
  }

  private async ticketFor(id: string, now: Date): Promise<HandoffTicket> {
    const { records, businessHours } = this.options;
    const [position, expectedWaitSeconds] = await Promise.all([records.position(id), records.recentTimeToClaimSeconds()]);
    const ticket: HandoffTicket = { position: position ?? 1, expectedWaitSeconds };
    if (businessHours && !businessHours.isOpen(now)) {
      ticket.staffBackAt = businessHours.nextOpening(now);
      ticket.staffTimeZone = businessHours.timeZone;
    }
    return ticket;
  }
}
