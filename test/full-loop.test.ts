/**
 * The whole product on each platform: a customer writing from Telegram, Teams or Slack asks for a person, staff
 * are paged in (fake) Slack, one claims with a signed click, and the two talk through the page's thread while
 * the customer stays in their own app. Real SDKs, real Redis, real BullMQ.
 */
import { silentLogger } from '../core/log';
import type { ChannelAdapter } from '../core/types';
import { SlackCustomerAdapter } from '../adapters/slack/customers';
import { ACTION_CLAIM } from '../adapters/slack/staff';
import { eventually, startHarness, STAFF_CHANNEL, type Harness } from './helpers/handoff-harness';
import { TelegramWebhookHarness } from './helpers/telegram-harness';
import { TeamsHarness } from './helpers/teams-harness';
import { DiscordAdapter } from '../adapters/discord/discord-adapter';
import { FakeDiscord, messageCreate } from '../fakes/fake-discord';

interface Customer {
  address: string;
  adapter: ChannelAdapter;
  say(text: string): Promise<unknown>;
  delivered(): string[];
  close(): Promise<void>;
}

const platforms: [string, (h: Harness) => Promise<Customer>][] = [
  [
    'telegram',
    async () => {
      const harness = new TelegramWebhookHarness();
      const adapter = await harness.createAdapter();
      return { address: harness.address, adapter, say: (t) => harness.customerSays(t), delivered: () => harness.delivered().map((d) => d.text), close: () => harness.close() };
    },
  ],
  [
    'teams',
    async () => {
      const harness = new TeamsHarness();
      const adapter = await harness.createAdapter();
      return { address: harness.address, adapter, say: (t) => harness.customerSays(t), delivered: () => harness.delivered().map((d) => d.text), close: () => harness.close() };
    },
  ],
  [
    'discord',
    async () => {
      const fake = new FakeDiscord();
      const apiUrl = await fake.start();
      const channel = '700000000000000002';
      const adapter = new DiscordAdapter({ config: { token: fake.token, apiUrl }, logger: silentLogger });
      return {
        address: `discord:${channel}`,
        adapter,
        say: async (text) => {
          await fake.connected();
          fake.dispatch('MESSAGE_CREATE', messageCreate(fake, { channelId: channel, content: text }));
        },
        delivered: () => fake.posted.filter((p) => p.channelId === channel).map((p) => p.body.content),
        close: () => fake.stop(),
      };
    },
  ],
  [
    'slack',
    async (h) => {
      // Customers DM the same Bolt app staff use.
      const adapter = new SlackCustomerAdapter({ app: h.staffSlack!.app, staffChannel: STAFF_CHANNEL, customerChannels: [], logger: silentLogger });
      let seq = 0;
      return {
        address: 'slack:DFULLLOOP1',
        adapter,
        say: (text) => h.sender!.event({ type: 'message', channel: 'DFULLLOOP1', channel_type: 'im', user: 'UCUST1', text, ts: `1700000100.${String(++seq).padStart(6, '0')}` }, `EvCust${seq}`),
        delivered: () => h.slack!.messages.filter((m) => m.channel === 'DFULLLOOP1').map((m) => m.text),
        close: async () => undefined,
      };
    },
  ],
];

describe.each(platforms)('the full handoff loop for a %s customer', (_name, connect) => {
  let h: Harness;
  let customer: Customer;

  beforeAll(async () => {
    h = await startHarness();
    customer = await connect(h);
    h.core.registerAdapter(customer.adapter);
    await customer.adapter.start(h.core.handleInbound);
  });

  afterAll(async () => {
    await customer.adapter.stop();
    await customer.close();
    await h.close();
  });

  test('paged in Slack, claimed with one click, then customer and agent talk through the thread', async () => {
    await customer.say('I want to talk to a real person');
    const id = await eventually(() => h.handoff.records.openIdFor(customer.address), 'handoff opened');
    const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted in the staff channel');
    await eventually(() => customer.delivered().some((t) => /number 1 in line/.test(t)), 'customer told their place in line');

    const click = await h.sender!.click({ actionId: ACTION_CLAIM, value: id, user: 'UAGENT1', channel: STAFF_CHANNEL, messageTs: page.ts });
    expect(click.status).toBe(200);
    await eventually(() => customer.delivered().some((t) => /from our team has joined/.test(t)), 'customer told a person joined');

    await customer.say('my order number is 55123');
    await eventually(() => h.slack!.threadOf(page.ts).some((m) => m.text.includes('my order number is 55123')), 'customer message in the thread');

    const reply = { type: 'message', channel: STAFF_CHANNEL, user: 'UAGENT1', text: 'Found it, the refund left today.', ts: '1700000200.000001', thread_ts: page.ts };
    expect((await h.sender!.event(reply, `EvStaff-${_name}`)).status).toBe(200);
    await eventually(() => customer.delivered().some((t) => t.includes('Found it, the refund left today.')), 'agent reply delivered in the customer\'s app');
    // The bot said nothing of its own while the person was there.
    const afterClaim = customer.delivered().slice(customer.delivered().findIndex((t) => /has joined/.test(t)) + 1);
    expect(afterClaim.every((t) => t.includes('Found it'))).toBe(true);
  });
});
