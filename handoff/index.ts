/**
 * Wiring of the human handoff. Two steps because the core and the handoff need each other:
 *
 *   const staff = slackConfigured ? createSlackStaffSide(...) : consoleStaffSide(process.stdout);
 *   const handoff = createHandoff({ redis, keyPrefix, logger, config, staff });
 *   const core = new SupportCore({ ..., handoff: handoff.port });
 *   await handoff.start(core);     // the staff side's handlers, paging worker
 *   …
 *   await handoff.stop();
 *
 * The handoff knows staff only through the `StaffSide` it is given: a `StaffDesk` where pages go, plus a hook to
 * connect the staff's commands once `StaffActions` exist. Slack's side lives in adapters/slack/staff-side.ts;
 * without Slack, `consoleStaffSide` (the local console: pass `handoff.console.handleCommand` to the terminal
 * adapter's `onCommand`).
 */
import type { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { Writable } from 'node:stream';
import type { Logger } from '../core/log';
import type { HandoffConfig } from './config';
import type { HandoffCore, StaffDesk } from './desk';
import { startPagingWorker, type PagingWorkerOptions } from './paging-worker';
import { createPagingQueue, QueueHandoffPort, type PagingJobData } from './queue';
import { HandoffRecords } from './records';
import { noRedaction, redact } from '../core/redact';
import { StaffActions } from './staff-actions';
import { AgentReplyQueue } from './agent-reply-queue';
import { AuditLog } from './audit';
import { StaffConsole } from './staff-console';

/** Where staff work: the desk pages go to, and how their commands reach `StaffActions`. */
export interface StaffSide {
  /** For the log: `slack`, `console`… */
  readonly name: string;
  readonly desk: StaffDesk;
  /**
   * Called once by `handoff.start`, when `StaffActions` exist (the actions need the desk, the desk's handlers need
   * the actions): register the staff's commands and start listening. `records` gives a key base for de-duplication.
   */
  attach(actions: StaffActions, context: { records: HandoffRecords }): Promise<void>;
  /** Called by `handoff.stop`, after the worker and queue are closed. */
  stop?(): Promise<void>;
}

/** The local staff console as a staff side: pages print to `output`, `/staff …` commands act on them. */
export function consoleStaffSide(output: Writable = process.stdout): StaffSide & { desk: StaffConsole } {
  const desk = new StaffConsole(output);
  return {
    name: 'console',
    desk,
    async attach(actions) {
      desk.attach(actions);
    },
  };
}

export interface CreateHandoffOptions {
  /** The app's Redis connection (the core's). Workers get their own duplicate connection. */
  redis: Redis;
  /** The core's KEY_PREFIX. */
  keyPrefix: string;
  logger: Logger;
  config: HandoffConfig;
  /** Where staff work: the Slack staff side (adapters/slack/staff-side.ts) or `consoleStaffSide(...)`. */
  staff: StaffSide;
  /** Test and benchmark knobs for the worker's BullMQ lock (see PagingWorkerOptions). */
  worker?: Partial<Pick<PagingWorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount' | 'jobTimeoutMs' | 'concurrency' | 'onPaged'>>;
  /** The clock for business hours (tests). */
  now?: () => Date;
}

export interface Handoff {
  port: QueueHandoffPort;
  queue: Queue<PagingJobData>;
  records: HandoffRecords;
  /** Every staff action: who, what, when (admin page, GET /admin/api/audit). */
  audit: AuditLog;
  desk: StaffDesk;
  staff: StaffSide;
  /** Set when staff work from the local console (its `handleCommand` takes `/staff …` lines). */
  console?: StaffConsole;
  actions?: StaffActions;
  /** Staff replies as durable jobs (handoff/agent-reply-queue.ts). */
  replies?: AgentReplyQueue;
  worker?: Worker;
  start(core: HandoffCore): Promise<void>;
  stop(): Promise<void>;
}

export function createHandoff(options: CreateHandoffOptions): Handoff {
  const { redis, keyPrefix, logger, config, staff } = options;
  const redactor = config.redact ? redact : noRedaction;
  const records = new HandoffRecords(redis, keyPrefix, config.recordRetentionSeconds);
  const queue = createPagingQueue(redis, config.queueName, keyPrefix);
  const desk = staff.desk;
  const port = new QueueHandoffPort({ queue, records, desk, redactor, businessHours: config.businessHours, logger, now: options.now });

  const audit = new AuditLog(redis, records.keys.base, 1000, logger);
  let workerConnection: Redis | undefined;
  const handoff: Handoff = {
    port,
    queue,
    records,
    audit,
    desk,
    staff,
    console: desk instanceof StaffConsole ? desk : undefined,
    async start(core) {
      // Staff replies are BullMQ jobs retried until the customer's platform accepts; workers run with HANDOFF_WORKER.
      const replies = new AgentReplyQueue({ connection: redis, keyPrefix, core, desk, logger, attempts: config.staffReplyAttempts, backoffMs: config.staffReplyBackoffMs, runWorker: config.runWorker, redactor });
      replies.start();
      handoff.replies = replies;
      const actions = new StaffActions({ replies, records, desk, core, redactor, logger, transcriptLines: config.transcriptLines, audit });
      handoff.actions = actions;
      await staff.attach(actions, { records });
      if (config.runWorker) {
        workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
        handoff.worker = startPagingWorker({
          connection: workerConnection,
          queueName: config.queueName,
          keyPrefix,
          queue,
          records,
          desk,
          redactor,
          repageAfterMs: config.repageAfterMs,
          escalateAfterMs: config.escalateAfterMs,
          giveUpAfterMs: config.giveUpAfterMs,
          core,
          transcriptLines: config.transcriptLines,
          businessHours: config.businessHours,
          now: options.now,
          logger,
          ...options.worker,
        });
      }
      logger.info('handoff.started', { staffDesk: staff.name, worker: config.runWorker, queue: config.queueName });
    },
    async stop() {
      await port.flushThreads();
      await handoff.worker?.close();
      await handoff.replies?.stop();
      await queue.close();
      await staff.stop?.();
      workerConnection?.disconnect();
    },
  };
  return handoff;
}

export { readHandoffConfig, type HandoffConfig } from './config';
