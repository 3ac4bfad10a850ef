/**
 * Shared set-up for the handoff tests: a real SupportCore and ConversationStore on Redis, the real handoff
 * (BullMQ queue and worker) with its own key prefix and queue name, the Slack staff side against FakeSlack,
 * its Bolt receiver mounted in our own HTTP server, and a recording customer-side adapter.
 */
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import Redis from 'ioredis';
import { decodeAddress, encodeAddress } from '../../core/address';
import { Answerer } from '../../core/answerer';
import { RedisConversationStore } from '../../core/redis-conversation-store';
import { loadKnowledgeBaseFile } from '../../core/knowledge-base';
import { silentLogger } from '../../core/log';
import { SupportCore } from '../../core/support-core';
import type { ChannelAdapter, ConversationAddress, InboundHandler, OutboundMessage } from '../../core/types';
import type { HandoffConfig } from '../../handoff/config';
import { consoleStaffSide, createHandoff, type Handoff } from '../../handoff/index';
import { createSlackStaffSide, type SlackStaffSide } from '../../adapters/slack/staff-side';
import { FAKE_BOT_USER, FakeSlack, SlackSender } from '../../fakes/fake-slack';

export const STAFF_CHANNEL = 'CSTAFF01';
export const SIGNING_SECRET = 'test-signing-secret';
/** Members of the staff channel in FakeSlack, i.e. staff (UEVIL and customers' ids are not among them). */
export const STAFF_MEMBERS = [FAKE_BOT_USER, ...Array.from({ length: 9 }, (_, i) => `UAGENT${i + 1}`), ...Array.from({ length: 50 }, (_, i) => `U${String(i).padStart(4, '0')}`)];

/** The customer's side: every message the bot or an agent sends, per address. */
export class RecordingAdapter implements ChannelAdapter {
  readonly platform = 'shop';
  readonly encodeAddress = (parts: string[]) => encodeAddress(this.platform, parts);
  readonly decodeAddress = (address: ConversationAddress) => decodeAddress(this.platform, address);
  readonly sent = new Map<ConversationAddress, OutboundMessage[]>();
  async start(_onInbound: InboundHandler): Promise<void> {}
  async stop(): Promise<void> {}
  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    const list = this.sent.get(address) ?? [];
    list.push(message);
    this.sent.set(address, list);
  }
  to(address: ConversationAddress): OutboundMessage[] {
    return this.sent.get(address) ?? [];
  }
  last(address: ConversationAddress): OutboundMessage | undefined {
    const list = this.to(address);
    return list[list.length - 1];
  }
}

let answerer: Answerer | undefined;
function sharedAnswerer(): Answerer {
  answerer ??= new Answerer(loadKnowledgeBaseFile(join(__dirname, '..', '..', 'kb', 'demo-shop.yaml')));
  return answerer;
}

export interface Harness {
  redis: Redis;
  keyPrefix: string;
  core: SupportCore;
  customers: RecordingAdapter;
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

export async function startHarness(options: { slack?: boolean; config?: Partial<HandoffConfig>; now?: () => Date; consoleOutput?: Writable } = {}): Promise<Harness> {
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
    slack: slack ? { botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, staffChannel: STAFF_CHANNEL, apiUrl: slack.url } : undefined,
    ...options.config,
  };
  // Slack configured → the Slack staff side; otherwise the local console, as bin/start wires it.
  const staffSlack = config.slack ? createSlackStaffSide({ config: config.slack, redis, logger: silentLogger, retries: 0 }) : undefined;
  const handoff = createHandoff({
    redis,
    keyPrefix,
    logger: silentLogger,
    config,
    staff: staffSlack ?? consoleStaffSide(options.consoleOutput ?? process.stdout),
    now: options.now,
    worker: { lockDuration: 2000, stalledInterval: 500 },
  });
  const store = new RedisConversationStore(redis, { keyPrefix, ttlSeconds: 3600, historyLimit: 30 });
  const core = new SupportCore({ store, answerer: sharedAnswerer(), handoff: handoff.port, logger: silentLogger, maxMessageChars: 2000 });
  const customers = new RecordingAdapter();
  core.registerAdapter(customers);
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
      const keys = await redis.keys(`${keyPrefix}:*`);
      if (keys.length) await redis.del(...keys);
      cleaner.disconnect();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await slack?.stop();
      redis.disconnect();
    },
  };
}

/** Poll until `check` returns something truthy (behaviour, not timing: the deadline only bounds a hang). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
