/**
 * Staff replies as durable jobs: a reply staff wrote for the customer is one BullMQ job, retried with exponential
 * backoff until the customer's platform accepts it (default 10 attempts, about 4 minutes: a platform or Redis
 * outage is ridden out; the job survives a restart), so it is never dropped after a short burst of retries. After
 * the last attempt — or at once when retrying cannot help (the customer blocked the bot) — staff see
 * "⚠️ not delivered to the customer: <reason>" in the page's thread (`StaffDesk.postNotice`).
 *
 * A crash between "sent" and "job completed" may send the reply twice (never lose it). Replies of one
 * conversation are sent in order while the platform accepts them; a reply retried after an outage may arrive
 * after a later one.
 *
 * At rest: the job must carry staff's words as written (the customer receives them unchanged), so the raw text is
 * in Redis only while the reply waits to be delivered (at most the retry span, ~4 min by default). A delivered job
 * is deleted at once (`removeOnComplete: true`); one that failed for good is kept 7 days for inspection with its
 * text redacted (REDACT), and the log line says it redacted too. The conversation's transcript keeps the reply
 * redacted (core/conversation-store.ts, redactingAtRest).
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { isPermanent } from '../core/errors';
import type { Logger } from '../core/log';
import { redact, type Redactor } from '../core/redact';
import type { ConversationAddress } from '../core/types';
import type { HandoffCore, PageRef, StaffDesk } from './desk';
import { notDeliveredNotice } from './relay';

export interface AgentReplyJob {
  handoffId: string;
  address: ConversationAddress;
  agentName: string;
  text: string;
  /** The page's thread, where staff are told if it could not be delivered. */
  page?: PageRef;
}

export interface AgentReplyQueueOptions {
  /** A connection with `maxRetriesPerRequest: null` (BullMQ). */
  connection: Redis;
  keyPrefix: string;
  /** Default `agent-replies`. */
  queueName?: string;
  core: HandoffCore;
  desk: StaffDesk;
  logger: Logger;
  /** STAFF_REPLY_ATTEMPTS: attempts in all. Default 10. */
  attempts?: number;
  /** STAFF_REPLY_BACKOFF_MS: delay before the second attempt, doubling each time. Default 500 ms (10 attempts ≈ 4 min). */
  backoffMs?: number;
  /** Run the worker in this process. Default true. */
  runWorker?: boolean;
  /** Replies sent at once per process. Default 8. */
  concurrency?: number;
  /** REDACT: applied to the text of a reply that failed for good (kept for inspection) and to its log line. Default on. */
  redactor?: Redactor;
}

export class AgentReplyQueue {
  readonly queue: Queue<AgentReplyJob>;
  private worker?: Worker<AgentReplyJob>;
  private workerConnection?: Redis;

  constructor(private readonly options: AgentReplyQueueOptions) {
    this.queue = new Queue<AgentReplyJob>(options.queueName ?? 'agent-replies', { connection: options.connection, prefix: `${options.keyPrefix}:bull` });
  }

  get attempts(): number {
    return this.options.attempts ?? 10;
  }

  /** Durably queue a reply; resolves once it is stored in Redis (not when delivered). */
  async enqueue(reply: AgentReplyJob, id?: string): Promise<void> {
    await this.queue.add('reply', reply, {
      ...(id ? { jobId: `reply-${id}` } : {}),
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 500 },
      // Delivered: the job (and staff's raw words in it) is deleted at once, nothing kept at rest.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  start(): void {
    if (this.options.runWorker === false || this.worker) return;
    const { logger } = this.options;
    this.workerConnection = this.options.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker<AgentReplyJob>(this.queue.name, (job) => this.deliver(job), {
      connection: this.workerConnection,
      prefix: `${this.options.keyPrefix}:bull`,
      concurrency: this.options.concurrency ?? 8,
    });
    this.worker.on('failed', (job, error) => void this.failed(job, error));
    this.worker.on('error', (error) => logger.error('handoff.reply_worker_error', { error }));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
  }

  private async deliver(job: Job<AgentReplyJob>): Promise<void> {
    const { handoffId, address, agentName, text } = job.data;
    try {
      await this.options.core.relayAgentMessage(address, agentName, text);
    } catch (error) {
      this.options.logger.warn('handoff.reply_not_delivered_yet', { id: handoffId, address, attempt: job.attemptsMade + 1, of: this.attempts, error });
      // Retrying cannot help (an invalid address, the customer blocked the bot): fail now and tell staff.
      if (isPermanent(error)) throw new UnrecoverableError(reason(error));
      throw error;
    }
    this.options.logger.info('handoff.reply_delivered', { id: handoffId, address, attempt: job.attemptsMade + 1 });
  }

  /** After the last attempt (or an unrecoverable error): staff see it in the thread. */
  private async failed(job: Job<AgentReplyJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= this.attempts;
    if (!final) return;
    const { handoffId, address, page, text } = job.data;
    const redactor = this.options.redactor ?? redact;
    // Kept for inspection (removeOnFail: 7 days), so kept redacted: no raw words of staff left at rest.
    await job.updateData({ ...job.data, text: redactor(text) }).catch((failure) => this.options.logger.warn('handoff.reply_redact_failed', { id: handoffId, error: failure }));
    this.options.logger.error('handoff.reply_not_delivered', { id: handoffId, address, attempts: job.attemptsMade, error: error.message, text: redactor(text) });
    if (!page || !this.options.desk.postNotice) return;
    try {
      await this.options.desk.postNotice(page, notDeliveredNotice(error.message));
    } catch (failure) {
      this.options.logger.error('handoff.notice_failed', { id: handoffId, error: failure });
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
