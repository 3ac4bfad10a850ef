/**
 * Customers on Teams: the real botbuilder CloudAdapter on our /api/messages, replying to a local fake Bot Connector
 * through each activity's serviceUrl.
 */
import { EnvReader } from '../core/config';
import { silentLogger } from '../core/log';
import { WebhookServer } from '../adapters/http-server';
import { readTeamsConfig } from '../adapters/teams/config';
import { TeamsAdapter } from '../adapters/teams/teams-adapter';
import { postActivity, teamsMessage } from './fakes/fake-teams';
import { runAdapterContract } from './helpers/adapter-contract';
import { connectRedis } from './helpers/redis';
import { CONVERSATION, NO_AUTH, TeamsHarness } from './helpers/teams-harness';

runAdapterContract('teams', () => new TeamsHarness());

describe('teams specifics', () => {
  test('the conversation reference stored in Redis lets another process send to the address later', async () => {
    const first = new TeamsHarness();
    const adapter = await first.createAdapter();
    await adapter.start(async () => undefined);
    await first.customerSays('hello');
    // A second "process": its own adapter and Redis connection, same prefix, no activity received.
    const redis = connectRedis();
    const other = new TeamsAdapter({ config: NO_AUTH, redis, keyPrefix: first.prefix, server: new WebhookServer({ logger: silentLogger }), logger: silentLogger });
    await other.send(first.address, { text: 'Alex from our team has joined.' });
    expect(first.connector.posted.map((p) => p.activity.text)).toEqual(['Alex from our team has joined.']);
    expect(first.connector.posted[0].conversationId).toBe(CONVERSATION);
    await redis.quit();
    await first.close();
  });

  test('sending to a conversation that never wrote fails with a clear error', async () => {
    const harness = new TeamsHarness();
    const adapter = await harness.createAdapter();
    await expect(adapter.send('teams:a:unknown', { text: 'hi' })).rejects.toThrow(/No Teams conversation reference stored for teams:a:unknown/);
    await harness.close();
  });

  test('with an app id and password, a request without or with a forged JWT gets 401 and nothing is processed', async () => {
    const harness = new TeamsHarness({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', authenticated: true });
    const adapter = await harness.createAdapter();
    const received: string[] = [];
    await adapter.start(async (m) => {
      received.push(m.text);
    });
    const activity = teamsMessage(harness.connector.serviceUrl, CONVERSATION, { text: 'hello' });
    expect(await postActivity(harness.endpoint, activity)).toBe(401);
    expect(await postActivity(harness.endpoint, activity, 'Bearer not-a-real-token')).toBe(401);
    expect(received).toEqual([]);
    expect(harness.connector.posted).toEqual([]);
    await harness.close();
  });

  test('group chats and edits are not customer messages', async () => {
    const harness = new TeamsHarness();
    const adapter = await harness.createAdapter();
    const received: string[] = [];
    await adapter.start(async (m) => {
      received.push(m.text);
    });
    await postActivity(harness.endpoint, teamsMessage(harness.connector.serviceUrl, '19:group', { text: 'hi', conversation: { id: '19:group', conversationType: 'groupChat' } }));
    await postActivity(harness.endpoint, teamsMessage(harness.connector.serviceUrl, CONVERSATION, { type: 'messageUpdate', text: 'edited' }));
    expect(received).toEqual([]);
    await harness.close();
  });

  test('production refuses to start without credentials, naming the variables', () => {
    const reader = new EnvReader({ NODE_ENV: 'production' });
    readTeamsConfig(reader, { NODE_ENV: 'production' });
    expect(reader.problems.join('\n')).toMatch(/TEAMS_APP_ID and TEAMS_APP_PASSWORD/);
    const noPassword = new EnvReader({ TEAMS_APP_ID: 'x' });
    readTeamsConfig(noPassword, {});
    expect(noPassword.problems.join('\n')).toMatch(/TEAMS_APP_PASSWORD is required with TEAMS_APP_ID/);
  });
});
