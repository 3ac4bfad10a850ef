/**
 * npm run bench:faults [-- --messages 20000 --outage 40 --conversations 2000 --json]
 *
 * Issue 10's "nothing lost" measurement: customers write on Discord (the real discord.js against the fake gateway)
 * at a steady rate while the bot's Redis (a redis-server of its own on a free port, AOF) is stopped for `--outage`
 * seconds mid-way and started again. Counts every message answered exactly once, duplicates (a reply sent twice
 * because its turn was cut between "sent" and "saved"), parked dead letters and the time to catch up.
 * Target: none lost, duplicates ≤ 1 %. The test suite runs a small version (test/faults-delivery-redis.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Answerer } from '../core/answerer';
import { loadKnowledgeBaseFile } from '../core/knowledge-base';
import { silentLogger } from '../core/log';
import { connectRedis } from '../core/redis';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { SupportCore, type CoreEvent } from '../core/support-core';
import type { HandoffPort } from '../core/types';
import { DiscordAdapter } from '../adapters/discord/discord-adapter';
import type { DeadLetter } from '../adapters/shared/deliver';
import { FakeDiscord, messageCreate } from '../fakes/fake-discord';

export interface FaultsBench {
  messages: number;
  outage_s: number;
  answered: number;
  lost: number;
  duplicates: number;
  duplicates_pct: number;
  parked: number;
  catch_up_ms: number;
}

const QUESTIONS = ['where is my order?', 'how do I get a refund?', 'what are your opening hours?', 'can I change my address?', 'thanks'];
const nullHandoff: HandoffPort = { requestHandoff: async () => ({ position: 1 }), relayCustomerMessage: async () => ({ position: 1 }) };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchRedisOutage(options: { messages?: number; outageSeconds?: number; conversations?: number } = {}): Promise<FaultsBench> {
  const total = options.messages ?? 20_000;
  const outageMs = (options.outageSeconds ?? 40) * 1000;
  const conversations = options.conversations ?? 2000;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'faults-bench-'));
  let child: ChildProcess | undefined;
  const startRedis = () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir], { stdio: 'ignore' });
  };
  const stopRedis = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  startRedis();
  let redis;
  for (let i = 0; ; i++) {
    try {
      redis = await connectRedis(`redis://127.0.0.1:${port}`, silentLogger);
      break;
    } catch (error) {
      if (i > 50) throw error;
      await sleep(100);
    }
  }
  const fake = new FakeDiscord();
  const apiUrl = await fake.start();
  const parked: DeadLetter[] = [];
  const adapter = new DiscordAdapter({ config: { token: fake.token, apiUrl }, logger: silentLogger, deadLetters: { park: async (letter) => void parked.push(letter) } });
  // Discord allows a bot 50 requests/s, which discord.js enforces; the fake has no such limit, and the measure is
  // about Redis, so the REST client may send as fast as the fake answers.
  (adapter.client.rest as unknown as { options: { globalRequestsPerSecond: number } }).options.globalRequestsPerSecond = 1_000_000;
  const completed = new Map<string, number>();
  const core = new SupportCore({
    store: new RedisConversationStore(redis, { keyPrefix: 'faults-bench', ttlSeconds: 3600, historyLimit: 30 }),
    answerer: new Answerer(loadKnowledgeBaseFile(join(__dirname, '..', '..', 'kb', 'demo-shop.yaml'))),
    handoff: nullHandoff,
    logger: silentLogger,
    maxMessageChars: 2000,
    onEvent: (event: CoreEvent) => {
      const id = event.type === 'turn_completed' ? event.messageId : event.type === 'duplicate_ignored' ? `dup:${event.messageId}` : undefined;
      if (id) completed.set(id, (completed.get(id) ?? 0) + 1);
    },
  });
  core.registerAdapter(adapter);
  await adapter.start(core.handleInbound);
  await fake.connected();

  // A steady stream: the outage starts a third of the way in and lasts `outageMs`.
  const ids: string[] = [];
  const ratePerMs = total / Math.max(10_000, outageMs * 2);
  const startedAt = Date.now();
  let outage: Promise<void> | undefined;
  let restartedAt = 0;
  while (ids.length < total) {
    const due = Math.min(total, Math.ceil((Date.now() - startedAt) * ratePerMs) + 1);
    while (ids.length < due) {
      const channelId = String(700000000000100000n + BigInt(ids.length % conversations));
      const message = messageCreate(fake, { channelId, content: `${QUESTIONS[ids.length % QUESTIONS.length]} #${ids.length}` });
      ids.push(String(message.id));
      fake.dispatch('MESSAGE_CREATE', message);
    }
    if (!outage && ids.length >= total / 3) {
      outage = (async () => {
        await stopRedis();
        await sleep(outageMs);
        startRedis();
        restartedAt = Date.now();
      })();
    }
    await sleep(5);
  }
  await outage;
  const answered = (id: string) => (completed.get(id) ?? 0) + (completed.get(`dup:${id}`) ?? 0) > 0;
  const deadline = Date.now() + 5 * 60_000;
  while (!ids.every((id) => answered(id) || parked.some((p) => p.message.id === id)) && Date.now() < deadline) await sleep(200);
  const catchUp = Date.now() - restartedAt;
  const answeredCount = ids.filter(answered).length;
  const duplicates = ids.reduce((sum, id) => sum + Math.max(0, (completed.get(id) ?? 0) - 1), 0);

  await adapter.stop();
  await fake.stop();
  redis.disconnect();
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
  return {
    messages: total,
    outage_s: outageMs / 1000,
    answered: answeredCount,
    lost: total - answeredCount - parked.length,
    duplicates,
    duplicates_pct: Math.round((duplicates / total) * 10_000) / 100,
    parked: parked.length,
    catch_up_ms: catchUp,
  };
}

if (require.main === module) {
  // bench/ imports no bin/ module: the few flags are read here.
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const flags = { messages: value('messages'), outage: value('outage'), conversations: value('conversations'), json: args.includes('--json') };
  benchRedisOutage({
    messages: flags.messages ? Number(flags.messages) : undefined,
    outageSeconds: flags.outage ? Number(flags.outage) : undefined,
    conversations: flags.conversations ? Number(flags.conversations) : undefined,
  }).then(
    (result) => {
      console.log(
        `faults       ${result.messages} messages, Redis stopped ${result.outage_s} s mid-way: ${result.answered} answered, ${result.lost} lost, ` +
          `${result.parked} parked, ${result.duplicates} duplicates (${result.duplicates_pct} %, target ≤ 1 %), caught up ${result.catch_up_ms} ms after the restart`,
      );
      if (flags.json) console.log(JSON.stringify({ faults: result }));
      process.exit(result.lost === 0 && result.duplicates_pct <= 1 ? 0 : 1);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
