/**
 * A local fake of Discord on 127.0.0.1: the REST API discord.js calls (under /api/v10) and a JSON WebSocket
 * gateway (hello, identify → READY, heartbeats, dispatches). Records everything the bot posted.
 *
 * Like Discord, a thread started from a message gets the message's id, and starting a second thread on the same
 * message fails with 400 / code 160004. `failThreads` makes thread creation fail (e.g. 403 / 50013, a missing
 * permission). `identifies` counts gateway sessions (one consumer per bot across replicas).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_USER = { id: '900000000000000001', username: 'supportbot', discriminator: '0', global_name: 'Support', bot: true, avatar: null };
export const APPLICATION_ID = '900000000000000002';
export const GUILD_ID = '900000000000000010';

export interface PostedMessage {
  channelId: string;
  body: { content: string; components?: { components: { custom_id: string; label: string }[] }[] };
}

export class FakeDiscord {
  readonly posted: PostedMessage[] = [];
  readonly interactionCallbacks: string[] = [];
  readonly typing: string[] = [];
  readonly threadsStarted: { channelId: string; messageId: string; threadId: string }[] = [];
  /** Gateway Identify calls (sessions started). */
  identifies = 0;
  private threadFailure?: { status: number; code: number; message: string; times: number };
  private server?: Server;
  private readonly gateway = new WebSocketServer({ noServer: true });
  private socket?: WebSocket;
  private sequence = 0;
  private snowflake = 910000000000000000n;
  url = '';

  constructor(
    readonly token = 'fake.discord.token',
    /** Text channels of the one guild, e.g. a support channel. */
    private readonly guildChannels: string[] = [],
  ) {}

  nextId(): string {
    this.snowflake += 1n;
    return String(this.snowflake);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.rest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head, (ws) => this.connect(ws)));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port}/api`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const client of this.gateway.clients) client.terminate();
    this.gateway.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` thread creations fail with this Discord error (e.g. 403, 50013 "Missing Permissions"). */
  failThreads(status: number, code: number, message: string, times = 1): void {
    this.threadFailure = { status, code, message, times };
  }

  /** Gateway sessions open now. */
  get sessions(): number {
    return [...this.gateway.clients].filter((c) => c.readyState === c.OPEN).length;
  }

  /** Send a gateway dispatch (op 0) to the connected bot. */
  dispatch(t: string, d: unknown): void {
    if (!this.socket) throw new Error('no bot connected to the fake gateway');
    this.socket.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
  }

  /** Wait until the bot identified and is ready. */
  async connected(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.socket) {
      if (Date.now() > deadline) throw new Error('the bot never connected to the fake gateway');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private connect(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: { token?: string } };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op === 2) {
        if (packet.d.token !== this.token) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        this.socket = ws;
        this.identifies++;
        const wsUrl = this.url.replace(/^http/, 'ws').replace(/\/api$/, '');
        this.dispatch('READY', {
          v: 10,
          user: BOT_USER,
          guilds: this.guildChannels.length ? [{ id: GUILD_ID, unavailable: true }] : [],
          session_id: 'fake-session',
          resume_gateway_url: wsUrl,
          application: { id: APPLICATION_ID, flags: 0 },
          shard: [0, 1],
        });
        if (this.guildChannels.length) this.dispatch('GUILD_CREATE', this.guild());
      }
    });
  }

  private guild(): Record<string, unknown> {
    return {
      id: GUILD_ID,
      name: 'Shop',
      icon: null,
      owner_id: '900000000000000099',
      roles: [{ id: GUILD_ID, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      features: [],
      channels: this.guildChannels.map((id, position) => ({ id, type: 0, name: `support-${position}`, guild_id: GUILD_ID, position, permission_overwrites: [] })),
      threads: [],
      members: [],
      voice_states: [],
      presences: [],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: new Date().toISOString(),
    };
  }

  private async rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/api\/v\d+/, '');
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const interaction = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path);
    if (interaction) {
      this.interactionCallbacks.push(interaction[1]);
      return reply(204);
    }
    if (req.headers.authorization !== `Bot ${this.token}`) return reply(401, { message: '401: Unauthorized', code: 0 });
    if (req.method === 'GET' && path === '/gateway/bot') {
      const wsUrl = this.url.replace(/^http/, 'ws').replace(/\/api$/, '');
      return reply(200, { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
    }
    if (req.method === 'GET' && path === '/users/@me') return reply(200, BOT_USER);
    let match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (req.method === 'POST' && match) {
      const body = JSON.parse(raw) as PostedMessage['body'];
      this.posted.push({ channelId: match[1], body });
      return reply(200, { id: this.nextId(), channel_id: match[1], content: body.content, author: BOT_USER, timestamp: new Date().toISOString(), type: 0, attachments: [], embeds: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, edited_timestamp: null });
    }
    match = /^\/channels\/(\d+)\/typing$/.exec(path);
    if (req.method === 'POST' && match) {
      this.typing.push(match[1]);
      return reply(204);
    }
    match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (req.method === 'POST' && match) {
      const failure = this.threadFailure;
      if (failure && failure.times > 0) {
        failure.times--;
        return reply(failure.status, { message: failure.message, code: failure.code });
      }
      if (this.threadsStarted.some((t) => t.messageId === match![2])) return reply(400, { message: 'A thread has already been created for this message', code: 160004 });
      const body = JSON.parse(raw) as { name: string };
      const thread = {
        id: match[2],
        type: 11,
        guild_id: GUILD_ID,
        parent_id: match[1],
        name: body.name,
        owner_id: BOT_USER.id,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
        member_count: 1,
        message_count: 0,
      };
      this.threadsStarted.push({ channelId: match[1], messageId: match[2], threadId: thread.id });
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return reply(201, thread);
    }
    return reply(404, { message: `Unknown route ${req.method} ${path}`, code: 0 });
  }
}

export function messageCreate(fake: FakeDiscord, fields: { channelId: string; content: string; guild?: boolean; author?: Record<string, unknown>; extra?: Record<string, unknown> }) {
  return {
    id: fake.nextId(),
    channel_id: fields.channelId,
    ...(fields.guild ? { guild_id: GUILD_ID } : { channel_type: 1 }),
    author: fields.author ?? { id: '800000000000000001', username: 'ana', discriminator: '0', global_name: 'Ana Lima', bot: false, avatar: null },
    content: fields.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...fields.extra,
  };
}
