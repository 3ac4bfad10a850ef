/**
 * Customers on Teams: the real botbuilder CloudAdapter on our /api/messages, replying to a local fake Bot Connector
 * through each activity's serviceUrl.
 */
import { EnvReader } from '../core/config';
import { silentLogger } from '../core/log';
import { WebhookServer } from '../server/http-server';
import { readTeamsConfig } from '../adapters/teams/config';
import { TeamsAdapter } from '../adapters/teams/teams-adapter';
import { generateKeyPairSync } from 'node:crypto';
import { postActivity, signJwt, teamsMessage, BOT_CONNECTOR_ISSUER } from '../fakes/fake-teams';
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

  test('the address escapes the conversation id\'s ":" and round-trips; an address written before escaping still reaches the conversation', async () => {
    const harness = new TeamsHarness();
    const adapter = await harness.createAdapter();
    const received: string[] = [];
    await adapter.start(async (m) => {
      received.push(m.address);
    });
    try {
      await harness.customerSays('hello');
      expect(received).toEqual([`teams:a%3A1customer-personal-chat`]);
      expect(adapter.decodeAddress(received[0])).toEqual([CONVERSATION]);
      expect(adapter.decodeAddress(`teams:${CONVERSATION}`)).toEqual([CONVERSATION]);
      await adapter.send(`teams:${CONVERSATION}`, { text: 'Sent to a legacy address.' });
      expect(harness.delivered().map((d) => d.text)).toEqual(['Sent to a legacy address.']);
      expect(() => adapter.decodeAddress('telegram:12345')).toThrow(/not a teams address: it belongs to platform "telegram"/);
    } finally {
      await harness.close();
    }
  });

  test('sending to a conversation that never wrote fails with a clear error', async () => {
    const harness = new TeamsHarness();
    const adapter = await harness.createAdapter();
    await expect(adapter.send('teams:a:unknown', { text: 'hi' })).rejects.toThrow(/No Teams conversation reference stored for teams:a:unknown/);
    await harness.close();
  });

  describe('with an app id and password (JWT verification on)', () => {
    const APP_ID = '00000000-0000-0000-0000-000000000001';
    let harness: TeamsHarness;
    let received: string[];
    beforeEach(async () => {
      // CloudAdapter prints every rejected request with console.error; keep the test output readable.
      // jest.spyOn(console, 'error').mockImplementation(() => undefined);
      harness = new TeamsHarness((connector) => ({ appId: APP_ID, appPassword: 'secret', authenticated: true, openIdMetadataUrl: connector.openIdMetadataUrl }));
      const adapter = await harness.createAdapter();
      received = [];
      await adapter.start(async (m) => {
        received.push(m.text);
      });
    });
    afterEach(async () => {
      jest.restoreAllMocks();
      await harness.close();
    });

    test('a request with the Bot Connector\'s signed token is processed', async () => {
      const activity = teamsMessage(harness.connector.serviceUrl, CONVERSATION, { text: 'hello' });
      expect(await postActivity(harness.endpoint, activity, `Bearer ${harness.connector.signToken(APP_ID)}`)).toBe(200);
      expect(received).toEqual(['hello']);
    });

    test('no token, a garbage token, a forged signature or a token for another app gets 401 and nothing is processed', async () => {
      const activity = teamsMessage(harness.connector.serviceUrl, CONVERSATION, { text: 'hello' });
      const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const now = Math.floor(Date.now() / 1000);
      const forged = signJwt(forger, harness.connector.keyId, { iss: BOT_CONNECTOR_ISSUER, aud: APP_ID, serviceurl: harness.connector.serviceUrl, nbf: now - 60, exp: now + 3600 });
      expect(await postActivity(harness.endpoint, activity)).toBe(401);
      expect(await postActivity(harness.endpoint, activity, 'Bearer not-a-real-token')).toBe(401);
      expect(await postActivity(harness.endpoint, activity, `Bearer ${forged}`)).toBe(401);
      expect(await postActivity(harness.endpoint, activity, `Bearer ${harness.connector.signToken('another-app')}`)).toBe(401);
      expect(await postActivity(harness.endpoint, activity, `Bearer ${harness.connector.signToken(APP_ID, { serviceurl: 'https://evil.example' })}`)).toBe(401);
      expect(received).toEqual([]);
      expect(harness.connector.posted).toEqual([]);
      expect(await harness.redis.keys(`${harness.prefix}:*`)).toEqual([]);
    });
  });

  test('a 429 from the Bot Connector is retried after Retry-After, and the message is delivered once', async () => {
    const harness = new TeamsHarness(NO_AUTH, { retryDelayMs: 1 });
    const adapter = await harness.createAdapter();
    await adapter.start(async () => undefined);
    try {
      await harness.customerSays('hello');
      harness.connector.failNext(429, { 'retry-after': '1' });
      await adapter.send(harness.address, { text: 'Here is your answer.' });
      expect(harness.connector.posted.map((p) => p.activity.text)).toEqual(['Here is your answer.']);
      expect(harness.connector.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await harness.close();
    }
  });

  test('when the core fails the request gets 500 (not acknowledged), and a redelivery is processed', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const harness = new TeamsHarness(NO_AUTH, { retryDelayMs: 1 });
    const adapter = await harness.createAdapter();
    let failing = true;
    const received: string[] = [];
    await adapter.start(async (m) => {
      if (failing) throw new Error('Redis is down');
      received.push(m.id);
    });
    try {
      const activity = teamsMessage(harness.connector.serviceUrl, CONVERSATION, { text: 'where is my order?' });
      expect(await postActivity(harness.endpoint, activity)).toBe(500);
      failing = false;
      expect(await postActivity(harness.endpoint, activity)).toBe(200);
      expect(received).toEqual([activity.id]);
    } finally {
      jest.restoreAllMocks();
      await harness.close();
    }
  });

  test('a reply in a script that takes several bytes a character is split to fit Teams\' byte limit', async () => {
    const harness = new TeamsHarness();
    const adapter = await harness.createAdapter();
    await adapter.start(async () => undefined);
    try {
      await harness.customerSays('hello');
      const text = Array.from({ length: 2000 }, (_, i) => `Строка номер ${i} длинного ответа.`).join('\n');
      await adapter.send(harness.address, { text, choices: [{ id: 'person', label: 'Talk to a person' }] });
      const parts = harness.delivered();
      expect(parts.length).toBeGreaterThan(2);
      for (const part of parts) expect(Buffer.byteLength(part.text, 'utf8')).toBeLessThanOrEqual(24_000);
      expect(parts[parts.length - 1].choiceIds).toEqual(['person']);
    } finally {
      await harness.close();
    }
  });

  test('a click reaches the core as the choice, with the button\'s label as its text', async () => {
    const harness = new TeamsHarness();
    const adapter = await harness.createAdapter();
    const received: { text: string; choiceId?: string; attachments?: unknown[] }[] = [];
    await adapter.start(async (m) => {
      received.push({ text: m.text, choiceId: m.choiceId, attachments: m.attachments });
    });
    try {
      await harness.customerSays('hello');
      await adapter.send(harness.address, { text: 'Did you mean…', choices: [{ id: 'kb:fees', label: 'Are there fees?' }] });
      await harness.customerClicks('kb:fees');
      expect(received[1]).toEqual({ text: 'Are there fees?', choiceId: 'kb:fees', attachments: [] });
    } finally {
      await harness.close();
    }
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
    const required = new EnvReader({ TEAMS_REQUIRE_AUTH: 'true' });
    readTeamsConfig(required, { TEAMS_REQUIRE_AUTH: 'true' });
    expect(required.problems.join('\n')).toMatch(/TEAMS_APP_ID and TEAMS_APP_PASSWORD/);
    const noPassword = new EnvReader({ TEAMS_APP_ID: 'x' });
    readTeamsConfig(noPassword, {});
    expect(noPassword.problems.join('\n')).toMatch(/TEAMS_APP_PASSWORD is required with TEAMS_APP_ID/);
    // Issue 14 #8: without credentials only with an explicit TEAMS_EMULATOR=true (loopback service URLs only).
    const bare = new EnvReader({});
    readTeamsConfig(bare, {});
    expect(bare.problems.join('\n')).toMatch(/TEAMS_EMULATOR=true/);
    const local = new EnvReader({ TEAMS_EMULATOR: 'true' });
    expect(readTeamsConfig(local, { TEAMS_EMULATOR: 'true' })).toMatchObject({ authenticated: false, emulator: true });
    expect(local.problems).toEqual([]);
  });
});
