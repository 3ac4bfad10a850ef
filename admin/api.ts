/**
 * The admin HTTP API under /admin/api, the admin page at /admin, and Prometheus at /metrics, on the bot's one
 * webhook server. Every /admin/api request needs `Authorization: Bearer <ADMIN_TOKEN>` (compared in constant
 * time); without ADMIN_TOKEN the admin side stays off and the log says how to turn it on. /metrics needs the same
 * token, unless `metricsServer` is given (METRICS_PORT, bound to 127.0.0.1): then it is served there, open, and
 * not on the main server.
 *
 * | method | path                     | what                                                        |
 * | GET    | /admin/api/channels      | channels with health (enabled, connected, last event/error) |
 * | POST   | /admin/api/channels      | {"channel","enabled"}: switch a channel in every replica    |
 * | GET    | /admin/api/kb            | the knowledge base in Redis: text, revision, by, entries    |
 * | POST   | /admin/api/kb/validate   | {"text"}: problems, nothing changed                         |
 * | GET    | /admin/api/kb/lint       | the KB in use: confused entries, thin ones, duplicates      |
 * | POST   | /admin/api/kb/lint       | {"text"}: the same for a draft (422 with problems: invalid) |
 * | PUT    | /admin/api/kb            | {"text"[,"revision"]}: replace (422 invalid; 409 when       |
 * |        |                          | "revision", the one edited, is no longer current)           |
 * | POST   | /admin/api/kb/reload     | import the KB file as a new version                         |
 * | GET    | /admin/api/kb/history    | the stored versions (revision, by, at), newest first        |
 * | POST   | /admin/api/kb/rollback   | {"revision"}: serve that version again, as a new version    |
 * | POST   | /admin/api/kb/learn      | {"handoffId","entryId"[,"question"]}: teach a resolved      |
 * |        |                          | handoff's question; or {"entryId","question"} directly;     |
 * |        |                          | "preview": true lists the changed answers, saves nothing;   |
 * |        |                          | 409 with "conflicts" unless "confirm": true                 |
 * | POST   | /admin/api/try           | {"text"}: the decision, its confidence, and why (the words  |
 * |        |                          | that weigh for the entry, its nearest phrasing)             |
 * | GET    | /admin/api/handoffs      | the open queue and recent handoff records                   |
 * | GET    | /admin/api/metrics       | the metrics summary (?days=14, 1–90)                        |
 * | GET    | /admin/api/audit         | staff actions, newest first (?limit=100, 1–1000)            |
 * | GET    | /admin/api/dead-letters  | parked customer messages, newest first (?limit=100)         |
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { emptyMemory } from '../core/answerer';
import type { Logger } from '../core/log';
import type { SupportCore } from '../core/support-core';
import type { HandoffRecords } from '../handoff/records';
import { PLATFORMS } from '../core/platforms';
import { sendJson, type WebhookServer } from '../server/http-server';
import type { ChannelSwitches } from './channel-switches';
import type { KnowledgeAdmin } from './knowledge-admin';
import type { SupportMetrics } from './metrics';
import { handoffQuestions, learnFromHandoff } from './learn';
import { redact } from '../core/redact';
import type { HandoffRecord } from '../handoff/records';
import { ADMIN_PAGE } from './page/index';

export interface AdminApiOptions {
  server: WebhookServer;
  /** ADMIN_TOKEN; undefined keeps the admin API and page off. */
  token?: string;
  core: SupportCore;
  channels: ChannelSwitches;
  knowledge: KnowledgeAdmin;
  records: HandoffRecords;
  metrics: SupportMetrics;
  /** A second server on localhost only (METRICS_PORT): /metrics lives there, without a token, and only there. */
  metricsServer?: WebhookServer;
  logger: Logger;
  /** Staff actions (handoff/audit.ts), listed at GET /admin/api/audit and on the page. */
  audit?: { recent(count?: number): Promise<unknown[]> };
  /** Parked customer messages (admin/dead-letters.ts), listed at GET /admin/api/dead-letters. */
  deadLetters?: { list(limit?: number): Promise<unknown> };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function registerAdmin(options: AdminApiOptions): void {
  const { server, logger, metrics } = options;
  const scrape = async (res: ServerResponse) => {
    const { contentType, body } = await metrics.prometheus();
    res.writeHead(200, { 'content-type': contentType }).end(body);
  };
  if (options.metricsServer) options.metricsServer.route('GET', '/metrics', (_req, res) => scrape(res));
  if (!options.token) {
    logger.warn('admin.off', { why: 'ADMIN_TOKEN is not set', how: 'set ADMIN_TOKEN to a long random secret to enable /admin, /admin/api and /metrics (or METRICS_PORT for /metrics on 127.0.0.1)' });
    return;
  }
  if (options.token.length < MIN_ADMIN_TOKEN_CHARS) {
    logger.warn('admin.off', { why: `ADMIN_TOKEN is ${options.token.length} characters; at least ${MIN_ADMIN_TOKEN_CHARS} are needed`, how: 'set ADMIN_TOKEN to a long random secret, e.g. openssl rand -hex 24' });
    return;
  }
  const expected = digest(options.token);
  const authorized = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    return timingSafeEqual(digest(presented), expected);
  };
  if (!options.metricsServer) {
    server.route('GET', '/metrics', async (req, res) => {
      if (authorized(req)) return scrape(res);
      logger.warn('admin.unauthorized', { path: '/metrics', from: req.socket.remoteAddress });
      sendJson(res, 401, { error: 'missing or wrong bearer token' });
    });
  }
  const api = (method: string, path: string, handle: (body: Record<string, unknown>, query: URLSearchParams) => Promise<unknown>) => {
    server.route(method, `/admin/api${path}`, async (req: IncomingMessage, res: ServerResponse) => {
      if (!authorized(req)) {
        logger.warn('admin.unauthorized', { path, from: req.socket.remoteAddress });
        sendJson(res, 401, { error: 'missing or wrong bearer token' });
        return;
      }
      let body: Record<string, unknown> = {};
      if (method !== 'GET') {
        const raw = (await server.readBody(req)).toString('utf8');
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          sendJson(res, 400, { error: 'the body must be JSON' });
          return;
        }
      }
      try {
        sendJson(res, 200, await handle(body, new URL(req.url ?? '/', 'http://admin').searchParams));
      } catch (error) {
        if (error instanceof HttpError) {
          if (error.status === 413) logger.warn('admin.too_large', { path, error: error.message });
          sendJson(res, error.status, { error: error.message, ...(error instanceof ProblemsError ? { problems: error.problems, ...error.extra } : {}) });
        } else throw error;
      }
    });
  };

  server.route('GET', '/admin', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...PAGE_SECURITY_HEADERS }).end(ADMIN_PAGE);
  });

  api('GET', '/channels', async () => ({ channels: await options.channels.health(PLATFORMS) }));
  api('POST', '/channels', async (body) => {
    const channel = String(body.channel ?? '');
    if (!(PLATFORMS as readonly string[]).includes(channel)) throw new HttpError(400, `unknown channel "${channel}" (known: ${PLATFORMS.join(', ')})`);
    if (typeof body.enabled !== 'boolean') throw new HttpError(400, '"enabled" must be true or false');
    await options.channels.setEnabled(channel, body.enabled);
    return { channels: await options.channels.health(PLATFORMS) };
  });

  api('GET', '/kb', async () => {
    const kb = options.knowledge.current;
    const { revision, by, at, text, format } = await options.knowledge.version();
    return { source: kb.source, version: kb.version, revision, by, at, format, text, entries: kb.entries.map(({ id, question, handoff, examples }) => ({ id, question, handoff, examples: examples.length })) };
  });
  api('POST', '/kb/validate', async (body) => options.knowledge.validate(requireText(body)));
  // Entries the matcher confuses on their own examples, too few examples, duplicates — each with the fix: of the
  // knowledge base in use (GET), or of the editor's draft (POST {text}; an invalid draft gets its problems, 422).
  api('GET', '/kb/lint', async () => options.knowledge.lint());
  api('POST', '/kb/lint', async (body) => {
    const result = options.knowledge.lint(requireText(body));
    if (!result.ok) throw new ProblemsError(result.problems);
    return result;
  });
  api('PUT', '/kb', async (body) => {
    const expected = body.revision === undefined ? undefined : Number(body.revision);
    if (expected !== undefined && !Number.isInteger(expected)) throw new HttpError(400, '"revision" must be a whole number (the revision the edit started from)');
    const result = await options.knowledge.replace(requireText(body), 'admin', expected);
    if (!result.ok) throw result.problems.some((p) => p.field === 'revision') ? new ProblemsError(result.problems, 409, result.problems[0].message) : new ProblemsError(result.problems);
    return { ...result, version: options.knowledge.current.version };
  });
  api('POST', '/kb/reload', async () => {
    const result = await options.knowledge.reload('admin asked');
    if (!result.ok) throw new ProblemsError(result.problems);
    return { ...result, version: options.knowledge.current.version };
  });
  api('GET', '/kb/history', async () => ({ revision: options.knowledge.revision, versions: await options.knowledge.history() }));
  api('POST', '/kb/rollback', async (body) => {
    if (!Number.isInteger(body.revision)) throw new HttpError(400, '"revision" must be a whole number (see GET /admin/api/kb/history)');
    const result = await options.knowledge.rollback(body.revision as number);
    if (!result.ok) throw new ProblemsError(result.problems, result.problems[0]?.field === 'revision' ? 404 : 422, result.problems[0]?.message);
    return { ...result, version: options.knowledge.current.version };
  });
  api('POST', '/kb/learn', async (body) => {
    const entryId = String(body.entryId ?? '');
    const question = typeof body.question === 'string' ? body.question : undefined;
    const teach = { preview: body.preview === true, confirm: body.confirm === true };
    const result =
      typeof body.handoffId === 'string'
        ? await learnFromHandoff({ knowledge: options.knowledge, records: options.records }, { handoffId: body.handoffId, entryId, question, by: 'admin', ...teach })
        : await options.knowledge.learn(entryId, question ?? '', 'admin', teach);
    if (!result.ok && result.conflicts?.length) {
      // Not saved: it would change how existing questions are answered. The same request with confirm: true saves it.
      throw new ProblemsError(result.problems, 409, result.problems[0].message, { conflicts: result.conflicts, changes: result.changes, changedTotal: result.changedTotal });
    }
    if (!result.ok) throw new ProblemsError(result.problems, 422, 'not taught');
    return result;
  });
  api('POST', '/try', async (body) => {
    const text = requireText(body, MAX_TRY_CHARS);
    const { answerer } = options.core;
    const { decision } = answerer.decide({ text }, emptyMemory());
    // Why the entry answered (or offered first) scores: its words in the question, and its nearest phrasing.
    const entryId = decision.kind === 'answer' ? decision.entryId : decision.kind === 'clarify' ? decision.entryIds[0] : undefined;
    return { decision: { ...decision, reply: 'reply' in decision ? decision.reply : undefined }, why: entryId ? { entryId, ...answerer.explain(text, entryId) } : undefined };
  });

  api('GET', '/handoffs', async () => {
    const recent = (await options.records.listRecent(50)).reverse(); // newest first
    // For resolved handoffs, what the customer asked: staff can teach the bot the wording it missed.
    const withQuestions = await Promise.all(
      recent.map(async (record) => {
        if (record.status !== 'resolved') return record;
        const found = await handoffQuestions(options.records, record.id);
        // The entry the bot would pick for it today: the page's picker starts there.
        return { ...record, questions: found?.questions ?? [], question: found?.suggested, guess: found?.suggested ? options.knowledge.bestGuess(found.suggested) : undefined };
      }),
    );
    return { open: (await options.records.listActive()).map(redactRecord), recent: withQuestions.map(redactRecord) };
  });
  api('GET', '/metrics', async (_body, query) => {
    const days = Number(query.get('days') ?? 14);
    if (!Number.isInteger(days) || days < 1 || days > metrics.keepDays) throw new HttpError(400, `"days" must be a whole number from 1 to ${metrics.keepDays}`);
    return metrics.summary(days);
  });
  api('GET', '/dead-letters', async (_body, query) => (options.deadLetters ? options.deadLetters.list(Math.min(1000, Math.max(1, Number(query.get('limit')) || 100))) : { total: 0, letters: [] }));
  api('GET', '/audit', async (_body, query) => ({ entries: options.audit ? await options.audit.recent(Math.min(1000, Math.max(1, Number(query.get('limit')) || 100))) : [] }));
  logger.info('admin.on', { page: '/admin', api: '/admin/api' });
}

