/**
 * The paging worker: posts a handoff's page on the staff desk, then re-pages and escalates while nobody claims
 * it. Reminders are BullMQ delayed jobs, not timers, so a restart loses none; any number of processes may run
 * this worker.
 *
 * Exactly one page per handoff, even if a worker is killed between posting and recording the post: before
 * posting, the intent is recorded; a worker that finds an intent without a recorded post first asks the desk
 * whether the post exists (Slack: the message's metadata carries the handoff id) and adopts it.
 */
import { DeadlineError, withDeadline } from '../core/deadline';
import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { isPermanent } from '../core/errors';
import type Redis from 'ioredis';
import type { Logger } from '../core/log';
import type { BusinessHours } from './business-hours';
import type { HandoffCore, PageRef, ReminderLevel, StaffDesk } from './desk';
import { bullPrefix, PAGING_JOB_OPTIONS, pagingJobId, type PagingJobData } from './queue';
import type { HandoffRecords } from './records';
import type { Redactor } from '../core/redact';
import { pageViewOf, redactLine } from './relay';

export interface PagingWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers require. */
  connection: Redis;
  queueName: string;
  keyPrefix: string;
  /** Used to schedule reminders. */
  queue: Queue<PagingJobData>;
  records: HandoffRecords;
  desk: StaffDesk;
  redactor: Redactor;
  repageAfterMs: number;
  escalateAfterMs: number;
  /** HANDOFF_GIVE_UP_AFTER: unclaimed this long after the page, the customer is told nobody is free (and may leave a message). */
  giveUpAfterMs?: number;
  /** Tells the waiting customer when nobody is free (SupportCore, through HandoffCore). */
  core?: Pick<HandoffCore, 'tellNobodyFree'>;
  transcriptLines: number;
  logger: Logger;
  /** Reminders that fall due while staff are away wait for the next opening instead of paging an empty office. */
  businessHours?: BusinessHours;
  /** The clock for business hours (tests). */
  now?: () => Date;
  /** Pages posted at once by this process. Default 8. */
  concurrency?: number;
  /**
   * BullMQ lock settings. A worker renews its jobs' locks every `lockDuration / 2`; a dead worker's job is taken up
   * again by the next stalled-job check after its lock expired, so within `lockDuration + stalledInterval`
   * (default 5 s + 2.5 s, not BullMQ's 30 s + 30 s). Tests use shorter values.
   */
  lockDuration?: number;
  stalledInterval?: number;
  /** How many times a job may be found stalled (its worker died) before it fails. Default 3. */
  maxStalledCount?: number;
  /**
   * A job running longer than this fails (and is retried with backoff), freeing its worker slot even if a call it
   * made never returns. Default 45 s, above the Slack client's own deadline and retries (SLACK_API_TIMEOUT).
   */
  jobTimeoutMs?: number;
  /** Called after each page is posted or adopted (the benchmark measures with it). */
  onPaged?: (handoffId: string, page: PageRef, adopted: boolean) => void;
}

export function startPagingWorker(options: PagingWorkerOptions): Worker<PagingJobData> {
  const jobTimeoutMs = options.jobTimeoutMs ?? PAGING_JOB_TIMEOUT_MS;
  const run = async (job: Job<PagingJobData>, token: string | undefined) => {
    try {
      return await withDeadline(jobTimeoutMs, () => processPagingJob(job, token, options), () => new PagingJobTimeoutError(`paging job ${job.id} took over ${jobTimeoutMs} ms (a hung staff desk call?)`));
    } catch (error) {
      // A permanent desk error (Slack's msg_too_long, channel_not_found…) fails the job now: retrying posts nothing.
      if (!isPermanent(error)) throw error;
      options.logger.error('handoff.paging_failed_permanently', { job: job.id, kind: job.name, id: job.data.handoffId, error });
      throw new UnrecoverableError((error as Error).message);
    }
  };
  const worker = new Worker<PagingJobData>(options.queueName, run, {
    connection: options.connection,
    prefix: bullPrefix(options.connection, options.keyPrefix),
    concurrency: options.concurrency ?? 8,
    lockDuration: options.lockDuration ?? PAGING_LOCK_MS,
    stalledInterval: options.stalledInterval ?? PAGING_STALLED_INTERVAL_MS,
    maxStalledCount: options.maxStalledCount ?? 3,
  });
  worker.on('failed', (job, error) => {
    options.logger.warn('handoff.paging_failed', { job: job?.id, attempt: job?.attemptsMade, error, fix: 'BullMQ retries with backoff; check SLACK_* settings if it persists' });
  });
  worker.on('error', (error) => options.logger.error('handoff.worker_error', { error }));
  return worker;
}

/** Paging worker defaults: a crashed worker's job is re-run within about 7.5 s; a hung job frees its slot after 45 s. */
export const PAGING_LOCK_MS = 5000;
export const PAGING_STALLED_INTERVAL_MS = 2500;
export const PAGING_JOB_TIMEOUT_MS = 45_000;

/** BullMQ has no job timeout of its own: the job fails at the deadline (its call may still finish, unobserved). */
export class PagingJobTimeoutError extends DeadlineError {}

