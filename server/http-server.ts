/**
 * One HTTP server for every webhook (`/slack/events`, `/api/messages`, `/telegram/webhook`), `/healthz` (liveness)
 * and `/readyz` (readiness). Adapters register their routes; the server dispatches by path and, for every route:
 *
 * - reads a request body itself, before any handler (so before any authentication), bounded in size (413) and in
 *   time (408: a slow body is cut off), then hands the handler a replay of it (`rawBody` is set for Bolt);
 * - bounds headers, whole requests and idle keep-alive connections (keep-alive above load balancers' 60 s idle
 *   timeout, so the balancer, not us, closes an idle connection first and never sends on a closing one);
 * - turns a handler's crash into a 500 with a log line (the platform then retries, so nothing is lost);
 * - while draining (shutdown), answers new requests 503 with `connection: close` and counts the ones in flight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Logger } from '../core/log';
import { InFlight } from './in-flight';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What `/readyz` reports: `ready` false answers 503. */
export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

export interface HttpServerOptions {
  logger: Logger;
  /** Largest request body accepted on any route. Default 1 MiB: platform payloads are far smaller. */
  maxBodyBytes?: number;
  /** Extra detail for `/healthz` (liveness: the process answers). */
  health?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Readiness for `/readyz`; unset, the server is ready while it is not draining. */
  readiness?: () => Readiness | Promise<Readiness>;
  /** `/readyz` answers 503 when the readiness check takes longer. Default 2 s. */
  readinessTimeoutMs?: number;
  /** A body must arrive within this time after its headers, else 408 and the connection is closed. Default 10 s. */
  bodyTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this. Default 65 s (above common load-balancer idle timeouts). */
  keepAliveTimeoutMs?: number;
  /** Headers must arrive within this. Default keep-alive + 1 s. */
  headersTimeoutMs?: number;
  /** A whole request must arrive within this. Default headers + 4 s. */
  requestTimeoutMs?: number;
  /** Largest header block; default Node's (16 KiB). */
  maxHeaderSize?: number;
}

export class PayloadTooLargeError extends Error {}
export class BodyTimeoutError extends Error {}

/** A request whose body the server has already read. */
type BufferedRequest = IncomingMessage & { rawBody: Buffer };

