/**
 * A local fake of the Bot Connector service Teams replies go to (`serviceUrl`), on 127.0.0.1: it accepts
 * `POST /v3/conversations/{id}/activities[/{replyToId}]` as the real service does and records each activity
 * (`failNext` answers the next posts with an error, e.g. a 429 with Retry-After).
 * It also publishes, like login.botframework.com, an OpenID metadata document and the signing keys (JWKS,
 * endorsed for `msteams`) at `openIdMetadataUrl`, and signs tokens with its key (`signToken`), so botbuilder's
 * real JWT verification runs against it.
 * `teamsMessage` builds the activity Teams would post to our /api/messages.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer botbuilder expects on tokens from the Bot Connector (public cloud). */
export const BOT_CONNECTOR_ISSUER = 'https://api.botframework.com';

/** A JWT signed with RS256 by `privateKey`, as the Bot Connector sends in `Authorization: Bearer …`. */
export function signJwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

export interface PostedActivity {
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

export class FakeTeamsConnector {
  readonly posted: PostedActivity[] = [];
  /** Every POST to the activities endpoints, failed ones included. */
  attempts = 0;
  private readonly failures: { status: number; headers: Record<string, string> }[] = [];
  private server?: Server;
  private seq = 0;
  serviceUrl = '';
  readonly keyId = 'fake-connector-key';
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  get openIdMetadataUrl(): string {
    return `${this.serviceUrl}/v1/.well-known/openidconfiguration`;
  }

  /** A token the real Bot Connector would send for this app and service URL, signed with the published key. */
  signToken(appId: string, claims: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(this.keys.privateKey, this.keyId, { iss: BOT_CONNECTOR_ISSUER, aud: appId, serviceurl: this.serviceUrl, nbf: now - 60, exp: now + 3600, ...claims });
  }

  /** The next `times` activity posts fail with this status (e.g. 429 with `{ 'retry-after': '1' }`). */
  failNext(status: number, headers: Record<string, string> = {}, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, headers });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'GET' && req.url === '/v1/.well-known/openidconfiguration') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: BOT_CONNECTOR_ISSUER, jwks_uri: `${this.serviceUrl}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
          return;
        }
        if (req.method === 'GET' && req.url === '/v1/keys') {
          const jwk = this.keys.publicKey.export({ format: 'jwk' });
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: this.keyId, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
          return;
        }
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound' } }));
          return;
        }
        this.attempts += 1;
        const failure = this.failures.shift();
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers }).end(JSON.stringify({ error: { code: 'Throttled', message: 'fake failure' } }));
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
