/**
 * Slack in Socket Mode (SLACK_APP_TOKEN): the real Bolt app with its SocketModeReceiver connects to a local fake
 * of Slack's WebSocket (found through the fake Web API's apps.connections.open), and the whole handoff loop runs
 * over envelopes: a Slack customer's DM → page → Claim click → thread reply → the customer gets it → slash
 * commands. Every envelope must be acknowledged within Slack's 3 s. Each envelope is processed once, whichever
 * connection (replica) it reaches and however often it is redelivered.
 */
import Redis from 'ioredis';
import { createLogger, silentLogger } from '../core/log';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { createSlackApp, type SlackApp } from '../adapters/slack/app';
import { SlackCustomerAdapter } from '../adapters/slack/customers';
import { createSlackStaffSide, type SlackStaffSide } from '../adapters/slack/staff-side';
import { ACTION_CLAIM } from '../adapters/slack/staff';
import { createHandoff, type Handoff } from '../handoff/index';
import type { HandoffConfig } from '../handoff/config';
import { FAKE_BOT_USER, FakeSlack } from '../fakes/fake-slack';
import { FakeSlackSocket } from '../fakes/fake-slack-socket';
import { buildCore, demoAnswerer } from './kit/core-builder';
import { eventually } from './kit/eventually';
import { deleteKeys, REDIS_URL, uniquePrefix } from './helpers/redis';

const STAFF = 'CSTAFF01';
const DM = 'DCUSTOMER1';
const CUSTOMER = 'UCUSTOMER1';
const AGENT = 'UAGENT1';
const ADDRESS = `slack:${DM}`;

