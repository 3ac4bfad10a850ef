/**
 * End to end, as Telegram sees the bot: HTTP webhook in → the real grammY adapter, core, Redis state → reply
 * posted to a local fake Bot API (fakes/fake-telegram.ts). A bare Node HTTP server is measured by the same driver
 * in the same run (same process, same keep-alive connections, same number in flight), and the ratio of the two
 * rates is reported: it says how much of what Node can do over HTTP the whole message path keeps.
 *
 * Every update must be answered exactly once: each one is acknowledged with 200, the core completes one turn per
 * update, and the fake Bot API receives exactly the replies those turns sent (no more, no fewer).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { TELEGRAM_WEBHOOK_PATH, TelegramAdapter } from '../adapters/telegram/telegram-adapter';
import { Answerer } from '../core/answerer';
import { loadCases } from '../core/evaluation';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { deleteByPrefix } from '../core/redis';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { SupportCore } from '../core/support-core';
import type { HandoffPort } from '../core/types';
import { FAKE_BOT_INFO, FakeTelegram } from '../fakes/fake-telegram';
import { WebhookServer } from '../server/http-server';

export interface WebhookBench {
  messages: number;
  conversations: number;
  in_flight: number;
  /** Updates per second through the whole bot (webhook in → reply at the fake Bot API). */
  per_second: number;
  /** Requests per second a bare Node HTTP server answers with the same driver. */
  bare_per_second: number;
  /** per_second / bare_per_second (target ≥ 0.25). */
  ratio: number;
  /** Updates the core completed one turn for, and replies counted at the fake against what those turns sent. */
  turns: number;
  replies_at_fake: number;
  replies_sent: number;
  duplicates: number;
  /** Every update answered exactly once. */
  exactly_once: boolean;
  /** "typing…" calls (none expected: answers are ready at once). */
  typing_calls: number;
}

const nullHandoff: HandoffPort = {
  requestHandoff: async () => ({ position: 1 }),
  relayCustomerMessage: async () => ({ position: 1 }),
};

const SECRET = 'bench-secret';

export async function benchWebhook(redisUrl: string, evalDir: string, messages = 6000, inFlight = 32, conversations = 1500): Promise<WebhookBench> {
  // Train first: training keeps the CPU busy for seconds, which would time out connections opened before it.
  const answerer = new Answerer(loadKnowledgeBaseFile(join(evalDir, 'banking77-faq-10.json')));
  const texts = loadCases(join(evalDir, 'banking77-cases.jsonl')).map((c) => c.text);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const prefix = `bench:webhook:${process.pid}:${Date.now()}`;
  const fake = new FakeTelegram();
  const server = new WebhookServer({ logger: silentLogger });
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  let adapter: TelegramAdapter | undefined;
  try {
    const apiRoot = await fake.start();
    const port = await server.listen(0, '127.0.0.1');
    const webhook = `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`;
    adapter = new TelegramAdapter({ config: { token: fake.token, apiRoot, webhookUrl: webhook, webhookSecret: SECRET }, logger: silentLogger, server, botInfo: FAKE_BOT_INFO });
    const store = new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 300, historyLimit: 30 });
    let turns = 0;
    let repliesSent = 0;
    let duplicates = 0;
    const core = new SupportCore({
      store,
      answerer,
      handoff: nullHandoff,
      logger: silentLogger,
      maxMessageChars: 2000,
      onEvent: (event) => {
        if (event.type === 'turn_completed') {
          turns += 1;
          repliesSent += event.replies;
        } else if (event.type === 'duplicate_ignored') duplicates += 1;
      },
    });
    core.registerAdapter(adapter);
    await adapter.start(core.handleInbound);

    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${TELEGRAM_WEBHOOK_PATH}`;

    // Chats take turns (message i goes to chat i mod conversations), so one chat's messages are never in flight
    // together, as with one customer typing; update ids are unique, as Telegram's are.
    let updateId = 1_000_000;
    const body = (i: number) => {
      const chat = 700_000 + (i % conversations);
      updateId += 1;
      return JSON.stringify({
        update_id: updateId,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chat, type: 'private', first_name: 'Ana' },
          from: { id: chat, is_bot: false, first_name: 'Ana', language_code: 'en' },
          text: texts[i % texts.length],
        },
      });
    };

    // Warm both up (JIT, connections, Redis scripts), then measure the bare server and the bot alternately.
    await drive(bareUrl, body, 500, inFlight);
    await drive(webhook, body, 500, inFlight);
    const warmTurns = turns;
    const warmReplies = repliesSent;
    const warmAtFake = fake.callsTo('sendMessage').length;
    const bareRate = await drive(bareUrl, body, messages, inFlight);
    const botRate = await drive(webhook, body, messages, inFlight);

    const repliesAtFake = fake.callsTo('sendMessage').length - warmAtFake;
    const measuredTurns = turns - warmTurns;
    const measuredReplies = repliesSent - warmReplies;
    return {
      messages,
      conversations,
      in_flight: inFlight,
      per_second: Math.round(botRate.perSecond),
      bare_per_second: Math.round(bareRate.perSecond),
      ratio: Math.round((botRate.perSecond / bareRate.perSecond) * 1000) / 1000,
      turns: measuredTurns,
      replies_at_fake: repliesAtFake,
      replies_sent: measuredReplies,
      duplicates,
      exactly_once: botRate.failed === 0 && measuredTurns === messages && repliesAtFake === measuredReplies && measuredReplies >= messages && duplicates === 0,
      typing_calls: fake.callsTo('sendChatAction').length,
    };
  } finally {
    await adapter?.stop().catch(() => undefined);
    await server.close().catch(() => undefined);
    bare.closeAllConnections();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await fake.stop();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  }
}

/** POST `count` bodies to `url`, `inFlight` at a time over keep-alive connections; requests/s and non-200s. */
async function drive(url: string, body: (i: number) => string, count: number, inFlight: number): Promise<{ perSecond: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const target = new URL(url);
  let next = 0;
  let failed = 0;
  const post = (payload: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-telegram-bot-api-secret-token': SECRET },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const payload = body(next++);
        if ((await post(payload)) !== 200) failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: count / seconds, failed };
}

