/**
 * Shared set-up for the handoff tests: a real SupportCore and ConversationStore on Redis, the real handoff
 * (BullMQ queue and worker) with its own key prefix and queue name, the Slack staff side against FakeSlack,
 * its Bolt receiver mounted in our own HTTP server, and a recording customer-side adapter.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import Redis from 'ioredis';
import { RedisConversationStore } from '../../core/redis-conversation-store';
import { silentLogger, type Logger } from '../../core/log';
import type { SupportCore } from '../../core/support-core';
import type { ConversationAddress } from '../../core/types';
import { buildCore } from '../kit/core-builder';
import type { CoreEventLog } from '../kit/core-events';
import { RecordingAdapter } from '../kit/recording-adapter';
import { deleteKeys } from './redis';
import type { HandoffConfig } from '../../handoff/config';
import { consoleStaffSide, createHandoff, type Handoff } from '../../handoff/index';
import { createSlackStaffSide, type SlackStaffSide } from '../../adapters/slack/staff-side';
import { FAKE_BOT_USER, FakeSlack, SlackSender } from '../../fakes/fake-slack';

export const STAFF_CHANNEL = 'CSTAFF01';
export const SIGNING_SECRET = 'test-signing-secret';
/** Members of the staff channel in FakeSlack, i.e. staff (UEVIL and customers' ids are not among them). */
export const STAFF_MEMBERS = [FAKE_BOT_USER, ...Array.from({ length: 9 }, (_, i) => `UAGENT${i + 1}`), ...Array.from({ length: 50 }, (_, i) => `U${String(i).padStart(4, '0')}`)];


export interface Harness {
  redis: Redis;
  keyPrefix: string;
  core: SupportCore;
  customers: RecordingAdapter;
  /** What the core reported: wait on turns and ignored duplicates instead of sleeping. */
  events: CoreEventLog;
  handoff: Handoff;
  slack?: FakeSlack;
  /** Our Slack staff side (Bolt app, receiver, desk), when Slack is on. */
  staffSlack?: SlackStaffSide;
  sender?: SlackSender;
  config: HandoffConfig;
  /** A customer writes (or clicks a choice). */
  say(address: ConversationAddress, text: string, choiceId?: string, name?: string): Promise<void>;
  close(): Promise<void>;
}

let messageCounter = 0;

export async function startHarness(
  options: {
    slack?: boolean;
    config?: Partial<HandoffConfig>;
    now?: () => Date;
    consoleOutput?: Writable;
    logger?: Logger;
    /** Told by the paging worker as soon as a page is recorded, before its reminders are scheduled. */
    onPaged?: (handoffId: string) => void;
  } = {},
): Promise<Harness> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const keyPrefix = `test-handoff-${suffix}`;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false });
  let slack: FakeSlack | undefined;
  if (options.slack !== false) {
    slack = new FakeSlack();
    await slack.start();
    slack.channelMembers.set(STAFF_CHANNEL, STAFF_MEMBERS);
  }
  const config: HandoffConfig = {
    queueName: `handoff-${suffix}`,
    repageAfterMs: 60_000,
    escalateAfterMs: 60_000,
    redact: true,
    recordRetentionSeconds: 3600,
    transcriptLines: 8,
    runWorker: true,
    slack: slack ? { botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, staffChannel: STAFF_CHANNEL, apiUrl: slack.url, apiTimeoutMs: 60_000 } : undefined,
    ...options.config,
  };
  // Slack configured → the Slack staff side; otherwise the local console, as bin/start wires it.
  const staffSlack = config.slack ? createSlackStaffSide({ config: config.slack, redis, logger: silentLogger, retries: 0, unackedAfterMs: 60_000 }) : undefined;
  const handoff = createHandoff({
    redis,
    keyPrefix,
    logger: options.logger ?? silentLogger,
    config,
    staff: staffSlack ?? consoleStaffSide(options.consoleOutput ?? process.stdout),
    now: options.now,
    worker: { lockDuration: 2000, stalledInterval: 500, onPaged: options.onPaged && ((handoffId) => options.onPaged!(handoffId)) },
  });
  const store = new RedisConversationStore(redis, { keyPrefix, ttlSeconds: 3600, historyLimit: 30 });
  const { core, adapter: customers, events } = buildCore({ adapter: new RecordingAdapter('shop'), store, handoff: handoff.port, redact: config.redact });
  await handoff.start(core);

  // Mount the Bolt receiver in our own server, as the product does.
  let server: Server | undefined;
  let sender: SlackSender | undefined;
  if (staffSlack) {
    server = createServer(staffSlack.requestListener);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    sender = new SlackSender(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, SIGNING_SECRET);
  }

  return {
    redis,
    keyPrefix,
    core,
    customers,
    events,
    handoff,
    slack,
    staffSlack,
    sender,
    config,
    async say(address, text, choiceId, name = 'Ana Lima') {
      messageCounter += 1;
      await core.handleInbound({ id: `m-${messageCounter}`, address, customer: { id: address, displayName: name }, text, choiceId, sentAt: new Date() });
    },
    async close() {
      await handoff.stop();
      const cleaner = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
      const { Queue } = await import('bullmq');
      const queue = new Queue(config.queueName, { connection: cleaner, prefix: `${keyPrefix}:bull` });
      await queue.obliterate({ force: true });
      await queue.close();
      await deleteKeys(redis, keyPrefix);
      cleaner.disconnect();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await slack?.stop();
      redis.disconnect();
    },
  };
}

/** The suite's one polling helper, re-exported for the handoff tests. */
export { eventually } from '../kit/eventually';
