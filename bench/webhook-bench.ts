/**
 * End to end, as Telegram sees the bot: HTTP webhook in → the real grammY adapter, core, Redis state → reply
 * posted to a local fake Bot API (fakes/fake-telegram.ts). Measured from outside, as an operator would: the load
 * driver and the fake Bot API run in a child process (bench/webhook-driver.ts), so the bot's process does only the
 * bot's work. A bare Node HTTP server, in this process, is measured by the same driver in the same run (same
 * keep-alive connections, same number in flight), and the ratio of the two rates is reported: how much of what
 * Node can do over HTTP the whole message path keeps.
 *
 * A third server shows the floor the libraries set: grammY alone (its webhook handler, one sendMessage through the
 * same transport to the same fake, no core, no Redis), measured by the same driver in the same run. The bot's
 * ratio can approach that one, never pass it; the gap between them is the core's own work.
 *
 * Every update must be answered exactly once: each one is acknowledged with 200, the core completes one turn per
 * update, and the fake Bot API receives exactly the replies those turns sent (no more, no fewer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { Bot, webhookCallback } from 'grammy';
import { grammyFetch } from '../adapters/telegram/bot-api-fetch';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { TELEGRAM_WEBHOOK_PATH, TelegramAdapter } from '../adapters/telegram/telegram-adapter';
import { Answerer } from '../core/answerer';
import { loadCases } from '../core/evaluation';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { CustomerRateLimiter, parseRateLimit, RedisRateCounter } from '../core/rate-limit';
import { connectRedis, deleteByPrefix } from '../core/redis';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { SupportCore } from '../core/support-core';
import type { HandoffPort } from '../core/types';
import { FAKE_BOT_INFO } from '../fakes/fake-telegram';
import { WebhookServer } from '../server/http-server';
import type { DriveRequest, DriverMessage, DriverReply } from './webhook-driver';

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
  /** grammY alone (webhook in, one sendMessage out, nothing else): the floor the libraries set. */
  library_per_second: number;
  /** library_per_second / bare_per_second: the best ratio any bot built on grammY reaches here. */
  library_ratio: number;
  /** CPU time (user + system) of the bot's process per update while the bot was driven. */
  cpu_us_per_message: number;
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
  const redis = await connectRedis(redisUrl, silentLogger);
  const prefix = `bench:webhook:${process.pid}:${Date.now()}`;
  const outside = new OutsideWorld();
  const server = new WebhookServer({ logger: silentLogger });
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  let adapter: TelegramAdapter | undefined;
  let library: Server | undefined;
  try {
    const { apiRoot, token } = await outside.ready;
    const port = await server.listen(0, '127.0.0.1');
    const webhook = `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`;
    adapter = new TelegramAdapter({ config: { token, apiRoot, webhookUrl: webhook, webhookSecret: SECRET }, logger: silentLogger, server, botInfo: FAKE_BOT_INFO });
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
      // As in production (CUSTOMER_RATE_LIMIT defaults to 20/10s): each chat here sends a few messages, under it.
      rateLimiter: new CustomerRateLimiter(new RedisRateCounter(redis, prefix), parseRateLimit('20/10s')!),
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
    library = grammyAlone(apiRoot, token);
    await new Promise<void>((resolve) => library!.listen(0, '127.0.0.1', resolve));
    const libraryUrl = `http://127.0.0.1:${(library.address() as AddressInfo).port}${TELEGRAM_WEBHOOK_PATH}`;

    // Chats take turns (message i goes to chat i mod conversations), so one chat's messages are never in flight
    // together, as with one customer typing; update ids are unique, as Telegram's are.
    let nextUpdateId = 1_000_000;
    const drive = (url: string, count: number) => {
      const firstUpdateId = nextUpdateId;
      nextUpdateId += count;
      return outside.drive({ url, count, inFlight, secret: SECRET, texts, chats: conversations, firstChat: 700_000, firstUpdateId });
    };

    // Warm all three up (JIT, connections, Redis scripts), then measure them one after another.
    await drive(bareUrl, 500);
    await drive(libraryUrl, 500);
    await drive(webhook, 500);
    const bareRate = await drive(bareUrl, messages);
    const libraryRate = await drive(libraryUrl, messages);
    const warmTurns = turns;
    const warmReplies = repliesSent;
    const warmAtFake = await outside.count('sendMessage');
    const cpuBefore = process.cpuUsage();
    const botRate = await drive(webhook, messages);
    const cpu = process.cpuUsage(cpuBefore);

    const repliesAtFake = (await outside.count('sendMessage')) - warmAtFake;
    const measuredTurns = turns - warmTurns;
    const measuredReplies = repliesSent - warmReplies;
    return {
      messages,
      conversations,
      in_flight: inFlight,
      per_second: Math.round(botRate.perSecond),
      bare_per_second: Math.round(bareRate.perSecond),
      ratio: ratioOf(botRate.perSecond, bareRate.perSecond),
      library_per_second: Math.round(libraryRate.perSecond),
      library_ratio: ratioOf(libraryRate.perSecond, bareRate.perSecond),
      cpu_us_per_message: Math.round((cpu.user + cpu.system) / messages),
      turns: measuredTurns,
      replies_at_fake: repliesAtFake,
      replies_sent: measuredReplies,
      duplicates,
      exactly_once: botRate.failed === 0 && measuredTurns === messages && repliesAtFake === measuredReplies && measuredReplies >= messages && duplicates === 0,
      typing_calls: await outside.count('sendChatAction'),
    };
  } finally {
    await adapter?.stop().catch(() => undefined);
    await server.close().catch(() => undefined);
    library?.closeAllConnections();
    library?.close();
    bare.closeAllConnections();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await outside.stop();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  }
}

