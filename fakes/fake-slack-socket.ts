/**
 * Slack's Socket Mode side, on 127.0.0.1: a WebSocket server the real @slack/socket-mode client (inside Bolt's
 * SocketModeReceiver) connects to. `FakeSlack`'s `apps.connections.open` returns this server's `ws://` URL (where
 * Slack returns `wss://wss-primary.slack.com/link/?ticket=…`). On each connection it sends `hello`; then tests push
 * envelopes (`events_api`, `interactive`, `slash_commands`) to one connection or all, exactly as Slack frames them,
 * and every envelope must be acknowledged by its `envelope_id` within 3 s (Slack's rule): `acked(id)` resolves
 * with the ack's payload, or rejects when 3 s pass without one.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { blockActionsPayload, eventCallbackPayload, slashCommandPayload } from './fake-slack';

/** Slack's acknowledgement deadline. */
export const ACK_DEADLINE_MS = 3000;

export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'interactive' | 'slash_commands';
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

interface Ack {
  at: number;
  payload?: unknown;
}

export class FakeSlackSocket {
  /** Open connections, in the order they connected. */
  readonly connections: WebSocket[] = [];
  /** Every envelope sent, with when. */
  readonly sent: { envelope: Envelope; at: number }[] = [];
  private readonly acks = new Map<string, Ack>();
  private readonly ackWaiters = new Map<string, (ack: Ack) => void>();
  private readonly connectionWaiters: (() => void)[] = [];
  private server?: Server;
  private wss?: WebSocketServer;
  url = '';

  /** Start listening; when given `web` (FakeSlack), its apps.connections.open points here. */
  async start(web?: { socketUrl?: string }): Promise<string> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => {
      this.connections.push(socket);
      socket.on('message', (data) => this.onMessage(String(data)));
      socket.on('close', () => {
        const i = this.connections.indexOf(socket);
        if (i !== -1) this.connections.splice(i, 1);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: this.connections.length, debug_info: { host: 'fake-slack-socket' }, connection_info: { app_id: 'A0001' } }));
      for (const wake of this.connectionWaiters.splice(0)) wake();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=${randomUUID()}`;
    if (web) web.socketUrl = this.url;
    return this.url;
  }

  /** Close every connection with a close handshake (up to 1 s; then cut), and stop listening. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.connections].map(
        (socket) =>
          new Promise<void>((resolve) => {
            const cut = setTimeout(() => {
              socket.terminate();
              resolve();
            }, 1000);
            socket.once('close', () => {
              clearTimeout(cut);
              resolve();
            });
            socket.close(1001, 'going away');
          }),
      ),
    );
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Resolves once at least `count` connections are open (each has been sent `hello`). */
  async connected(count = 1, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.connections.length} of ${count} Socket Mode connections opened within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.connectionWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Push an envelope to connection `to` (default the first), or to every open connection with 'all'. */
  send(envelope: Envelope, to: number | 'all' = 0): string {
    const targets = to === 'all' ? this.connections : [this.connections[to]];
    if (!targets.length || targets.some((t) => !t)) throw new Error(`no Socket Mode connection ${String(to)} (${this.connections.length} open)`);
    for (const socket of targets) socket.send(JSON.stringify(envelope));
    this.sent.push({ envelope, at: Date.now() });
    return envelope.envelope_id;
  }

  /** An Events API envelope, e.g. a message in a page's thread; a retry keeps `eventId` and gets a new envelope id. */
  eventEnvelope(event: Record<string, unknown>, eventId: string, retryAttempt = 0): Envelope {
    return {
      envelope_id: randomUUID(),
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt ? 'timeout' : '',
      payload: eventCallbackPayload(event, eventId),
    };
  }

  /** A Block Kit button click in a message of `channel`. */
  clickEnvelope(input: { actionId: string; value: string; user: string; channel: string; messageTs: string }): Envelope {
    return {
      envelope_id: randomUUID(),
      type: 'interactive',
      accepts_response_payload: false,
      payload: blockActionsPayload(input),
    };
  }

  slashCommandEnvelope(input: { command: string; text?: string; user: string; channel: string }): Envelope {
    return {
      envelope_id: randomUUID(),
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandPayload(input),
    };
  }

  /** The ack of `envelopeId` (with its payload, e.g. a slash command's response), or an error after 3 s. */
  acked(envelopeId: string, deadlineMs = ACK_DEADLINE_MS): Promise<{ ms: number; payload?: unknown }> {
    const sentAt = this.sent.find((s) => s.envelope.envelope_id === envelopeId)?.at ?? Date.now();
    const result = (ack: Ack) => ({ ms: ack.at - sentAt, payload: ack.payload });
    const known = this.acks.get(envelopeId);
    if (known) return known.at - sentAt <= deadlineMs ? Promise.resolve(result(known)) : Promise.reject(new Error(`envelope ${envelopeId} acked after ${known.at - sentAt} ms`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ackWaiters.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} was not acknowledged within ${deadlineMs} ms`));
      }, Math.max(1, sentAt + deadlineMs - Date.now()));
      this.ackWaiters.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(result(ack));
      });
    });
  }

  /** How many acks arrived for this envelope id (a correct client acks each envelope once per delivery). */
  ackCount(envelopeId: string): number {
    return this.ackTotals.get(envelopeId) ?? 0;
  }

  private readonly ackTotals = new Map<string, number>();

  private onMessage(text: string): void {
    let message: { envelope_id?: string; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (!message.envelope_id) return;
    const ack = { at: Date.now(), payload: message.payload };
    this.ackTotals.set(message.envelope_id, (this.ackTotals.get(message.envelope_id) ?? 0) + 1);
    if (!this.acks.has(message.envelope_id)) this.acks.set(message.envelope_id, ack);
    this.ackWaiters.get(message.envelope_id)?.(ack);
    this.ackWaiters.delete(message.envelope_id);
  }
}