async function processPagingJob(job: Job<PagingJobData>, token: string | undefined, options: PagingWorkerOptions): Promise<void> {
  const kind = job.name;
  const now = options.now?.() ?? new Date();
  // A page is already scheduled for the opening when requested; a reminder can fall due after closing.
  if (kind !== 'page' && options.businessHours && !options.businessHours.isOpen(now)) {
    // Nobody is there to answer a re-page at night: remind them at opening instead.
    await job.moveToDelayed(options.businessHours.nextOpening(now).getTime(), token);
    throw new DelayedError();
  }
  if (kind === 'page') return postPage(job.data.handoffId, options);
  if (kind === 'repage' || kind === 'escalate') return remind(job.data.handoffId, kind, options);
  if (kind === 'giveup') return giveUp(job.data.handoffId, options);
  options.logger.warn('handoff.unknown_job', { job: job.id, name: job.name });
}

async function postPage(id: string, options: PagingWorkerOptions): Promise<void> {
  const { records, desk, logger, redactor } = options;
  const record = await records.get(id);
  if (!record) {
    logger.warn('handoff.page_skipped', { id, why: 'record expired or deleted' });
    return;
  }
  if (record.page || (record.status !== 'waiting' && record.status !== 'follow_up')) {
    if (!record.page) logger.info('handoff.page_skipped', { id, status: record.status });
    return; // already posted, or finished before staff were paged (e.g. returned to the bot overnight)
  }
  // The page shows how the conversation went up to the handoff; whatever the customer wrote while waiting (all
  // night, perhaps) goes to the thread, in order, so none of it is cut off.
  const lines = (await records.lines(id)).filter((line) => line.seq <= record.handoffLineCount);
  const shown = lines.slice(-options.transcriptLines);
  const lastSeqShown = record.handoffLineCount;
  const view = pageViewOf(record, shown, redactor);

  let page = record.pageIntentAt ? await desk.findPosted(id, 'page', record.pageIntentAt) : undefined;
  const adopted = page !== undefined;
  if (!page) {
    await records.markIntent(id, 'page', lastSeqShown);
    page = await desk.postPage(view);
  }
  // Lines that arrived after the page's snapshot go to its thread (for an adopted page, the crashed worker's snapshot).
  const later = await records.setPage(id, page, adopted ? (record.pageIntentSeq ?? 0) : lastSeqShown);
  for (const line of later) {
    // A line the desk refuses for good is logged and skipped (it stays in the record): the page is out, and
    // retrying the job would neither post it nor the lines after it.
    await desk.postCustomerLine(page, redactLine(line, redactor)).catch((error) => {
      if (!isPermanent(error)) throw error;
      logger.warn('handoff.thread_post_failed', { id, seq: line.seq, error });
    });
  }
  logger.info(adopted ? 'handoff.page_adopted' : 'handoff.paged', { id, channel: page.channel, ts: page.ts });
  options.onPaged?.(id, page, adopted);
  if (record.status !== 'waiting') return; // a follow-up: answered later, no reminders
  if (options.giveUpAfterMs) {
    await options.queue.add('giveup', { handoffId: id }, { ...PAGING_JOB_OPTIONS, jobId: pagingJobId('giveup', id), delay: options.giveUpAfterMs });
  }
  await options.queue.add('repage', { handoffId: id }, { ...PAGING_JOB_OPTIONS, jobId: pagingJobId('repage', id), delay: options.repageAfterMs });
}

async function remind(id: string, level: ReminderLevel, options: PagingWorkerOptions): Promise<void> {
  const { records, desk, logger, redactor } = options;
  const record = await records.get(id);
  if (!record || record.status !== 'waiting' || !record.page) return; // claimed or finished meanwhile: nothing to do
  const done = record.reminders[level];
  if (done?.ref) return;
  let ref = done?.intentAt ? await desk.findPosted(id, level, done.intentAt, record.page) : undefined;
  if (!ref) {
    await records.markIntent(id, level);
    ref = await desk.postReminder(record.page, pageViewOf(record, [], redactor), level);
  }
  await records.setReminder(id, level, ref);
  logger.warn(level === 'repage' ? 'handoff.repaged' : 'handoff.escalated', { id, waitingSeconds: Math.round((Date.now() - record.pageAt.getTime()) / 1000) });
  if (level === 'repage') {
    await options.queue.add('escalate', { handoffId: id }, { ...PAGING_JOB_OPTIONS, jobId: pagingJobId('escalate', id), delay: options.escalateAfterMs });
  }
}

/** Nobody claimed within HANDOFF_GIVE_UP_AFTER: the customer is told honestly and offered to leave a message. */
async function giveUp(id: string, options: PagingWorkerOptions): Promise<void> {
  const record = await options.records.get(id);
  if (!record || record.status !== 'waiting') return; // claimed, withdrawn or a follow-up meanwhile
  options.logger.warn('handoff.gave_up', { id, address: record.address, waitingSeconds: Math.round((Date.now() - record.pageAt.getTime()) / 1000) });
  await options.core?.tellNobodyFree?.(record.address);
}
