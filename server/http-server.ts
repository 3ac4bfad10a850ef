/**
 * One HTTP server for every webhook (`/slack/events`, `/api/messages`, `/telegram/webhook`) and `/healthz`.
 * Adapters register their routes; the server only dispatches by path, bounds body size, and turns a handler's
 * crash into a 500 with a log line (the platform then retries, so nothing is lost).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  logger: Logger;
  /** Largest request body accepted by `readBody`. Default 1 MiB: platform payloads are far smaller. */
  maxBodyBytes?: number;
  /** Extra health detail for `/healthz` (channel states…). */
  health?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

export class PayloadTooLargeError extends Error {}

export class WebhookServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server?: Server;

  constructor(private readonly options: HttpServerOptions) {
    this.route('GET', '/healthz', async (_req, res) => {
      const detail = (await this.options.health?.()) ?? {};
      sendJson(res, 200, { ok: true, ...detail });
    });
  }

  /** Register a handler for an exact method and path (query strings are ignored for matching). */
  route(method: string, path: string, handler: RouteHandler): void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`Route ${key} is already registered.`);
    this.routes.set(key, handler);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, resolve);
    });
    const actual = (this.server.address() as AddressInfo).port;
    this.options.logger.info('http.listening', { host, port: actual, routes: [...this.routes.keys()].join(',') });
    return actual;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Read a request body, refusing more than the configured bound. */
  readBody(req: IncomingMessage): Promise<Buffer> {
    return readBody(req, this.options.maxBodyBytes ?? 1024 * 1024);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const handler = this.routes.get(`${req.method} ${path}`);
    if (!handler) {
      const allowed = [...this.routes.keys()].filter((k) => k.endsWith(` ${path}`));
      sendJson(res, allowed.length ? 405 : 404, { ok: false, error: allowed.length ? `use ${allowed.join(' or ')}` : `no route for ${path}` });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      const tooLarge = error instanceof PayloadTooLargeError;
      this.options.logger.error('http.handler_failed', { method: req.method, path, error });
      if (!res.headersSent) sendJson(res, tooLarge ? 413 : 500, { ok: false, error: tooLarge ? 'payload too large' : 'internal error' });
      else res.end();
    }
  }
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop keeping it but drain the rest, so the client still receives our 413 instead of a reset.
        req.off('data', collect);
        req.resume();
        reject(new PayloadTooLargeError(`request body over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
