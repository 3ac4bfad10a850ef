/** Teams as the adapter contract and the full-loop test drive it: the real CloudAdapter replying to a fake Bot Connector. */
import type Redis from 'ioredis';
import { encodeAddress } from '../../core/address';
import { silentLogger } from '../../core/log';
import { WebhookServer } from '../../server/http-server';
import type { TeamsConfig } from '../../adapters/teams/config';
import { TeamsAdapter, TEAMS_MESSAGES_PATH, TEAMS_TEXT_LIMIT, type TeamsAdapterOptions } from '../../adapters/teams/teams-adapter';
import { FakeTeamsConnector, postActivity, teamsMessage } from '../../fakes/fake-teams';
import type { AdapterHarness, DeliveredMessage } from './adapter-contract';
import { connectRedis, deleteKeys, uniquePrefix } from './redis';

export const CONVERSATION = 'a:1customer-personal-chat';
export const NO_AUTH: TeamsConfig = { appId: '', appPassword: '', authenticated: false };

export class TeamsHarness implements AdapterHarness {
  /** Teams conversation ids contain ':', escaped in the address (`teams:a%3A1customer-personal-chat`). */
  readonly address = encodeAddress('teams', [CONVERSATION]);
  readonly maxMessageLength = TEAMS_TEXT_LIMIT;
  readonly connector = new FakeTeamsConnector();
  readonly server = new WebhookServer({ logger: silentLogger });
  readonly prefix = uniquePrefix('teams');
  redis!: Redis;
  endpoint = '';
  private readonly sent = new Map<string, Record<string, unknown>>();

  /** `config`: the adapter's Teams settings; a function gets the fake connector (for its OpenID metadata URL). */
  constructor(
    private readonly config: TeamsConfig | ((connector: FakeTeamsConnector) => TeamsConfig) = NO_AUTH,
    private readonly overrides: Partial<TeamsAdapterOptions> = {},
  ) {}

  async createAdapter() {
    await this.connector.start();
    this.redis = connectRedis();
    const port = await this.server.listen(0);
    this.endpoint = `http://127.0.0.1:${port}${TEAMS_MESSAGES_PATH}`;
    const config = typeof this.config === 'function' ? this.config(this.connector) : this.config;
    return new TeamsAdapter({ config, redis: this.redis, keyPrefix: this.prefix, server: this.server, logger: silentLogger, ...this.overrides });
  }

  async customerSays(text: string) {
    const activity = teamsMessage(this.connector.serviceUrl, CONVERSATION, { text });
    this.sent.set(String(activity.id), activity);
    expect(await postActivity(this.endpoint, activity)).toBeLessThan(300);
    return String(activity.id);
  }

  async redeliver(id: string) {
    await postActivity(this.endpoint, this.sent.get(id)!);
  }

  /** Teams posts the pressed Action.Submit button's data as the message's value. */
  async customerClicks(choiceId: string) {
    const data = [...this.connector.posted]
      .reverse()
      .flatMap(({ activity }) => (activity.attachments as { content?: { actions?: { data: { choiceId: string } }[] } }[] | undefined) ?? [])
      .flatMap((a) => a.content?.actions ?? [])
      .find((action) => action.data.choiceId === choiceId)?.data;
    expect(data).toBeDefined();
    expect(await postActivity(this.endpoint, teamsMessage(this.connector.serviceUrl, CONVERSATION, { text: undefined, value: data }))).toBeLessThan(300);
  }

  async customerSendsNonText() {
    const attachment = { contentType: 'image/png', contentUrl: 'https://example.invalid/cat.png', name: 'cat.png' };
    expect(await postActivity(this.endpoint, teamsMessage(this.connector.serviceUrl, CONVERSATION, { text: '', attachments: [attachment] }))).toBeLessThan(300);
  }

  delivered(): DeliveredMessage[] {
    return this.connector.posted.map(({ activity }) => {
      const card = (activity.attachments as { content: { body: { text: string }[]; actions: { data: { choiceId: string } }[] } }[] | undefined)?.[0]?.content;
      return card
        ? { text: card.body[0].text, choiceIds: card.actions.map((a) => a.data.choiceId) }
        : { text: String(activity.text ?? ''), choiceIds: [] };
    });
  }

  async close() {
    await this.server.close();
    await this.connector.stop();
    await deleteKeys(this.redis, this.prefix);
    await this.redis.quit();
  }
}

