/**
 * Customers on Discord: the real discord.js client against a local fake Discord (REST + WebSocket gateway).
 */
import { silentLogger } from '../core/log';
import { DiscordAdapter } from '../adapters/discord/discord-adapter';
import { APPLICATION_ID, BOT_USER, FakeDiscord, messageCreate } from '../fakes/fake-discord';
import { runAdapterContract, type AdapterHarness, type DeliveredMessage } from './helpers/adapter-contract';

const DM_CHANNEL = '700000000000000001';
const SUPPORT_CHANNEL = '700000000000000050';

class DiscordHarness implements AdapterHarness {
  readonly address = `discord:${DM_CHANNEL}`;
  readonly maxMessageLength = 2000;
  readonly fake = new FakeDiscord('fake.discord.token', [SUPPORT_CHANNEL]);
  readonly sdkDropsRedeliveries = true;
  private readonly sent = new Map<string, Record<string, unknown>>();

  async createAdapter() {
    const apiUrl = await this.fake.start();
    const adapter = new DiscordAdapter({ config: { token: this.fake.token, apiUrl, supportChannelId: SUPPORT_CHANNEL }, logger: silentLogger });
    // The contract starts the adapter; the fake gateway is ready for it.
    return adapter;
  }

  async customerSays(text: string, channelId = DM_CHANNEL, guild = false, extra: Record<string, unknown> = {}) {
    await this.fake.connected();
    const message = messageCreate(this.fake, { channelId, content: text, guild, extra });
    this.sent.set(String(message.id), message);
    this.fake.dispatch('MESSAGE_CREATE', message);
    return String(message.id);
  }

  async redeliver(id: string) {
    this.fake.dispatch('MESSAGE_CREATE', this.sent.get(id)!);
  }

  async customerClicks(choiceId: string) {
    const message = [...this.fake.posted].reverse().find((p) => this.choicesOf(p).includes(choiceId))!;
    const id = this.fake.nextId();
    this.fake.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APPLICATION_ID,
      type: 3,
      token: `token-${id}`,
      version: 1,
      channel_id: message.channelId,
      channel: { id: message.channelId, type: 1 },
      user: { id: '800000000000000001', username: 'ana', discriminator: '0', global_name: 'Ana Lima', avatar: null },
      data: { custom_id: choiceId, component_type: 2 },
      message: { id: this.fake.nextId(), channel_id: message.channelId, content: message.body.content, author: BOT_USER, components: message.body.components, timestamp: new Date().toISOString(), type: 0, attachments: [], embeds: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, edited_timestamp: null },
      locale: 'en-US',
      app_permissions: '0',
      entitlements: [],
      authorizing_integration_owners: {},
      context: 1,
    });
  }

  async customerSendsNonText() {
    await this.customerSays('', DM_CHANNEL, false, { attachments: [{ id: '1', filename: 'cat.png', size: 10, url: 'https://cdn.invalid/cat.png', proxy_url: 'https://cdn.invalid/cat.png', content_type: 'image/png' }] });
  }

  delivered(channelId = DM_CHANNEL): DeliveredMessage[] {
    return this.fake.posted.filter((p) => p.channelId === channelId).map((p) => ({ text: p.body.content, choiceIds: this.choicesOf(p) }));
  }

  private choicesOf(posted: { body: { components?: { components: { custom_id: string }[] }[] } }): string[] {
    return (posted.body.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id));
  }

  async close() {
    await this.fake.stop();
  }
}

runAdapterContract('discord', () => new DiscordHarness());

describe('discord specifics', () => {
  let harness: DiscordHarness;
  let adapter: DiscordAdapter;
  let received: { address: string; text: string }[];
  const settle = () => new Promise((r) => setTimeout(r, 150));

  beforeEach(async () => {
    harness = new DiscordHarness();
    adapter = await harness.createAdapter();
    received = [];
    await adapter.start(async (m) => {
      received.push({ address: m.address, text: m.text });
    });
  });
  afterEach(async () => {
    await adapter.stop();
    await harness.close();
  });

  test('a mention in the support channel starts a thread, and the conversation lives there', async () => {
    await harness.customerSays(`<@${BOT_USER.id}> where is my refund?`, SUPPORT_CHANNEL, true, { mentions: [BOT_USER] });
    await settle();
    expect(harness.fake.threadsStarted).toHaveLength(1);
    const thread = harness.fake.threadsStarted[0].threadId;
    expect(received).toEqual([{ address: `discord:${thread}`, text: 'where is my refund?' }]);
    await adapter.send(`discord:${thread}`, { text: 'Here is your answer.' });
    expect(harness.delivered(thread).map((d) => d.text)).toEqual(['Here is your answer.']);
  });

  test('messages in the support channel without a mention, in other channels, from bots and edits are ignored', async () => {
    await harness.customerSays('just chatting', SUPPORT_CHANNEL, true);
    await harness.customerSays('elsewhere', '700000000000000099', true);
    await harness.customerSays('beep', DM_CHANNEL, false, { author: { ...BOT_USER, id: '800000000000000077' } });
    harness.fake.dispatch('MESSAGE_UPDATE', { ...messageCreate(harness.fake, { channelId: DM_CHANNEL, content: 'edited' }), edited_timestamp: new Date().toISOString() });
    await settle();
    expect(received).toEqual([]);
  });

  test('"typing…" goes through the REST API', async () => {
    await adapter.showTyping(`discord:${DM_CHANNEL}`);
    expect(harness.fake.typing).toEqual([DM_CHANNEL]);
  });
});

test('a rejected token fails at start naming DISCORD_BOT_TOKEN', async () => {
  const fake = new FakeDiscord();
  const apiUrl = await fake.start();
  const adapter = new DiscordAdapter({ config: { token: 'wrong.token', apiUrl }, logger: silentLogger });
  await expect(adapter.start(async () => undefined)).rejects.toThrow(/DISCORD_BOT_TOKEN/);
  await fake.stop();
});
