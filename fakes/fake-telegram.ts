/**
 * A local fake of the Telegram Bot API on 127.0.0.1: `POST /bot<token>/<method>` answering
 * `{"ok": true, "result": …}` as Telegram does. getUpdates serves queued updates (long polling: it waits until
 * one is queued or the client gives up); every call is recorded so tests see what the bot sent. `failNext` makes
 * the next calls to a method fail as Telegram does (`{"ok": false, "error_code", "description", "parameters"}`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** Set when the fake answered with an error (`failNext`): Telegram did not deliver it. */
  failed?: boolean;
}

export const FAKE_BOT_INFO = {
  id: 424242,
  is_bot: true as const,
  first_name: 'Support',
  username: 'support_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface FakeFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export class FakeTelegram {
  readonly calls: FakeCall[] = [];
  private readonly failures = new Map<string, FakeFailure[]>();
  private readonly queue: Record<string, unknown>[] = [];
  private waiting?: () => void;
  private server?: Server;
  private messageId = 1000;
  apiRoot = '';

  constructor(readonly token = '123456:TEST-token-abcdef') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.apiRoot;
  }

  async stop(): Promise<void> {
    this.waiting?.();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queue an update for getUpdates (long polling). */
  push(update: Record<string, unknown>): void {
    this.queue.push(update);
    this.waiting?.();
  }

  /** The next `times` calls to `method` fail with this Telegram error (they are still recorded). */
  failNext(method: string, failure: FakeFailure, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match;
    if (token !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const raw = Buffer.concat(chunks).toString('utf8');
    const params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const failure = this.failures.get(method)?.shift();
    this.calls.push({ method, params, ...(failure ? { failed: true } : {}) });
    if (failure) return this.reply(res, failure.error_code, { ok: false, ...failure });
    switch (method) {
      case 'getMe':
        return this.reply(res, 200, { ok: true, result: FAKE_BOT_INFO });
      case 'getUpdates':
        return this.getUpdates(req, res, params);
      case 'sendMessage':
        return this.reply(res, 200, {
          ok: true,
          result: { message_id: ++this.messageId, date: Math.floor(Date.now() / 1000), chat: { id: params.chat_id, type: 'private' }, text: params.text },
        });
      case 'deleteWebhook':
      case 'setWebhook':
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return this.reply(res, 200, { ok: true, result: true });
      default:
        return this.reply(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  private async getUpdates(req: IncomingMessage, res: ServerResponse, params: Record<string, unknown>): Promise<void> {
    const offset = Number(params.offset ?? 0);
    // Confirmed updates (below the offset) are gone, as on Telegram.
    while (this.queue.length && Number(this.queue[0].update_id) < offset) this.queue.shift();
    if (this.queue.length === 0) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        req.once('close', resolve);
        setTimeout(resolve, Math.min(Number(params.timeout ?? 0), 1) * 1000);
      });
      this.waiting = undefined;
    }
    if (res.destroyed) return;
    this.reply(res, 200, { ok: true, result: this.queue.filter((u) => Number(u.update_id) >= offset) });
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

let updateId = 5000;
export function nextUpdateId(): number {
  return ++updateId;
}

export function textUpdate(chatId: number, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const update_id = nextUpdateId();
  return {
    update_id,
    message: {
      message_id: update_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Ana' },
      from: { id: chatId, is_bot: false, first_name: 'Ana', last_name: 'Lima', language_code: 'en' },
      text,
      ...extra,
    },
  };
}