describe('Slack in Socket Mode', () => {
  const keyPrefix = uniquePrefix('socket');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const web = new FakeSlack();
  const socket = new FakeSlackSocket();
  let staff: SlackStaffSide;
  let handoff: Handoff;
  let config: HandoffConfig;
  let seq = 0;

  beforeAll(async () => {
    // Train the demo answerer first: it keeps the CPU busy for a while, which would stall Bolt's start-up calls.
    demoAnswerer();
    await web.start();
    await socket.start(web);
    web.channelMembers.set(STAFF, [FAKE_BOT_USER, AGENT]);
    web.users.set(AGENT, { name: 'dana', real_name: 'Dana Scully' });
    web.users.set(CUSTOMER, { name: 'ana', real_name: 'Ana Lima' });
    config = {
      queueName: `handoff-${keyPrefix.replace(/:/g, '-')}`,
      repageAfterMs: 60_000,
      escalateAfterMs: 60_000,
      redact: true,
      recordRetentionSeconds: 3600,
      transcriptLines: 8,
      runWorker: true,
      // No signing secret and no public URL: the app token is enough.
      slack: { botToken: 'xoxb-test', signingSecret: '', staffChannel: STAFF, apiUrl: web.url, appToken: 'xapp-1-A0001-test' },
    } as HandoffConfig;
    staff = createSlackStaffSide({ config: config.slack!, redis, logger: process.env.DEBUG_SOCKET ? createLogger('debug') : silentLogger, retries: 0 });
    expect(staff.socketMode).toBe(true);
    expect(staff.requestListener).toBeUndefined();
    handoff = createHandoff({ redis, keyPrefix, logger: silentLogger, config, staff, worker: { lockDuration: 2000, stalledInterval: 500 } });
    const customers = new SlackCustomerAdapter({ app: staff.app, staffChannel: STAFF, customerChannels: [], logger: silentLogger });
    const store = new RedisConversationStore(redis, { keyPrefix, ttlSeconds: 600, historyLimit: 30 });
    const { core } = buildCore({ adapter: customers, store, handoff: handoff.port });
    await customers.start((message) => core.handleInbound(message));
    await handoff.start(core); // attaches the staff side: opens the socket
    await socket.connected(1);
  }, 60_000);

  afterAll(async () => {
    await handoff.stop();
    const { Queue } = await import('bullmq');
    const queue = new Queue(config.queueName, { connection: redis, prefix: `${keyPrefix}:bull` });
    await queue.obliterate({ force: true });
    await queue.close();
    await deleteKeys(redis, keyPrefix);
    await socket.stop();
    await web.stop();
    redis.disconnect();
  });

  const dm = () => web.messages.filter((m) => m.channel === DM);
  /** An envelope sent and acknowledged within Slack's 3 s; resolves with the ack's payload. */
  async function deliver(envelope: ReturnType<FakeSlackSocket['eventEnvelope']>, to: number | 'all' = 0) {
    socket.send(envelope, to);
    const ack = await socket.acked(envelope.envelope_id);
    expect(ack.ms).toBeLessThanOrEqual(3000);
    return ack.payload;
  }
  function customerSays(text: string) {
    seq += 1;
    return deliver(socket.eventEnvelope({ type: 'message', channel: DM, channel_type: 'im', user: CUSTOMER, text, ts: `1700000100.${String(seq).padStart(6, '0')}` }, `EvCust${seq}`));
  }

  test('the full handoff loop over the socket: DM → page → claim → thread reply → customer; slash commands acked', async () => {
    // A Slack customer asks for a person: the bot's reply goes to their DM, staff are paged.
    await customerSays('I want to talk to a real person please');
    const id = await eventually(() => handoff.records.openIdFor(ADDRESS), 'handoff opened');
    const page = await eventually(async () => (await handoff.records.get(id))?.page, 'page posted');
    expect(page.channel).toBe(STAFF);
    expect(dm().length).toBeGreaterThan(0);

    // Claim: an interactive envelope, acked within 3 s; the customer is told who joined.
    await deliver(socket.clickEnvelope({ actionId: ACTION_CLAIM, value: id, user: AGENT, channel: STAFF, messageTs: page.ts }));
    await eventually(() => dm().some((m) => m.text.includes('Dana from our team has joined')), 'customer told Dana joined');

    // The agent replies in the page's thread: an events_api envelope; the customer gets it in their DM.
    const reply = { type: 'message', channel: STAFF, user: AGENT, text: 'Your refund left today.', ts: '1700000200.000100', thread_ts: page.ts };
    await deliver(socket.eventEnvelope(reply, 'EvReply1'));
    await eventually(() => dm().some((m) => m.text.includes('Your refund left today.')), 'agent reply reaches the customer');

    // Slash commands: /handoffs answers in its ack (Socket Mode carries the response in the ack's payload).
    const listed = (await deliver(socket.slashCommandEnvelope({ command: '/handoffs', user: AGENT, channel: STAFF }))) as { text?: string } | undefined;
    expect(listed?.text).toBeDefined();
    await deliver(socket.slashCommandEnvelope({ command: '/resolve', user: AGENT, channel: STAFF }));
    await eventually(async () => (await handoff.records.get(id))?.status === 'resolved', 'resolved by /resolve');
    await eventually(() => dm().some((m) => JSON.stringify(m.blocks ?? []).includes('rate:5')), 'customer asked for a rating');
  });

  test('the same envelope delivered twice, and a retry of its event on a new envelope, reach the customer once; every delivery is acked', async () => {
    await customerSays('I need a human agent');
    const id = await eventually(async () => {
      const open = await handoff.records.openIdFor(ADDRESS);
      return open && (await handoff.records.get(open))?.page ? open : undefined;
    }, 'second handoff paged');
    const page = (await handoff.records.get(id))!.page!;
    await deliver(socket.clickEnvelope({ actionId: ACTION_CLAIM, value: id, user: AGENT, channel: STAFF, messageTs: page.ts }));
    await eventually(async () => (await handoff.records.get(id))?.status === 'claimed', 'claimed');

    const reply = { type: 'message', channel: STAFF, user: AGENT, text: 'Sent once, delivered thrice.', ts: '1700000300.000100', thread_ts: page.ts };
    const envelope = socket.eventEnvelope(reply, 'EvTwice');
    await deliver(envelope);
    await deliver(envelope); // the very same envelope again
    await deliver({ ...socket.eventEnvelope(reply, 'EvTwice', 1) }); // Slack's retry: same event id, new envelope
    expect(socket.ackCount(envelope.envelope_id)).toBe(2);
    // A later message goes through, so the duplicates had their chance to be (wrongly) relayed before it.
    await deliver(socket.eventEnvelope({ ...reply, text: 'And this one after.', ts: '1700000300.000200' }, 'EvAfter'));
    await eventually(() => dm().some((m) => m.text.includes('And this one after.')), 'later reply delivered');
    expect(dm().filter((m) => m.text.includes('Sent once, delivered thrice.'))).toHaveLength(1);
  });

  test('two replicas each holding a socket: an envelope that reaches both is handled by one', async () => {
    const prefix = `${keyPrefix}:replicas`;
    const handled: string[] = [];
    const replicas: SlackApp[] = ['one', 'two'].map((name) => {
      const app = createSlackApp({
        botToken: 'xoxb-test',
        signingSecret: '',
        apiUrl: web.url,
        logger: silentLogger,
        retries: 0,
        appToken: 'xapp-1-A0001-test',
        firstDelivery: async (envelopeId) => (await redis.set(`${prefix}:${envelopeId}`, '1', 'EX', 60, 'NX')) === 'OK',
      });
      app.app.event('app_mention', async ({ event }) => {
        handled.push(`${name}:${(event as { text: string }).text}`);
      });
      return app;
    });
    const before = socket.connections.length;
    await Promise.all(replicas.map((r) => r.connect()));
    await socket.connected(before + 2);
    try {
      const mention = (text: string, eventId: string) => socket.eventEnvelope({ type: 'app_mention', channel: 'CX', user: AGENT, text, ts: `1700000400.${eventId.length}` }, eventId);
      const both = mention('to every socket', 'EvBoth');
      socket.send(both, 'all');
      expect((await socket.acked(both.envelope_id)).ms).toBeLessThanOrEqual(3000);
      await eventually(() => socket.ackCount(both.envelope_id) === socket.connections.length || undefined, 'acked on every connection');
      const next = mention('next', 'EvNext');
      await deliver(next, before + 1);
      await eventually(() => handled.some((h) => h.endsWith(':next')), 'next handled');
      expect(handled.filter((h) => h.endsWith(':to every socket'))).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((r) => r.disconnect()));
    }
  });
});
