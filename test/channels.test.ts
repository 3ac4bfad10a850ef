/**
 * Starting channels from configuration, and the one webhook server they share.
 */
import { request } from 'node:http';
import type Redis from 'ioredis';
import { EnvReader } from '../core/config';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { createLogger, silentLogger } from '../core/log';
import { WebhookServer } from '../server/http-server';
import type { Handoff } from '../handoff';
import { configuredChannels, startChannels } from '../bin/channels';
import { FakeDiscord } from '../fakes/fake-discord';
import { FakeTelegram } from '../fakes/fake-telegram';
import { buildCore } from './kit/core-builder';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';

function call(url: string, method: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the webhook server', () => {
  const server = new WebhookServer({ logger: silentLogger, maxBodyBytes: 64, health: () => ({ channels: ['telegram'] }) });
  let base = '';
  beforeAll(async () => {
    server.route('POST', '/echo', async (req, res) => {
      const body = await server.readBody(req);
      res.end(body);
    });
    server.route('POST', '/boom', () => {
      throw new Error('handler bug');
    });
    base = `http://127.0.0.1:${await server.listen(0)}`;
  });
  afterAll(() => server.close());

  test('/healthz answers with the channels', async () => {
    expect(await call(`${base}/healthz`, 'GET')).toEqual({ status: 200, body: '{"ok":true,"channels":["telegram"]}' });
  });

  test('unknown paths get 404, wrong methods 405, oversized bodies 413, handler crashes 500', async () => {
    expect((await call(`${base}/nope`, 'GET')).status).toBe(404);
    expect((await call(`${base}/echo`, 'GET')).status).toBe(405);
    expect((await call(`${base}/echo`, 'POST', 'x'.repeat(65))).status).toBe(413);
    expect((await call(`${base}/boom`, 'POST')).status).toBe(500);
    expect(await call(`${base}/echo`, 'POST', 'hello')).toEqual({ status: 200, body: 'hello' });
  });
});

describe('channels from configuration', () => {
  test('CHANNELS lists them; unset, every platform with credentials runs; unknown names are errors', () => {
    expect(configuredChannels({ TELEGRAM_BOT_TOKEN: 'x', DISCORD_BOT_TOKEN: 'y' }, new EnvReader({}))).toEqual(['telegram', 'discord']);
    expect(configuredChannels({ CHANNELS: 'slack' }, new EnvReader({ CHANNELS: 'slack' }))).toEqual(['slack']);
    const reader = new EnvReader({ CHANNELS: 'telegram,whatsapp' });
    expect(configuredChannels({}, reader)).toEqual(['telegram']);
    expect(reader.problems).toEqual(['CHANNELS has unknown channel(s): whatsapp (known: telegram, discord, teams, slack).']);
  });

  test('a channel whose credentials are rejected fails naming the variable, and the others keep running', async () => {
    const telegram = new FakeTelegram();
    const discord = new FakeDiscord();
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const redis: Redis = connectRedis();
    const prefix = uniquePrefix('channels');
    const { core } = buildCore({ withoutAdapter: true, maxMessageChars: 500, store: new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 60, historyLimit: 10 }) });
    const server = new WebhookServer({ logger: silentLogger });
    const env = {
      TELEGRAM_BOT_TOKEN: '123:WRONG-token-abcdef',
      TELEGRAM_API_ROOT: await telegram.start(),
      DISCORD_BOT_TOKEN: discord.token,
      DISCORD_API_URL: await discord.start(),
    };
    const running = await startChannels(['telegram', 'discord'], { core, env, logger, redis, keyPrefix: prefix, handoff: {} as Handoff, server });
    try {
      expect(running.adapters.map((a) => a.platform)).toEqual(['discord']);
      expect(lines.find((l) => l.includes('channel.failed'))).toMatch(/channel=telegram .*TELEGRAM_BOT_TOKEN/);
      expect(lines.find((l) => l.includes('channel.started'))).toMatch(/channel=discord/);
    } finally {
      await running.stop();
      await telegram.stop();
      await discord.stop();
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });
});
