/**
 * grammY's transport to the Bot API (its `client.fetch` option), on node:http and node:https with keep-alive
 * agents, instead of its default node-fetch.
 *
 * Why: every reply is one Bot API call, and node-fetch (its Request/Headers/Body streams, and the AbortSignal it
 * hands to `http.request`) costs about 100 µs of CPU per call on a 2-core machine, a tenth of a whole customer
 * turn; this transport sends the same request and reads the same JSON for about half of that (`npm run bench --
 * --only webhook` measures both: see the README). grammY keeps everything else: payloads, multipart uploads,
 * its timeout, errors (`HttpError` for a network failure, `GrammyError` for a refusal).
 *
 * What grammY asks of a fetch, and all this implements: POST with its headers and a body that is a JSON string
 * or, for a file upload, a stream; abort through its `signal` (its deadline, or a stop); a response whose
 * `json()` grammY reads (a proxy's HTML error page makes `json()` reject, which grammY reports as an HttpError).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** The part of a `fetch` response grammY uses. */
export interface BotApiResponse {
  ok: boolean;
  status: number;
  statusText: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** The part of a `fetch` init grammY passes (its own `baseFetchConfig` carries a keep-alive `agent`). */
export interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable | null;
  signal?: AbortSignalLike | null;
  agent?: HttpAgent;
}

/** grammY's signal comes from the `abort-controller` package on Node: only the EventTarget part is used. */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

const keepAlive = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export class BotApiAbortError extends Error {
  override readonly name = 'AbortError';
  constructor(url: URL) {
    super(`The Bot API call to ${url.pathname.replace(/\/bot[^/]+\//, '/bot<token>/')} was aborted`);
  }
}

export function botApiFetch(input: string | URL, init: BotApiRequestInit = {}): Promise<BotApiResponse> {
  const url = typeof input === 'string' ? new URL(input) : input;
  const secure = url.protocol === 'https:';
  const { signal, body } = init;
  if (signal?.aborted) return Promise.reject(new BotApiAbortError(url));
  const options: RequestOptions = {
    host: url.hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: init.method ?? 'GET',
    headers: init.headers,
    agent: init.agent ?? (secure ? keepAlive.https : keepAlive.http),
  };
  return new Promise<BotApiResponse>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(options, (response) => {
      readBody(response).then((text) => resolve(responseOf(response, text)), reject);
    });
    // Our own listener rather than `http.request`'s `signal` option: that one alone costs more than the call.
    const onAbort = () => request.destroy(new BotApiAbortError(url));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('close', () => signal?.removeEventListener('abort', onAbort));
    request.once('error', reject);
    if (body && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      body.once('error', (error) => request.destroy(error));
      body.pipe(request);
    } else {
      request.end(body ?? undefined);
    }
  });
}

/**
 * The same function typed as grammY's `client.fetch` option, which names the whole DOM `fetch`; grammY uses only
 * what `botApiFetch` implements (see the top of this file). One cast, here.
 */
export const grammyFetch = botApiFetch as unknown as typeof fetch;

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    response.once('error', reject);
    // The connection closed before the whole body arrived (the server died mid-answer).
    response.once('aborted', () => reject(new Error('The Bot API closed the connection before its answer was complete')));
  });
}

function responseOf(response: IncomingMessage, text: string): BotApiResponse {
  const status = response.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: response.statusMessage ?? '',
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
  };
}