export class WebhookServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server?: Server;
  private closed?: Promise<void>;
  private draining = false;
  /** Responses not yet sent: told to close their connection when a drain starts. */
  private readonly pending = new Set<ServerResponse>();
  /** Requests being handled (webhooks), for the drain at shutdown. */
  readonly inFlight = new InFlight();

  constructor(private readonly options: HttpServerOptions) {
    this.route('GET', '/healthz', async (_req, res) => {
      const detail = (await this.options.health?.()) ?? {};
      sendJson(res, 200, { ok: true, ...detail });
    });
    this.route('GET', '/readyz', async (_req, res) => {
      const readiness = await this.readiness();
      sendJson(res, readiness.ready ? 200 : 503, readiness);
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Register a handler for an exact method and path (query strings are ignored for matching). */
  route(method: string, path: string, handler: RouteHandler): void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`Route ${key} is already registered.`);
    this.routes.set(key, handler);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const keepAlive = this.options.keepAliveTimeoutMs ?? 65_000;
    const headers = this.options.headersTimeoutMs ?? keepAlive + 1000;
    const request = this.options.requestTimeoutMs ?? headers + 4000;
    this.server = createServer(
      {
        headersTimeout: headers,
        requestTimeout: Math.max(request, headers),
        keepAliveTimeout: keepAlive,
        // How often Node checks the header and request deadlines; short deadlines (tests) want a short check.
        connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(Math.min(headers, request) / 4))),
        ...(this.options.maxHeaderSize ? { maxHeaderSize: this.options.maxHeaderSize } : {}),
      },
      (req, res) => void this.dispatch(req, res),
    );
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Malformed requests, header overflow (431) and header timeouts (408): Node's own answer, then close.
      this.options.logger.debug('http.client_error', { code: error.code });
      if (socket.writable && !socket.destroyed) {
        const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
        socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      }
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    const actual = (this.server.address() as AddressInfo).port;
    this.options.logger.info('http.listening', { host, port: actual, routes: [...this.routes.keys()].join(',') });
    return actual;
  }

  /**
   * The first step of a shutdown: stop accepting connections, close idle keep-alive ones, and answer any new
   * request on an open connection 503 (`connection: close`, so the load balancer retries elsewhere). Requests in
   * flight go on; wait for them with `drain`.
   */
  stopAccepting(): void {
    if (this.draining) return;
    this.draining = true;
    for (const res of this.pending) if (!res.headersSent) res.setHeader('connection', 'close');
    if (this.server) {
      this.closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
      this.server.closeIdleConnections();
    }
  }

  /** Wait until no request is in flight, at most `timeoutMs`. True when drained. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.inFlight.idle(timeoutMs);
  }

  /** Close every connection (after `drain`, none is busy) and the listener. */
  async close(): Promise<void> {
    if (!this.server) return;
    this.stopAccepting();
    this.server.closeAllConnections();
    await this.closed;
  }

  /** Read a request body, refusing more than the configured bound (already read by the server: returned as is). */
  readBody(req: IncomingMessage): Promise<Buffer> {
    const buffered = (req as Partial<BufferedRequest>).rawBody;
    if (Buffer.isBuffer(buffered)) return Promise.resolve(buffered);
    return readBody(req, this.options.maxBodyBytes ?? 1024 * 1024, this.options.bodyTimeoutMs ?? 10_000);
  }

  private async readiness(): Promise<Readiness> {
    if (this.draining) return { ready: false, draining: true };
    if (!this.options.readiness) return { ready: true, draining: false };
    const timeoutMs = this.options.readinessTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        Promise.resolve(this.options.readiness()),
        new Promise<Readiness>((resolve) => {
          timer = setTimeout(() => resolve({ ready: false, error: `readiness check took over ${timeoutMs} ms` }), timeoutMs);
        }),
      ]);
      return { ...result, draining: this.draining, ready: result.ready && !this.draining };
    } catch (error) {
      return { ready: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (this.draining) {
      res.setHeader('connection', 'close');
      if (!(req.method === 'GET' && (path === '/healthz' || path === '/readyz'))) {
        sendJson(res, 503, { ok: false, error: 'shutting down' });
        return;
      }
    }
    const handler = this.routes.get(`${req.method} ${path}`);
    if (!handler) {
      const allowed = [...this.routes.keys()].filter((k) => k.endsWith(` ${path}`));
      sendJson(res, allowed.length ? 405 : 404, { ok: false, error: allowed.length ? `use ${allowed.join(' or ')}` : `no route for ${path}` });
      return;
    }
    const leave = this.inFlight.enter();
    this.pending.add(res);
    res.once('close', () => this.pending.delete(res)).once('finish', () => this.pending.delete(res));
    try {
      const request = hasBody(req) ? await this.buffer(req, res) : req;
      if (!request) return; // answered 413/408
      await handler(request, res);
    } catch (error) {
      this.options.logger.error('http.handler_failed', { method: req.method, path, error });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal error' });
      else res.end();
    } finally {
      if (res.writableFinished) leave();
      else res.once('close', leave).once('finish', leave);
    }
  }

  /** Read the body before any handler; answer 413 or 408 (and close the connection) when it is too big or slow. */
  private async buffer(req: IncomingMessage, res: ServerResponse): Promise<BufferedRequest | undefined> {
    const maxBytes = this.options.maxBodyBytes ?? 1024 * 1024;
    const declared = Number(req.headers['content-length']);
    try {
      if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(`request body over ${maxBytes} bytes`);
      const body = await readBody(req, maxBytes, this.options.bodyTimeoutMs ?? 10_000);
      return replay(req, body);
    } catch (error) {
      const tooLarge = error instanceof PayloadTooLargeError;
      if (!tooLarge && !(error instanceof BodyTimeoutError)) throw error;
      this.options.logger.warn(tooLarge ? 'http.body_too_large' : 'http.body_timeout', { path: req.url?.split('?')[0], maxBytes });
      res.setHeader('connection', 'close');
      sendJson(res, tooLarge ? 413 : 408, { ok: false, error: tooLarge ? 'payload too large' : 'request body too slow' });
      return undefined;
    }
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A stand-in for a request whose body was read: the same headers, and the body again for whoever reads it. */
function replay(req: IncomingMessage, body: Buffer): BufferedRequest {
  const stream = Readable.from(body.length ? [body] : [], { objectMode: false });
  return Object.assign(stream, {
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    trailers: req.trailers,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    complete: true,
    aborted: false,
    rawBody: body,
  }) as unknown as BufferedRequest;
}

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.off('data', collect);
      reject(new BodyTimeoutError(`request body not received within ${timeoutMs} ms`));
    }, timeoutMs);
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        clearTimeout(timer);
        req.off('data', collect);
        reject(new PayloadTooLargeError(`request body over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', collect);
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
