/**
 * Wiring of the human handoff. Two steps because the core and the handoff need each other:
 *
 *   const handoff = createHandoff({ redis, keyPrefix, logger, config, consoleOutput: process.stdout });
 *   const core = new SupportCore({ ..., handoff: handoff.port });
 *   await handoff.start(core);     // Slack staff side (or the console), paging worker
 *   …
 *   await handoff.stop();
 *
 * With Slack configured, mount `handoff.slack.requestListener` on POST /slack/events (or set SLACK_PORT).
 * Without it, pass `handoff.console.handleCommand` to the terminal adapter's `onCommand`.
 */
import type { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { Writable } from 'node:stream';
import type { Logger } from '../core/log';
import { createSlackApp, type SlackApp } from '../adapters/slack/app';
import { SlackStaffDesk, registerStaffHandlers } from '../adapters/slack/staff';
import type { HandoffConfig } from './config';
import type { HandoffCore, StaffDesk } from './desk';
import { startPagingWorker, type PagingWorkerOptions } from './paging-worker';
import { createPagingQueue, QueueHandoffPort, type PagingJobData } from './queue';
import { HandoffRecords } from './records';
import { noRedaction, redact } from '../core/redact';
import { StaffActions } from './staff-actions';
import { StaffConsole } from './staff-console';

export interface CreateHandoffOptions {
  /** The app's Redis connection (the core's). Workers get their own duplicate connection. */
  redis: Redis;
  /** The core's KEY_PREFIX. */
  keyPrefix: string;
  logger: Logger;
  config: HandoffConfig;
  /** Where the local staff console prints when Slack is not configured. Default stdout. */
  consoleOutput?: Writable;
  /** Test and benchmark knobs for the worker's BullMQ lock (see PagingWorkerOptions). */
  worker?: Partial<Pick<PagingWorkerOptions, 'lockDuration' | 'stalledInterval' | 'concurrency' | 'onPaged'>>;
  /** Slack Web API retries; tests use 0. */
  slackRetries?: number;
  /** The clock for business hours (tests). */
  now?: () => Date;
}

export interface Handoff {
  port: QueueHandoffPort;
  queue: Queue<PagingJobData>;
  records: HandoffRecords;
  desk: StaffDesk;
  /** Set when Slack is configured. */
  slack?: SlackApp;
  /** Set when Slack is not configured. */
  console?: StaffConsole;
  actions?: StaffActions;
  worker?: Worker;
  start(core: HandoffCore): Promise<void>;
  stop(): Promise<void>;
}

export function createHandoff(options: CreateHandoffOptions): Handoff {
  const { redis, keyPrefix, logger, config } = options;
  const redactor = config.redact ? redact : noRedaction;
  const records = new HandoffRecords(redis, keyPrefix, config.recordRetentionSeconds);
  const queue = createPagingQueue(redis, config.queueName, keyPrefix);

  let slack: SlackApp | undefined;
  let staffConsole: StaffConsole | undefined;
  let desk: StaffDesk;
  if (config.slack) {
    slack = createSlackApp({ botToken: config.slack.botToken, signingSecret: config.slack.signingSecret, apiUrl: config.slack.apiUrl, logger, retries: options.slackRetries });
    desk = new SlackStaffDesk({ client: slack.app.client, staffChannel: config.slack.staffChannel, pageGroup: config.slack.pageGroup });
  } else {
    staffConsole = new StaffConsole(options.consoleOutput ?? process.stdout);
    desk = staffConsole;
  }
  const port = new QueueHandoffPort({ queue, records, desk, redactor, businessHours: config.businessHours, logger, now: options.now });

  let workerConnection: Redis | undefined;
  const handoff: Handoff = {
    port,
    queue,
    records,
    desk,
    slack,
    console: staffConsole,
    async start(core) {
      const actions = new StaffActions({ records, desk, core, redactor, logger, transcriptLines: config.transcriptLines });
      handoff.actions = actions;
      staffConsole?.attach(actions);
      if (slack && config.slack) {
        registerStaffHandlers({ app: slack.app, actions, staffChannel: config.slack.staffChannel, redis, dedupePrefix: records.keys.base, logger });
        if (config.slack.port) await slack.receiver.start(config.slack.port);
      }
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
          transcriptLines: config.transcriptLines,
          businessHours: config.businessHours,
          now: options.now,
          logger,
          ...options.worker,
        });
      }
      logger.info('handoff.started', { staffDesk: slack ? 'slack' : 'console', worker: config.runWorker, queue: config.queueName });
    },
    async stop() {
      await handoff.worker?.close();
      await queue.close();
      if (slack && config.slack?.port) await slack.receiver.stop();
      workerConnection?.disconnect();
    },
  };
  return handoff;
}

export { readHandoffConfig, type HandoffConfig } from './config';
