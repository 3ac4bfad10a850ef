/**
 * A local fake of the Slack Web API on 127.0.0.1, speaking Slack's JSON, so the real @slack/bolt and
 * @slack/web-api code runs in tests. It keeps channels' messages (with metadata and threads), records every
 * call, and can hold a method's responses forever (to kill a worker mid-post).
 *
 * `SlackSender` plays Slack's side towards our Bolt receiver: correctly signed events, button clicks and
 * slash commands (or forged / stale ones).
 */
import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  reply_broadcast?: boolean;
  user: string;
  bot_id: string;
}

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
}

export const FAKE_BOT_USER = 'UBOT0001';
export const FAKE_BOT_ID = 'BBOT0001';

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: { channel: string; user: string; text: string }[] = [];
  /** Modals opened with views.open. */
  readonly views: Record<string, unknown>[] = [];
  readonly users = new Map<string, { name: string; real_name: string }>();
  /** Channel id → member user ids (`conversations.members`, paged by `limit`; the cursor is an offset). */
  readonly channelMembers = new Map<string, string[]>();
  /** User group id → member user ids (`usergroups.users.list`). */
  readonly userGroups = new Map<string, string[]>();
  /** Socket Mode: the WebSocket URL `apps.connections.open` returns (FakeSlackSocket sets it). */
  socketUrl?: string;
  private readonly held = new Set<string>();
  /** Calls still to hang per method (`hang`). */
  private readonly hanging = new Map<string, number>();
  private readonly heldResponses: ServerResponse[] = [];
  /** Platform errors still to answer per method (`fail`). */
  private readonly failing = new Map<string, { error: string; count: number }>();
  private server?: Server;
  private seq = 0;
  url = '';

  /** Never answer this method (the call is still recorded and takes effect), until `release`. */
  hold(method: string): void {
    this.held.add(method);
  }

  /**
   * A hung Slack: the next `count` calls of this method are recorded but never reach Slack's state and are never
   * answered (as when Slack or the network stalls), until `stop`. Later calls work again.
   */
  hang(method: string, count = Infinity): void {
    this.hanging.set(method, count);
  }

  /**
   * A Slack platform error: the next `count` calls of this method are recorded and answered
   * `{ ok: false, error }` (e.g. `msg_too_long`, `channel_not_found`) without taking effect. Later calls work again.
   */
  fail(method: string, error: string, count = 1): void {
    this.failing.set(method, { error, count });
  }

  /** Answer this method again (responses already held stay unanswered; their callers are gone). */
  release(method: string): void {
    this.held.delete(method);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.heldResponses) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level posts carrying our metadata of a given kind for a handoff. */
  postsFor(handoffId: string, kind = 'page'): FakeMessage[] {
    return this.messages.filter((m) => m.metadata?.event_payload.handoff_id === handoffId && m.metadata.event_payload.kind === kind);
  }

  threadOf(ts: string): FakeMessage[] {
    return this.messages.filter((m) => m.thread_ts === ts);
  }

  find(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    this.calls.push({ method, args });
    const hang = this.hanging.get(method) ?? 0;
    if (hang > 0) {
      this.hanging.set(method, hang - 1);
      this.heldResponses.push(res);
      return;
    }
    const failure = this.failing.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: failure.error }));
      return;
    }
    const result = this.apply(method, args);
    if (this.held.has(method)) {
      this.heldResponses.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  private apply(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'not_allowed_token_type' };
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'supportbot', team_id: 'T0001', user_id: FAKE_BOT_USER, bot_id: FAKE_BOT_ID };
      case 'chat.postMessage': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        const message: FakeMessage = {
          channel: String(args.channel),
          ts: this.nextTs(),
          thread_ts: args.thread_ts ? String(args.thread_ts) : undefined,
          text: String(args.text ?? ''),
          blocks: json(args.blocks) as unknown[] | undefined,
          metadata: json(args.metadata) as FakeMessage['metadata'],
          reply_broadcast: args.reply_broadcast === true || args.reply_broadcast === 'true',
          user: FAKE_BOT_USER,
          bot_id: FAKE_BOT_ID,
        };
        this.messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message: { ...message, type: 'message' } };
      }
      case 'chat.update': {
        const message = this.find(String(args.channel), String(args.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? message.text);
        message.blocks = (json(args.blocks) as unknown[] | undefined) ?? message.blocks;
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        this.ephemerals.push({ channel: String(args.channel), user: String(args.user), text: String(args.text ?? '') });
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open': {
        const view = json(args.view) as Record<string, unknown> | undefined;
        if (!args.trigger_id || !view) return { ok: false, error: 'invalid_arguments' };
        this.views.push(view);
        return { ok: true, view: { id: `V${this.nextTs()}`, ...view } };
      }
      case 'users.info': {
        const id = String(args.user);
        const user = this.users.get(id) ?? { name: id.toLowerCase(), real_name: `Agent ${id}` };
        return { ok: true, user: { id, name: user.name, real_name: user.real_name, profile: { real_name: user.real_name, display_name: user.name } } };
      }
      case 'conversations.members': {
        const members = this.channelMembers.get(String(args.channel));
        if (!members) return { ok: false, error: 'channel_not_found' };
        const start = Number(args.cursor ?? 0);
        const limit = Math.max(1, Number(args.limit ?? 100));
        const next = start + limit < members.length ? String(start + limit) : '';
        return { ok: true, members: members.slice(start, start + limit), response_metadata: { next_cursor: next } };
      }
      case 'usergroups.users.list': {
        const users = this.userGroups.get(String(args.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const messages = this.messages.filter((m) => m.channel === args.channel && (!m.thread_ts || m.reply_broadcast) && Number(m.ts) >= oldest).reverse();
        return { ok: true, messages: messages.map((m) => wire(m, args.include_all_metadata)), has_more: false };
      }
      case 'conversations.replies': {
        const parent = this.find(String(args.channel), String(args.ts));
        if (!parent) return { ok: false, error: 'thread_not_found' };
        return { ok: true, messages: [parent, ...this.threadOf(parent.ts)].map((m) => wire(m, args.include_all_metadata)), has_more: false };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function wire(message: FakeMessage, withMetadata: unknown): Record<string, unknown> {
  const { metadata, ...rest } = message;
  return { type: 'message', ...rest, ...(withMetadata === true || withMetadata === 'true' ? { metadata } : {}) };
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  return Object.fromEntries(new URLSearchParams(raw));
}

/** The Web API client sends nested fields JSON-encoded inside form bodies. */
function json(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ── Slack's side towards our receiver ─────────────────────────────────────────────────────────────────────

export interface SendOptions {
  /** Sign with another secret (a forgery). */
  secret?: string;
  /** Seconds to shift the timestamp by (negative = stale). */
  skewSeconds?: number;
}

export interface SlackResponse {
  status: number;
  body: string;
}

export class SlackSender {
  constructor(
    private readonly endpoint: string,
    private readonly signingSecret: string,
  ) {}

  /** An Events API callback, e.g. a message in a page's thread. */
  event(event: Record<string, unknown>, eventId: string, options?: SendOptions): Promise<SlackResponse> {
    return this.send(JSON.stringify(eventCallbackPayload(event, eventId)), 'application/json', options);
  }

  /** A Block Kit button click in a message of `channel`. */
  click(input: { actionId: string; value: string; user: string; channel: string; messageTs: string }, options?: SendOptions): Promise<SlackResponse> {
    const payload = blockActionsPayload(input);
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A modal submitted: `values` maps block id → action id → state (e.g. {selected_option: {value}}). */
  viewSubmission(input: { callbackId: string; user: string; privateMetadata?: string; values: Record<string, Record<string, unknown>> }, options?: SendOptions): Promise<SlackResponse> {
    const payload = {
      type: 'view_submission',
      team: { id: 'T0001', domain: 'fake' },
      user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: `trigger-${Math.random()}`,
      view: { id: 'V1', type: 'modal', callback_id: input.callbackId, private_metadata: input.privateMetadata ?? '', state: { values: input.values }, hash: 'h', team_id: 'T0001', app_id: 'A0001', bot_id: FAKE_BOT_ID },
    };
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }

  slashCommand(input: { command: string; text?: string; user: string; channel: string }, options?: SendOptions): Promise<SlackResponse> {
    const body = new URLSearchParams(slashCommandPayload(input)).toString();
    return this.send(body, 'application/x-www-form-urlencoded', options);
  }

  private send(body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const ts = String(Math.floor(Date.now() / 1000) + (options.skewSeconds ?? 0));
    const signature = 'v0=' + createHmac('sha256', options.secret ?? this.signingSecret).update(`v0:${ts}:${body}`).digest('hex');
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        this.endpoint,
        { method: 'POST', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-slack-signature': signature, 'x-slack-request-timestamp': ts } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

// ── Payloads as Slack sends them, shared by the HTTP sender above and the Socket Mode fake (fake-slack-socket.ts) ──

/** An Events API callback, e.g. a message in a page's thread; a retry keeps `eventId`. */
export function eventCallbackPayload(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return { token: 'legacy', team_id: 'T0001', api_app_id: 'A0001', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event };
}

/** A Block Kit button click in a message of `channel`. */
export function blockActionsPayload(input: { actionId: string; value: string; user: string; channel: string; messageTs: string }): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'fake' },
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channel, is_ephemeral: false },
    trigger_id: `trigger-${Math.random()}`,
    channel: { id: input.channel, name: 'staff' },
    message: { type: 'message', ts: input.messageTs, text: 'page', user: FAKE_BOT_USER },
    response_url: 'http://127.0.0.1:9/unused',
    actions: [{ type: 'button', action_id: input.actionId, block_id: 'b1', value: input.value, text: { type: 'plain_text', text: 'x' }, action_ts: String(Date.now() / 1000) }],
  };
}

/** A slash command as its form fields. */
export function slashCommandPayload(input: { command: string; text?: string; user: string; channel: string }): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'fake',
    channel_id: input.channel,
    channel_name: 'staff',
    user_id: input.user,
    user_name: input.user.toLowerCase(),
    command: input.command,
    text: input.text ?? '',
    api_app_id: 'A0001',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: `trigger-${Math.random()}`,
  };
}
