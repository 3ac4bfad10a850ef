/**
 * Customers on Slack: the real Bolt app (the same one staff use) against the local fake Slack Web API, with
 * correctly signed events and clicks sent to its receiver.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../core/log';
import { createSlackApp, type SlackApp } from '../adapters/slack/app';
import { SlackCustomerAdapter, type SlackCustomerAdapterOptions } from '../adapters/slack/customers';
import { FakeSlack, SlackSender } from '../fakes/fake-slack';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { DeadLetters } from '../admin/dead-letters';
import { runAdapterContract, type AdapterHarness, type DeliveredMessage } from './helpers/adapter-contract';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';
import { eventually } from './kit/eventually';

const SECRET = 'test-signing-secret';
const STAFF = 'CSTAFF01';
const DM = 'DCUSTOMER1';
const CUSTOMER = 'UCUSTOMER1';

class SlackHarness implements AdapterHarness {
  readonly address = `slack:${DM}`;
  readonly maxMessageLength = 3000;
  readonly fake = new FakeSlack();
  /** More adapter options (dead letters, delivery attempts). */
  adapterOptions: Partial<SlackCustomerAdapterOptions> = {};
  slack!: SlackApp;
  sender!: SlackSender;
  private server?: Server;
  private seq = 0;
  private readonly events = new Map<string, { event: Record<string, unknown>; eventId: string }>();

  async createAdapter() {
    await this.fake.start();
    this.slack = createSlackApp({ botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: this.fake.url, logger: silentLogger, retries: 0 });
    this.server = createServer(this.slack.requestListener);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.sender = new SlackSender(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}/slack/events`, SECRET);
    return new SlackCustomerAdapter({ app: this.slack.app, staffChannel: STAFF, customerChannels: ['CSHARED01'], logger: silentLogger, ...this.adapterOptions });
  }

  async customerSays(text: string, channel = DM, extra: Record<string, unknown> = {}) {
    this.seq += 1;
    const ts = `1700000000.${String(this.seq).padStart(6, '0')}`;
    const event = { type: 'message', channel, channel_type: channel === DM ? 'im' : 'channel', user: CUSTOMER, text, ts, ...extra };
    const eventId = `Ev${this.seq}`;
    this.events.set(ts, { event, eventId });
    const response = await this.sender.event(event, eventId);
    expect(response.status).toBe(200);
    return ts;
  }

  async redeliver(ts: string) {
    const { event, eventId } = this.events.get(ts)!;
    await this.sender.event(event, eventId);
  }

  async customerClicks(choiceId: string) {
    const message = [...this.fake.messages].reverse().find((m) => this.choicesOf(m.blocks).includes(choiceId))!;
    const response = await this.sender.click({ actionId: 'customer_choice_0', value: choiceId, user: CUSTOMER, channel: message.channel, messageTs: message.ts });
    expect(response.status).toBe(200);
  }

  async customerSendsNonText() {
    await this.customerSays('', DM, { subtype: 'file_share', files: [{ id: 'F1', mimetype: 'image/png' }] });
  }

  delivered(channel = DM): DeliveredMessage[] {
    return this.fake.messages.filter((m) => m.channel === channel).map((m) => ({ text: m.text, choiceIds: this.choicesOf(m.blocks) }));
  }

  private choicesOf(blocks: unknown[] | undefined): string[] {
    const actions = (blocks ?? []).find((b) => (b as { type: string }).type === 'actions') as { elements: { value: string }[] } | undefined;
    return actions?.elements.map((e) => e.value) ?? [];
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.fake.stop();
  }
}

runAdapterContract('slack', () => new SlackHarness());

describe('slack customers, platform specifics', () => {
  let harness: SlackHarness;
  let received: { address: string; text: string; choiceId?: string }[];

  beforeEach(async () => {
    harness = new SlackHarness();
    const adapter = await harness.createAdapter();
    received = [];
    await adapter.start(async (m) => {
      received.push({ address: m.address, text: m.text, choiceId: m.choiceId });
    });
  });
  afterEach(() => harness.close());

  const settle = () => new Promise((r) => setTimeout(r, 150));

  test('a message in a shared customer channel is a conversation in its own thread', async () => {
    const ts = await harness.customerSays('where is my refund?', 'CSHARED01');
    await settle();
    expect(received).toEqual([{ address: `slack:CSHARED01:${ts}`, text: 'where is my refund?', choiceId: undefined }]);
  });

  test('the staff channel, other channels, edits and bot messages are not customer messages', async () => {
    await harness.customerSays('hello from staff', STAFF);
    await harness.customerSays('random channel', 'CRANDOM01');
    await harness.customerSays('edited', DM, { subtype: 'message_changed' });
    await harness.customerSays('from a bot', DM, { bot_id: 'BOTHER' });
    await settle();
    expect(received).toEqual([]);
  });

  test('forged and stale signatures are rejected with 401 and nothing is processed', async () => {
    const event = { type: 'message', channel: DM, channel_type: 'im', user: CUSTOMER, text: 'hi', ts: '1700000001.000001' };
    expect((await harness.sender.event(event, 'EvForged', { secret: 'wrong-secret' })).status).toBe(401);
    expect((await harness.sender.event(event, 'EvStale', { skewSeconds: -600 })).status).toBe(401);
    await settle();
    expect(received).toEqual([]);
  });
});


describe('slack customers, dead letters (acknowledged to Slack first, so never dropped)', () => {
  let harness: SlackHarness;
  let redis: Redis;
  let deadLetters: DeadLetters;
  let registry: Registry;
  const prefix = uniquePrefix('slack-dead-letters');

  beforeAll(() => {
    redis = connectRedis();
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });
  beforeEach(() => {
    harness = new SlackHarness();
    registry = new Registry();
    deadLetters = new DeadLetters({ redis, keyPrefix: `${prefix}:${Math.random().toString(36).slice(2, 6)}`, logger: silentLogger, registry });
    harness.adapterOptions = { deadLetters, deliveryAttempts: 3, deliveryRetryDelayMs: 10 };
  });
  afterEach(() => harness.close());

  test('a message the core fails permanently for is parked with its error and listed', async () => {
    const adapter = await harness.createAdapter();
    let attempts = 0;
    await adapter.start(async () => {
      attempts++;
      throw new Error('Redis is down');
    });
    const ts = await harness.customerSays('I need my refund please');
    const listed = await eventually(async () => {
      const found = await deadLetters.list();
      return found.total === 1 ? found : undefined;
    }, 'the dead letter');
    expect(listed.letters[0]).toMatchObject({
      platform: 'slack',
      message: { id: ts, address: `slack:${DM}`, text: 'I need my refund please' },
      error: 'Error: Redis is down',
      attempts: 3,
    });
    expect(attempts).toBe(3);
    expect(await registry.getSingleMetricAsString('support_dead_letters_total')).toContain('support_dead_letters_total{platform="slack"} 1');
  });
});
