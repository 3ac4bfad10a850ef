/**
 * Issue 10 #10: the HTTP server's limits, seen from raw sockets — a slow body is cut off before any handler (so
 * before authentication), an oversized body gets 413 on every route (Telegram's webhook too), idle keep-alive
 * connections are closed after the keep-alive timeout, and while draining new requests get 503.
 */
import { connect, type Socket } from 'node:net';
import { silentLogger } from '../core/log';
import { WebhookServer } from '../server/http-server';

/** A raw client: write what we like, collect what comes back, know when the server closed. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('utf8')));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  socket.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, connected, closed, received: () => received };
}

describe('the webhook server under hostile clients', () => {
  const handled: string[] = [];
  const server = new WebhookServer({ logger: silentLogger, maxBodyBytes: 1024, bodyTimeoutMs: 300, keepAliveTimeoutMs: 400 });
  let port = 0;
  beforeAll(async () => {
    server.route('POST', '/telegram/webhook', async (req, res) => {
      handled.push('telegram');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer); // reads the stream like grammY does
      res.end(Buffer.concat(chunks));
    });
    server.route('POST', '/echo', async (req, res) => {
      handled.push('echo');
      res.end(await server.readBody(req));
    });
    port = await server.listen(0);
  });
  afterAll(() => server.close());

  test('a slow body is cut off with 408 before the handler runs', async () => {
    const client = rawClient(port);
    await client.connected;
    const started = Date.now();
    client.socket.write('POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":');
    const closedAt = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(client.received()).toContain('"error":"request body too slow"');
    expect(closedAt - started).toBeLessThan(3000);
    expect(handled).not.toContain('echo');
  });

  test('an oversized body gets 413 with a JSON error, declared or chunked, on the Telegram webhook too', async () => {
    const declared = rawClient(port);
    await declared.connected;
    declared.socket.write(`POST /telegram/webhook HTTP/1.1\r\nhost: x\r\ncontent-length: 5000\r\n\r\n${'x'.repeat(100)}`);
    await declared.closed;
    expect(declared.received()).toMatch(/^HTTP\/1\.1 413/);
    expect(declared.received()).toContain('{"ok":false,"error":"payload too large"}');

    const chunked = rawClient(port);
    await chunked.connected;
    const chunk = 'y'.repeat(600);
    chunked.socket.write(`POST /telegram/webhook HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n`);
    chunked.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await chunked.closed;
    expect(chunked.received()).toMatch(/^HTTP\/1\.1 413/);
    expect(handled).not.toContain('telegram');
  });

  test('a body within bounds reaches the handler intact, read either way', async () => {
    const body = JSON.stringify({ update_id: 1, message: { text: 'héllo' } });
    for (const path of ['/telegram/webhook', '/echo']) {
      const client = rawClient(port);
      await client.connected;
      client.socket.write(`POST ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await client.closed;
      expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
      expect(client.received().endsWith(body)).toBe(true);
    }
  });

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const client = rawClient(port);
    await client.connected;
    client.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    const answeredAt = await new Promise<number>((resolve) => client.socket.once('data', () => resolve(Date.now())));
    const closedAt = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(client.received().toLowerCase()).toContain('keep-alive');
    expect(closedAt - answeredAt).toBeGreaterThanOrEqual(300);
    expect(closedAt - answeredAt).toBeLessThan(3000);
  });
});

describe('draining', () => {
  test('in-flight requests finish, new requests on open connections get 503, new connections are refused', async () => {
    const server = new WebhookServer({ logger: silentLogger, readiness: () => ({ ready: true, redis: 'ok' }) });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.route('POST', '/slow', async (_req, res) => {
      await gate;
      res.end('done');
    });
    const port = await server.listen(0);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, redis: 'ok', draining: false });

    const busy = rawClient(port);
    const idle = rawClient(port);
    const late = rawClient(port);
    await Promise.all([busy.connected, idle.connected, late.connected]);
    busy.socket.write('POST /slow HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}');
    late.socket.write('POST /slow HTTP/1.1\r\nhost: x\r\n'); // headers still coming when the drain starts
    idle.socket.write('GET /readyz HTTP/1.1\r\nhost: x\r\n\r\n');
    await new Promise((resolve) => idle.socket.once('data', resolve));
    const waitForBusy = async () => {
      while (server.inFlight.size < 1) await new Promise((r) => setImmediate(r));
    };
    await waitForBusy();

    server.stopAccepting();
    await idle.closed; // an idle keep-alive connection is closed at once
    late.socket.write('content-length: 2\r\n\r\n{}');
    await late.closed;
    expect(late.received()).toMatch(/^HTTP\/1\.1 503[\s\S]*"error":"shutting down"/);
    const refused = await fetch(`http://127.0.0.1:${port}/readyz`).then(() => 'answered', () => 'refused');
    expect(refused).toBe('refused'); // no new connections
    const drained = server.drain(5000);
    release();
    expect(await drained).toBe(true);
    await busy.closed;
    expect(busy.received()).toMatch(/^HTTP\/1\.1 200[\s\S]*connection: close[\s\S]*done$/i);
    await server.close();
  });
});
