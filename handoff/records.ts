/**
 * Handoff records in Redis: one per handoff (reason, queued/paged/claimed/resolved times, agent, rating, the
 * page's place on the staff desk), kept `recordRetentionSeconds` after it ends, for metrics.
 *
 * Keys (under `{keyPrefix}:handoff`):
 *   rec:{id}            hash, the record
 *   lines:{id}          list of JSON transcript lines (numbered by `seq`) for the page
 *   open:{address}      id of the conversation's open handoff: asking twice finds it instead of paging again
 *   last:{address}      id of its last finished handoff, so a later rating lands on the right record
 *   waiting             zset id → queued time: unclaimed handoffs, oldest first (positions in the queue)
 *   active              zset id → queued time: waiting or claimed (the /handoffs list)
 *   index               zset id → queued time: every handoff within retention (metrics)
 *   claim-times         list of recent page→claim durations in ms (expected wait)
 *   thread:{ch}:{ts}    id of the handoff whose page is that message (staff replies in its thread)
 * Every multi-key change is one Lua script, so a crash never leaves half a state.
 */
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { ConversationAddress, Customer, HandoffReason, HandoffRequest, TranscriptLine } from '../core/types';
import { platformOf } from '../core/types';
import type { HandoffStatus, PageRef, ReminderLevel, StaffMember } from './desk';

export class HandoffKeys {
  constructor(readonly base: string) {}
  record = (id: string) => `${this.base}:rec:${id}`;
  lines = (id: string) => `${this.base}:lines:${id}`;
  open = (address: ConversationAddress) => `${this.base}:open:${address}`;
  last = (address: ConversationAddress) => `${this.base}:last:${address}`;
  thread = (page: PageRef) => `${this.base}:thread:${page.channel}:${page.ts}`;
  get waiting() {
    return `${this.base}:waiting`;
  }
  get active() {
    return `${this.base}:active`;
  }
  get index() {
    return `${this.base}:index`;
  }
  get claimTimes() {
    return `${this.base}:claim-times`;
  }
}

export interface HandoffRecord {
  id: string;
  address: ConversationAddress;
  platform: string;
  customer: Customer;
  reason: HandoffReason;
  detail?: string;
  status: HandoffStatus;
  queuedAt: Date;
  /** When staff are (or were) paged: the request time, or the next opening outside business hours. */
  pageAt: Date;
  pagedAt?: Date;
  claimedAt?: Date;
  closedAt?: Date;
  agent?: StaffMember;
  closedBy?: StaffMember;
  rating?: number;
  page?: PageRef;
  /** Set just before the page is posted: a restarted worker then looks for it on the desk before posting again. */
  pageIntentAt?: Date;
  /** The last transcript line the intended page shows. */
  pageIntentSeq?: number;
  /** Transcript lines up to the handoff (the page shows their end); later ones are the customer writing while waiting. */
  handoffLineCount: number;
  reminders: Partial<Record<ReminderLevel, { intentAt?: Date; ref?: PageRef }>>;
}

export interface NumberedLine extends TranscriptLine {
  seq: number;
}

/** Keep the page's transcript bounded; the conversation store keeps the customer's own history. */
const MAX_LINES = 200;

const OPEN_SCRIPT = `
local existing = redis.call('GET', KEYS[1])
if existing then return {existing, 0} end
redis.call('SET', KEYS[1], ARGV[1])
local fields = cjson.decode(ARGV[3])
for i = 1, #fields, 2 do redis.call('HSET', KEYS[2], fields[i], fields[i + 1]) end
local lines = cjson.decode(ARGV[4])
for i = 1, #lines do redis.call('RPUSH', KEYS[3], lines[i]) end
redis.call('HSET', KEYS[2], 'lineCount', #lines, 'handoffLineCount', #lines)
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[5]) * 1000)
return {ARGV[1], 1}
`;

// Append a customer line and, in the same step, read where the page is: a line is either in the page's
// snapshot or posted in its thread, never both and never neither (see SET_PAGE_SCRIPT).
const APPEND_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing', '', '', 0} end
local seq = redis.call('HINCRBY', KEYS[1], 'lineCount', 1)
local line = cjson.decode(ARGV[1])
line['seq'] = seq
redis.call('RPUSH', KEYS[2], cjson.encode(line))
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
return {status, redis.call('HGET', KEYS[1], 'pageChannel') or '', redis.call('HGET', KEYS[1], 'pageTs') or '', seq}
`;

// Record the posted page and return the lines appended after the page's snapshot (`ARGV[4]` = last seq shown).
const SET_PAGE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], 'pageTs') == 1 then return {} end
redis.call('HSET', KEYS[1], 'pageChannel', ARGV[1], 'pageTs', ARGV[2], 'pagedAt', ARGV[3])
redis.call('SET', KEYS[3], ARGV[5])
local later = {}
for _, raw in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  if cjson.decode(raw)['seq'] > tonumber(ARGV[4]) then table.insert(later, raw) end
end
return later
`;