/** Names and details are customer-controlled: the admin API shows them like staff see them. */
function redactRecord<T extends HandoffRecord>(record: T): T {
  return { ...record, customer: { ...record.customer, displayName: redact(record.customer.displayName) }, ...(record.detail ? { detail: redact(record.detail) } : {}) };
}

export class ProblemsError extends HttpError {
  constructor(
    readonly problems: unknown[],
    status = 422,
    message = 'the knowledge base is invalid; the current one keeps serving',
    /** More fields for the response body (a teach's conflicts). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(status, message);
  }
}

function requireText(body: Record<string, unknown>, maxChars?: number): string {
  if (typeof body.text !== 'string' || !body.text.trim()) throw new HttpError(400, '"text" must be a non-empty string');
  if (maxChars !== undefined && body.text.length > maxChars) throw new HttpError(413, `"text" is ${body.text.length} characters; at most ${maxChars}`);
  return body.text;
}

/** A shorter ADMIN_TOKEN keeps the admin side off (brute force, and "change-me"-style placeholders). */
export const MIN_ADMIN_TOKEN_CHARS = 24;
/** POST /admin/api/try: a customer message is at most this long too. */
export const MAX_TRY_CHARS = 2000;

/** The page's one inline script, allowed by its hash: nothing else runs, nothing loads from elsewhere, no framing. */
const PAGE_SCRIPT = /<script>([\s\S]*?)<\/script>/.exec(ADMIN_PAGE)?.[1] ?? '';
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'",
    `script-src 'sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Equal-length digests, so timingSafeEqual never throws and the compare takes constant time. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
