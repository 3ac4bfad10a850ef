/**
 * Customers on Slack: the real Bolt app (the same one staff use) against the local fake Slack Web API, with
 * correctly signed events and clicks sent to its receiver.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../core/log';
import { createSlackApp, type SlackApp } from '../adapters/slack/app';
import { SlackCustomerAdapter } from '../adapters/slack/customers';
import { FakeSlack, SlackSender } from '../fakes/fake-slack';
import { runAdapterContract, type AdapterHarness, type DeliveredMessage } from './helpers/adapter-contract';

const SECRET = 'test-signing-secret';
const STAFF = 'CSTAFF01';
const DM = 'DCUSTOMER1';
const CUSTOMER = 'UCUSTOMER1';

class SlackHarness implements AdapterHarness {
  readonly address = `slack:${DM}`;
  readonly maxMessageLength = 3000;
  readonly fake = new FakeSlack();
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
    return new SlackCustomerAdapter({ app: this.slack.app, staffChannel: STAFF, customerChannels: ['CSHARED01'], logger: silentLogger });
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

