/**
 * Issue 10 #8: `/readyz` checks what the bot needs — Redis answering within a deadline, the paging worker, each
 * enabled channel's own report — and a channel's later disconnects and send failures reach the channel health
 * the admin page shows.
 */
import Redis from 'ioredis';
import { silentLogger } from '../core/log';
import type { ChannelAdapter, InboundHandler, OutboundMessage } from '../core/types';
import { ChannelSwitches } from '../admin/channel-switches';
import { gracefulShutdown, readiness, watchChannels, type ChannelStatusReporter } from '../bin/lifecycle';
import { WebhookServer } from '../server/http-server';
import { InFlight } from '../server/in-flight';
import { eventually } from './kit/eventually';
import { connectRedis, deleteKeys, uniquePrefix } from './helpers/redis';
import { startRedisChild } from './helpers/redis-child';

/** A polling channel that reports its connection, and whose sends can be made to fail. */
class ReportingAdapter implements ChannelAdapter, ChannelStatusReporter {
  readonly platform = 'telegram';
  connected = true;
  failSends = false;
  async start(_onInbound: InboundHandler): Promise<void> {}
  async stop(): Promise<void> {}
  async send(_address: string, _message: OutboundMessage): Promise<void> {
    if (this.failSends) throw new Error('403 Forbidden: bot was blocked by the user');
  }
  encodeAddress(parts: string[]): string {
    return `telegram:${parts.join(':')}`;
  }
  decodeAddress(address: string): string[] {
    return address.split(':').slice(1);
  }
  status() {
    return this.connected ? { connected: true } : { connected: false, detail: 'polling stopped: 409 Conflict' };
  }
}

describe('readiness and channel health', () => {
  const redis = connectRedis();
  const prefix = uniquePrefix('faults-health');
  const switches = new ChannelSwitches({ redis, keyPrefix: prefix, logger: silentLogger });
  const adapter = new ReportingAdapter();
  let worker = { running: true, isRunning() { return this.running; } };
  beforeAll(() => switches.start());
  afterAll(async () => {
    await switches.stop();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  const check = (client: Redis = redis) => readiness({ redis: client, worker, workerWanted: true, adapters: () => [adapter], health: switches, pingTimeoutMs: 300 });

  test('/readyz is 200 with per-channel state when all is well, 503 when a channel reports a disconnect', async () => {
    const server = new WebhookServer({ logger: silentLogger, readiness: () => check() });
    const port = await server.listen(0);
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ready: true, redis: 'ok', worker: 'running', channels: [{ channel: 'telegram', state: 'connected' }], draining: false });
      adapter.connected = false;
      const down = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ready: false, channels: [{ channel: 'telegram', state: 'disconnected', detail: 'polling stopped: 409 Conflict' }] });
      // A channel switched off by an admin is not a reason to take the replica out of the load balancer.
      await switches.setEnabled('telegram', false);
      expect(await check()).toMatchObject({ ready: true, channels: [{ channel: 'telegram', state: 'disabled' }] });
      await switches.setEnabled('telegram', true);
    } finally {
      adapter.connected = true;
      await server.close();
    }
  });

  test('a stopped paging worker is not ready', async () => {
    worker = { running: false, isRunning() { return this.running; } };
    expect(await check()).toMatchObject({ ready: false, worker: 'stopped' });
    worker = { running: true, isRunning() { return this.running; } };
  });

  test('Redis not answering within the deadline is not ready (its own redis-server, stopped)', async () => {
    const server = await startRedisChild();
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    try {
      expect(await check(client)).toMatchObject({ ready: true, redis: 'ok' });
      await server.stop();
      const started = Date.now();
      const result = await check(client);
      expect(result.ready).toBe(false);
      expect(String(result.redis)).not.toBe('ok');
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  test('later disconnects and send failures reach the channel health the admin page shows', async () => {
    await switches.setConnected('telegram', true);
    const stop = watchChannels([adapter], switches, silentLogger, 20);
    try {
      adapter.failSends = true;
      await expect(adapter.send('telegram:1', { text: 'hi' })).rejects.toThrow('blocked');
      await eventually(async () => (await switches.health(['telegram']))[0].lastError?.startsWith('send failed: 403'), 'the send failure recorded');
      adapter.connected = false;
      await eventually(async () => (await switches.health(['telegram']))[0].connected === false, 'the disconnect recorded');
      expect((await switches.health(['telegram']))[0].lastError).toBe('polling stopped: 409 Conflict');
      adapter.connected = true;
      await eventually(async () => (await switches.health(['telegram']))[0].connected, 'the reconnect recorded');
    } finally {
      stop();
      adapter.failSends = false;
    }
  });
});

describe('the shutdown deadline', () => {
  test('a turn that never ends and a step that hangs (a page job on a hung Slack) do not hold the exit; Redis closes last', async () => {
    const server = new WebhookServer({ logger: silentLogger });
    await server.listen(0);
    const turns = new InFlight();
    turns.enter(); // a turn that never finishes
    const order: string[] = [];
    const redis = { quit: async () => order.push('redis'), disconnect: () => undefined } as unknown as Redis;
    const started = Date.now();
    const code = await gracefulShutdown(
      {
        logger: silentLogger,
        server,
        turns,
        timeoutMs: 800,
        redis,
        steps: [
          { name: 'channels', run: async () => order.push('channels') },
          { name: 'handoff', run: () => new Promise(() => undefined), onTimeout: () => void order.push('handoff forced') },
        ],
      },
      'SIGTERM',
    );
    expect(code).toBe(1); // not clean: the platform redelivers what was cut off
    expect(order).toEqual(['channels', 'handoff forced', 'redis']);
    expect(Date.now() - started).toBeLessThan(1800);
  });
});