const FINISH_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'waiting' and status ~= 'claimed' then return {status or 'missing'} end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'closedAt', ARGV[3], 'closedById', ARGV[4], 'closedByName', ARGV[5])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
redis.call('SET', KEYS[5], ARGV[1], 'EX', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[6], ARGV[6])
if KEYS[7] ~= KEYS[1] then redis.call('EXPIRE', KEYS[7], ARGV[6]) end
return {'done', status}
`;

const RATE_SCRIPT = `
local id = redis.call('GET', KEYS[1])
if not id then return 0 end
local record = ARGV[2] .. id
if redis.call('HGET', record, 'status') ~= 'resolved' then return 0 end
return redis.call('HSETNX', record, 'rating', ARGV[1])
`;

export class HandoffRecords {
  readonly keys: HandoffKeys;

  constructor(
    readonly redis: Redis,
    keyPrefix: string,
    private readonly retentionSeconds: number,
  ) {
    this.keys = new HandoffKeys(`${keyPrefix}:handoff`);
  }

  /** Open a handoff for the conversation, or find the one already open. */
  async open(request: HandoffRequest, pageAt: Date): Promise<{ id: string; created: boolean }> {
    const id = newHandoffId();
    const queuedAt = request.requestedAt.getTime();
    const fields: string[] = [
      'id', id,
      'address', request.address,
      'platform', platformOf(request.address),
      'customer', JSON.stringify(request.customer),
      'reason', request.reason,
      'detail', request.detail ?? '',
      'status', 'waiting',
      'queuedAt', String(queuedAt),
      'pageAt', String(pageAt.getTime()),
    ];
    const lines = request.transcript.slice(-MAX_LINES).map((line, i) => JSON.stringify({ ...line, seq: i + 1 }));
    const [foundId, created] = (await this.redis.eval(
      OPEN_SCRIPT,
      6,
      this.keys.open(request.address),
      this.keys.record(id),
      this.keys.lines(id),
      this.keys.waiting,
      this.keys.active,
      this.keys.index,
      id,
      String(queuedAt),
      JSON.stringify(fields),
      JSON.stringify(lines),
      String(this.retentionSeconds),
    )) as [string, number];
    return { id: foundId, created: created === 1 };
  }

  async openIdFor(address: ConversationAddress): Promise<string | undefined> {
    return (await this.redis.get(this.keys.open(address))) ?? undefined;
  }

  async idForThread(page: PageRef): Promise<string | undefined> {
    return (await this.redis.get(this.keys.thread(page))) ?? undefined;
  }

  async get(id: string): Promise<HandoffRecord | undefined> {
    const raw = await this.redis.hgetall(this.keys.record(id));
    if (!raw.status) return undefined;
    const date = (field: string) => (raw[field] ? new Date(Number(raw[field])) : undefined);
    const ref = (channel: string, ts: string) => (raw[channel] && raw[ts] ? { channel: raw[channel], ts: raw[ts] } : undefined);
    const reminders: HandoffRecord['reminders'] = {};
    for (const level of ['repage', 'escalate'] as const) {
      if (raw[`${level}IntentAt`]) reminders[level] = { intentAt: date(`${level}IntentAt`), ref: ref(`${level}Channel`, `${level}Ts`) };
    }
    return {
      id: raw.id,
      address: raw.address,
      platform: raw.platform,
      customer: JSON.parse(raw.customer) as Customer,
      reason: raw.reason as HandoffReason,
      detail: raw.detail || undefined,
      status: raw.status as HandoffStatus,
      queuedAt: date('queuedAt')!,
      pageAt: date('pageAt')!,
      pagedAt: date('pagedAt'),
      claimedAt: date('claimedAt'),
      closedAt: date('closedAt'),
      agent: raw.agentId ? { id: raw.agentId, name: raw.agentName } : undefined,
      closedBy: raw.closedById ? { id: raw.closedById, name: raw.closedByName } : undefined,
      rating: raw.rating ? Number(raw.rating) : undefined,
      page: ref('pageChannel', 'pageTs'),
      pageIntentAt: date('pageIntentAt'),
      pageIntentSeq: raw.pageIntentSeq ? Number(raw.pageIntentSeq) : undefined,
      handoffLineCount: Number(raw.handoffLineCount ?? 0),
      reminders,
    };
  }

  async lines(id: string, last?: number): Promise<NumberedLine[]> {
    const raw = await this.redis.lrange(this.keys.lines(id), last ? -last : 0, -1);
    return raw.map((line) => JSON.parse(line) as NumberedLine);
  }

  /** Add a customer line; tells whether the page is already out (then the caller posts the line in its thread). */
  async appendLine(id: string, line: TranscriptLine): Promise<{ status: HandoffStatus | 'missing'; page?: PageRef }> {
    const [status, channel, ts] = (await this.redis.eval(APPEND_SCRIPT, 2, this.keys.record(id), this.keys.lines(id), JSON.stringify(line), String(MAX_LINES))) as [string, string, string, number];
    return { status: status as HandoffStatus | 'missing', page: channel && ts ? { channel, ts } : undefined };
  }

  /** `lastSeqShown`: the page's transcript snapshot, so a worker adopting the page after a crash knows it. */
  async markIntent(id: string, kind: 'page' | ReminderLevel, lastSeqShown = 0, at = Date.now()): Promise<void> {
    await this.redis.hset(this.keys.record(id), `${kind}IntentAt`, String(at), `${kind}IntentSeq`, String(lastSeqShown));
  }

  /** Record the posted page; returns the customer lines that arrived after its snapshot, to post in its thread. */
  async setPage(id: string, page: PageRef, lastSeqShown: number, at = Date.now()): Promise<NumberedLine[]> {
    const later = (await this.redis.eval(SET_PAGE_SCRIPT, 3, this.keys.record(id), this.keys.lines(id), this.keys.thread(page), page.channel, page.ts, String(at), String(lastSeqShown), id)) as string[];
    return later.map((line) => JSON.parse(line) as NumberedLine);
  }

  async setReminder(id: string, level: ReminderLevel, ref: PageRef): Promise<void> {
    await this.redis.hset(this.keys.record(id), `${level}Channel`, ref.channel, `${level}Ts`, ref.ts);
  }

  /** Resolve or return to the bot. Returns the status before, or why nothing changed. */
  async finish(record: HandoffRecord, outcome: 'resolved' | 'returned', by: StaffMember, at = Date.now()): Promise<{ done: true; previous: 'waiting' | 'claimed' } | { done: false; status: string }> {
    const [result, previous] = (await this.redis.eval(
      FINISH_SCRIPT,
      7,
      this.keys.record(record.id),
      this.keys.waiting,
      this.keys.active,
      this.keys.open(record.address),
      this.keys.last(record.address),
      this.keys.lines(record.id),
      record.page ? this.keys.thread(record.page) : this.keys.record(record.id),
      record.id,
      outcome,
      String(at),
      by.id,
      by.name,
      String(this.retentionSeconds),
    )) as [string, string];
    return result === 'done' ? { done: true, previous: previous as 'waiting' | 'claimed' } : { done: false, status: result };
  }

  /** Store the customer's rating on their last resolved handoff (once). */
  async rate(address: ConversationAddress, rating: number): Promise<boolean> {
    return (await this.redis.eval(RATE_SCRIPT, 1, this.keys.last(address), String(rating), `${this.keys.base}:rec:`)) === 1;
  }

  /** 1 = next in line; undefined once claimed or closed. */
  async position(id: string): Promise<number | undefined> {
    const rank = await this.redis.zrank(this.keys.waiting, id);
    return rank === null ? undefined : rank + 1;
  }

  async waitingCount(): Promise<number> {
    return this.redis.zcard(this.keys.waiting);
  }

  /** Median of recent page→claim times, in seconds; undefined before the first claim. */
  async recentTimeToClaimSeconds(): Promise<number | undefined> {
    const values = (await this.redis.lrange(this.keys.claimTimes, 0, -1)).map(Number).filter((n) => Number.isFinite(n) && n >= 0);
    if (values.length === 0) return undefined;
    values.sort((a, b) => a - b);
    return Math.round(values[Math.floor(values.length / 2)] / 1000);
  }

  /** Open handoffs (waiting or claimed), oldest first. */
  async listActive(): Promise<HandoffRecord[]> {
    const ids = await this.redis.zrange(this.keys.active, 0, -1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is HandoffRecord => r !== undefined);
  }

  /** Handoffs within retention, oldest first (for metrics). */
  async listRecent(limit = 1000): Promise<HandoffRecord[]> {
    const ids = await this.redis.zrange(this.keys.index, -limit, -1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is HandoffRecord => r !== undefined);
  }
}

/** Random, not a counter: ids never collide across Redis flushes or bots, and never look like an integer job id. */
function newHandoffId(): string {
  return `h${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}
