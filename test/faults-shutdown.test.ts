/**
 * Issue 10 #5 and the process-level handlers, against the real bot process (bin/start.ts run from source) with the
 * Teams channel and a local Bot Connector that answers slowly:
 * - SIGTERM with 32 webhook requests in flight: every request gets its answer (none reset), each turn is saved
 *   before Redis closes, and the process exits within 15 s although its stdin (the staff console) stays open;
 * - an unhandled rejection inside the process is logged and the bot keeps answering /healthz.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { postActivity, teamsMessage } from '../fakes/fake-teams';
import { RedisConversationStore } from '../core/redis-conversation-store';
import { eventually } from './kit/eventually';
import { connectRedis, deleteKeys, REDIS_URL, uniquePrefix } from './helpers/redis';
import { freePort } from './helpers/redis-child';

const ROOT = join(__dirname, '..');
// The bot from its TypeScript sources, transpiled on require (no build step). TEST_HOOK lets a test reach inside.
const RUN_BOT = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  module._compile(outputText, filename);
};
process.on('SIGUSR2', () => { Promise.reject(new Error('a stray rejection from some channel')); });
require('./bin/start.ts');
`;

/** A Bot Connector that holds every reply for `holdMs` before accepting it. */
async function slowConnector(holdMs: number): Promise<{ url: string; received: string[]; server: Server }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.url ?? '');
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${received.length}` }));
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

interface Bot {
  child: ChildProcess;
  base: string;
  log: () => string;
  exited: Promise<{ code: number | null; at: number }>;
}

async function startBot(prefix: string): Promise<Bot> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    CHANNELS: 'teams',
    // A local Teams without credentials: the emulator mode, which accepts only loopback service URLs (our fake).
    TEAMS_EMULATOR: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL,
    KEY_PREFIX: prefix,
    HANDOFF_QUEUE: `q-${prefix.replace(/:/g, '-')}`,
    SHUTDOWN_TIMEOUT: '10',
    LOG_LEVEL: 'info',
  };
  // stdin stays an open pipe: the staff console's readline must not keep the process alive.
  const child = spawn(process.execPath, ['-e', RUN_BOT], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  const base = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 'the bot ready', 25_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its log:\n${log.slice(-2000)}`);
  }
  return { child, base, log: () => log, exited };
}

describe('the bot process under SIGTERM and stray errors', () => {
  const redis = connectRedis();
  const prefix = uniquePrefix('faults-shutdown');
  let connector: Awaited<ReturnType<typeof slowConnector>>;
  let bot: Bot;
  beforeAll(async () => {
    connector = await slowConnector(1500);
    bot = await startBot(prefix); // one process for both tests: starting it from source takes seconds
  }, 40_000);
  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await bot?.exited;
    connector.server.closeAllConnections();
    await new Promise((resolve) => connector.server.close(resolve));
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  test('an unhandled rejection is logged and the bot keeps answering /healthz', async () => {
    bot.child.kill('SIGUSR2');
    await eventually(() => bot.log().includes('process.unhandled_rejection'), 'the rejection logged');
    expect(bot.log()).toMatch(/process\.unhandled_rejection .*a stray rejection from some channel.*kept=running/);
    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  });

  test('SIGTERM with 32 requests in flight: none reset, every turn saved before Redis closes, exit within 15 s', async () => {
    const ids = Array.from({ length: 32 }, (_, i) => `act-${i}-${Date.now()}`);
    const answers = ids.map((id, i) =>
      postActivity(`${bot.base}/api/messages`, teamsMessage(connector.url, `conv-${i}`, { id, text: 'how much is the late fee?' })).catch((error: Error) => `failed: ${error.message}`),
    );
    await eventually(() => connector.received.length >= 32, 'all 32 turns sending their reply', 15_000);
    expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);

    const signalledAt = Date.now();
    bot.child.kill('SIGTERM');
    const statuses = await Promise.all(answers);
    const { code, at } = await bot.exited;

    expect(statuses).toEqual(ids.map(() => 200)); // every request answered, none reset
    expect(at - signalledAt).toBeLessThan(15_000);
    expect(code).toBe(0);
    const log = bot.log();
    expect(log.indexOf('shutdown.drained')).toBeGreaterThan(-1);
    expect(log.indexOf('shutdown.drained')).toBeLessThan(log.indexOf('shutdown.redis_closed'));
    // Each turn's state and its processed mark are in Redis: a redelivery would be recognised, not answered twice.
    const store = new RedisConversationStore(redis, { keyPrefix: prefix, ttlSeconds: 60, historyLimit: 30 });
    for (const [i, id] of ids.entries()) {
      const { duplicate } = await store.load(`teams:conv-${i}`, id);
      expect({ i, duplicate }).toEqual({ i, duplicate: true });
    }
  }, 40_000);
});
