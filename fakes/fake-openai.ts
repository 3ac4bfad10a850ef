/**
 * A local OpenAI-compatible server on 127.0.0.1, over real HTTP, speaking the documented JSON of
 * `POST /v1/chat/completions` and `POST /v1/embeddings`, so the real `openai` client runs in tests.
 *
 * - Every request body is recorded (`requests`), to check on the wire what reached the "model".
 * - Chat replies are scripted per test with `onChat`: a content string, a delay (for deadlines), or an error status.
 * - Embeddings are deterministic hashed bags of words (with crude stemming), so retrieval by similarity is
 *   meaningful: texts sharing words are close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  response_format?: { type: string };
  max_tokens?: number;
  [key: string]: unknown;
}

/** What the fake does with one chat request. */
export interface ChatScript {
  /** The assistant message's content. Default `{"supported": false, "answer": "", "entry_ids": []}`. */
  content?: string;
  /** Wait this long before answering (the client may give up first). */
  delayMs?: number;
  /** Answer with this HTTP status and an OpenAI-style error body instead. */
  status?: number;
}

export type ChatHandler = (body: ChatRequestBody) => ChatScript;

export const EMBEDDING_DIMENSIONS = 256;

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  /** Chat requests the client cancelled before the scripted reply was due (e.g. at the core's deadline). */
  cancelled = 0;
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private chatHandler: ChatHandler = () => ({});
  /** Embedding requests answered with this status instead (e.g. a server without an embeddings endpoint). */
  embeddingsStatus?: number;
  url = '';

  /** Script chat replies from now on. */
  onChat(handler: ChatHandler): void {
    this.chatHandler = handler;
  }

  /** Every chat request, with its messages. */
  chatRequests(): ChatRequestBody[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as ChatRequestBody);
  }

  /** Every embeddings request's inputs (one array per request). */
  embeddingInputs(): string[][] {
    return this.requests.filter((r) => r.path === '/v1/embeddings').map((r) => toList(r.body.input));
  }

  /** Everything the server received, as one string: for "this never reached the model" checks. */
  wire(): string {
    return this.requests.map((r) => JSON.stringify(r.body)).join('\n');
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return send(res, 400, error('invalid_request_error', 'body is not JSON'));
    }
    const path = (req.url ?? '').split('?')[0];
    this.requests.push({ path, authorization: req.headers.authorization, body });
    if (req.method !== 'POST') return send(res, 405, error('invalid_request_error', `${req.method} not allowed`));
    if (!req.headers.authorization?.startsWith('Bearer ')) return send(res, 401, error('invalid_api_key', 'missing bearer token'));
    if (path === '/v1/chat/completions') return this.chat(body as ChatRequestBody, res);
    if (path === '/v1/embeddings') return this.embeddings(body, res);
    send(res, 404, error('invalid_request_error', `unknown path ${path}`));
  }

  private chat(body: ChatRequestBody, res: ServerResponse): void {
    if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      return send(res, 400, error('invalid_request_error', 'model and messages are required'));
    }
    const script = this.chatHandler(body);
    const respond = () => {
      if (res.destroyed) return; // the client gave up (deadline)
      if (script.status) return send(res, script.status, error('server_error', `scripted status ${script.status}`));
      const content = script.content ?? JSON.stringify({ supported: false, answer: '', entry_ids: [] });
      const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
      const completionTokens = Math.ceil(content.length / 4);
      send(res, 200, {
        id: `chatcmpl-fake-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    };
    if (!script.delayMs) return respond();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      respond();
    }, script.delayMs);
    this.timers.add(timer);
    res.on('close', () => {
      if (!res.writableEnded) this.cancelled += 1;
    });
  }

  private embeddings(body: Record<string, unknown>, res: ServerResponse): void {
    if (this.embeddingsStatus) return send(res, this.embeddingsStatus, error('server_error', `scripted status ${this.embeddingsStatus}`));
    const inputs = toList(body.input);
    if (typeof body.model !== 'string' || inputs.length === 0) return send(res, 400, error('invalid_request_error', 'model and input are required'));
    const base64 = body.encoding_format === 'base64';
    send(res, 200, {
      object: 'list',
      data: inputs.map((text, index) => {
        const vector = fakeEmbedding(text);
        return { object: 'embedding', index, embedding: base64 ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector) };
      }),
      model: body.model,
      usage: { prompt_tokens: inputs.join(' ').length, total_tokens: inputs.join(' ').length },
    });
  }
}

/** A hashed bag of crudely stemmed words, unit length: texts sharing words have a high cosine similarity. */
export function fakeEmbedding(text: string): Float32Array {
  const vector = new Float32Array(EMBEDDING_DIMENSIONS);
  for (const word of text.toLowerCase().match(/\p{L}{3,}|\d+/gu) ?? []) {
    const stem = word.replace(/(ing|ed|es|s)$/, '');
    let hash = 0x811c9dc5;
    for (let i = 0; i < stem.length; i++) hash = Math.imul(hash ^ stem.charCodeAt(i), 0x01000193);
    vector[(hash >>> 0) % EMBEDDING_DIMENSIONS] += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

function toList(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  return Array.isArray(input) ? input.filter((x): x is string => typeof x === 'string') : [];
}

function error(type: string, message: string) {
  return { error: { message, type, param: null, code: type } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
