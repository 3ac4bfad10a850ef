/**
 * Bolt's HTTPReceiver parses a verified request body and then reads fields off it inside a detached async
 * function: a signed body of `null` (or `payload=null`) throws there, outside any handler, and the rejection used
 * to kill the process (issue 10 #9). This guard runs first: it reads the body (or takes the one our server already
 * read), parses it the way Bolt does, and answers 400 unless it is a JSON object; Bolt then gets the same bytes.
 * It replaces `receiver.requestListener`, which Bolt's own server (SLACK_PORT) calls too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../core/log';

/** Slack's payloads are small; Bolt's own limit is 10 MB. */
const MAX_BODY_BYTES = 1024 * 1024;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export function guardRequestBodies(receiver: HTTPReceiver, logger: Logger): void {
  const next = receiver.requestListener as Listener;
  const guarded: Listener = (req, res) => {
    if (req.method !== 'POST') return next(req, res);
    void (async () => {
      let body: Buffer;
      try {
        body = await rawBodyOf(req);
      } catch (error) {
        logger.warn('slack.request_unreadable', { error });
        return answer(res, (error as Error).message === 'too large' ? 413 : 400);
      }
      if (!isObjectBody(body, req.headers['content-type'])) {
        logger.warn('slack.request_malformed', { why: 'the body is not a JSON object', bytes: body.length });
        return answer(res, 400);
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      next(req, res);
    })().catch((error) => {
      logger.error('slack.request_failed', { error });
      answer(res, 500);
    });
  };
  receiver.requestListener = guarded as HTTPReceiver['requestListener'];
}

/** What Bolt will parse: a form's `payload` field as JSON, another form as fields, anything else as JSON. */
export function isObjectBody(body: Buffer, contentType: string | undefined): boolean {
  const text = body.toString('utf8');
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const fields = parse(text);
      if (typeof fields.payload !== 'string') return true; // slash commands, ssl_check: plain fields
      return isObject(JSON.parse(fields.payload));
    }
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawBodyOf(req: IncomingMessage): Promise<Buffer> {
  const already = (req as IncomingMessage & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(already)) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error('too large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: false, error: status === 400 ? 'malformed request body' : status === 413 ? 'payload too large' : 'internal error' }));
}
