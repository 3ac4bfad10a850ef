/**
 * A redis-server of the test's own, on a free port, for fault tests that change its settings or stop it (never the
 * shared Redis on 6379). `stop()` kills it and waits for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

export interface RedisChild {
  port: number;
  url: string;
  /** The running redis-server (a new one after `restart`). */
  readonly process: ChildProcess;
  /** Kill it and remove its data directory. */
  stop(): Promise<void>;
  /** Stop it cleanly (SIGTERM: an append-only file is flushed) and keep its data, for `restart`: an outage. */
  halt(): Promise<void>;
  /** Start it again on the same port and data directory; resolves once it answers PING. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Start `redis-server` with extra arguments (e.g. `['--appendonly', 'yes']`); resolves once it answers PING. */
export async function startRedisChild(args: string[] = []): Promise<RedisChild> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'redis-child-'));
  const launch = async () => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await answering(port);
    return { child, exited };
  };
  let running = await launch();
  const end = async (signal: NodeJS.Signals) => {
    if (running.child.exitCode === null) running.child.kill(signal);
    await running.exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get process() {
      return running.child;
    },
    async stop() {
      await end('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
    halt: () => end('SIGTERM'),
    async restart() {
      running = await launch();
    },
  };
}

async function answering(port: number): Promise<void> {
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
  const deadline = Date.now() + 5000;
  try {
    for (;;) {
      try {
        if (probe.status === 'wait') await probe.connect();
        await probe.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    probe.disconnect();
  }
}
