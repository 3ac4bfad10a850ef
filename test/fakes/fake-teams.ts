/**
 * A local fake of the Bot Connector service Teams replies go to (`serviceUrl`), on 127.0.0.1: it accepts
 * `POST /v3/conversations/{id}/activities[/{replyToId}]` as the real service does and records each activity.
 * `teamsMessage` builds the activity Teams would post to our /api/messages.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedActivity {
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

export class FakeTeamsConnector {
  readonly posted: PostedActivity[] = [];
  private server?: Server;
  private seq = 0;
  serviceUrl = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound' } }));
          return;
        }
        this.posted.push({
          conversationId: decodeURIComponent(match[1]),
          replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
          activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          authorization: req.headers.authorization,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${++this.seq}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.serviceUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.serviceUrl;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let activitySeq = 0;
export function teamsMessage(serviceUrl: string, conversationId: string, fields: Record<string, unknown>): Record<string, unknown> {
  activitySeq += 1;
  return {
    type: 'message',
    id: `1700000000${String(activitySeq).padStart(6, '0')}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:customer-1', name: 'Ana Lima', aadObjectId: 'aad-customer-1', role: 'user' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot-1', name: 'Support' },
    locale: 'en-US',
    text: '',
    ...fields,
  };
}

export function postActivity(url: string, activity: Record<string, unknown>, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(activity);
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