/** A rate over the bare server's, to three decimals. */
function ratioOf(rate: number, bare: number): number {
  return Math.round((rate / bare) * 1000) / 1000;
}

/** grammY with nothing behind it: its webhook handler answers every message with one sendMessage. */
function grammyAlone(apiRoot: string, token: string): Server {
  const bot = new Bot(token, { client: { apiRoot, fetch: grammyFetch }, botInfo: FAKE_BOT_INFO });
  bot.on('message', async (ctx) => {
    await ctx.api.sendMessage(ctx.chat.id, 'You can top up by card or bank transfer in the app: Account → Top up.');
  });
  return createServer(webhookCallback(bot, 'http', { secretToken: SECRET }));
}

/** The driver and fake Bot API in a child process (bench/webhook-driver.ts), spoken to over IPC. */
class OutsideWorld {
  readonly ready: Promise<{ apiRoot: string; token: string }>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (reply: DriverReply) => void>();
  private nextId = 1;

  constructor() {
    this.child = spawn(process.execPath, ['-e', driverBootstrap()], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`the benchmark driver exited (${code}) before it was ready`)));
      this.child.on('message', (reply: DriverReply) => {
        if (reply.type === 'ready') resolve(reply);
        else this.pending.get(reply.id)?.(reply);
      });
    });
  }

  async drive(spec: Omit<DriveRequest, 'type' | 'id'>): Promise<{ perSecond: number; failed: number }> {
    const reply = await this.ask({ type: 'drive', id: 0, ...spec });
    if (reply.type !== 'driven') throw new Error(`unexpected driver reply ${reply.type}`);
    return reply;
  }

  async count(method: string): Promise<number> {
    const reply = await this.ask({ type: 'count', id: 0, method });
    if (reply.type !== 'counted') throw new Error(`unexpected driver reply ${reply.type}`);
    return reply.calls;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies DriverMessage);
    await exited;
  }

  private ask(message: DriveRequest | { type: 'count'; id: number; method: string }): Promise<DriverReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        this.pending.delete(id);
        resolve(reply);
      });
      this.child.send({ ...message, id });
    });
  }
}

/**
 * The child's entry: the compiled driver beside the compiled bench (npm run bench), or, when the bench runs from
 * its TypeScript source (jest), the driver's source compiled on load with the TypeScript compiler.
 */
function driverBootstrap(): string {
  const fromSource = extname(__filename) === '.ts';
  const driver = JSON.stringify(join(__dirname, `webhook-driver${fromSource ? '.ts' : '.js'}`));
  const compileOnLoad = `
    const ts = require('typescript');
    const fs = require('fs');
    require.extensions['.ts'] = (module, filename) => {
      const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
      module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: options }).outputText, filename);
    };`;
  return `${fromSource ? compileOnLoad : ''}\nrequire(${driver}).runOutsideWorld();`;
}
