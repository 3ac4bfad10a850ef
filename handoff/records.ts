/**
 * Handoff records in Redis: one per handoff (reason, queued/paged/claimed/resolved times, agent, rating, the
 * page's place on the staff desk), kept `recordRetentionSeconds` after it ends, for metrics.
 *
 * Keys: `<base>` below is `<prefix>:handoff:{<prefix>:handoff}` (`<…>` marks a value, `{…}` is a literal Redis
 * Cluster hash tag), so every key starts with the configured prefix:
 *   <base>:rec:<id>             hash, the record
 *   <base>:lines:<id>           list of JSON transcript lines (numbered by `seq`) for the page
 *   <base>:open:<address>       id of the conversation's open handoff: asking twice finds it instead of paging again
 *   <base>:last:<address>       id of its last finished handoff, so a later rating lands on the right record
 *   <base>:waiting              zset id → queued time: unclaimed handoffs, oldest first (positions in the queue)
 *   <base>:active               zset id → queued time: waiting or claimed (the /handoffs list)
 *   <base>:index                zset id → queued time: every handoff within retention (metrics)
 *   <base>:claim-times          list of recent page→claim durations in ms (expected wait)
 *   <base>:thread:<ch>:<ts>     id of the handoff whose page is that message (staff replies in its thread)
 * Every multi-key change is one named Lua script (handoff/scripts/*.lua), so a crash never leaves half a state.
 * Those scripts change a record together with the shared queues (waiting, active, index, claim-times) and the
 * per-conversation and per-thread pointers, so one hash tag per handoff cannot hold them: the handoff desk is one
 * aggregate and all its keys share the tag `{<prefix>:handoff}` (as a BullMQ queue's keys share `{<queue>}`).
 * Every script, MULTI and pipeline here is therefore within one Redis Cluster slot. If the prefix itself holds a
 * tag (e.g. `{bot}`), every key takes that one instead, which keeps them together just the same.
 * `base` (`<prefix>:handoff`, untagged) remains the prefix of single keys other modules keep (Slack event dedupe).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { defineScripts, sameSlotTag, script } from '../core/redis-scripts';
import type { ConversationAddress, Customer, FollowUpRequest, HandoffReason, HandoffRequest, TranscriptLine } from '../core/types';
import { platformOf } from '../core/types';
import type { HandoffStatus, PageRef, ReminderLevel, StaffMember } from './desk';

export class HandoffKeys {
  /** `<prefix>:handoff:{<prefix>:handoff}`: every key below starts with it, so all share one hash tag. */
  readonly tagged: string;
  constructor(readonly base: string) {
    this.tagged = `${base}:${sameSlotTag(base)}`;
  }
  record = (id: string) => `${this.tagged}:rec:${id}`;
  lines = (id: string) => `${this.tagged}:lines:${id}`;
  open = (address: ConversationAddress) => `${this.tagged}:open:${address}`;
  last = (address: ConversationAddress) => `${this.tagged}:last:${address}`;
  thread = (page: PageRef) => `${this.tagged}:thread:${page.channel}:${page.ts}`;
  get waiting() {
    return `${this.tagged}:waiting`;
  }
  get active() {
    return `${this.tagged}:active`;
  }
  get index() {
    return `${this.tagged}:index`;
  }
  get claimTimes() {
    return `${this.tagged}:claim-times`;
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
  /** The language the customer writes in. */
  language?: string;
  /** Set for a follow-up item: why, and the stars of an unhappy rating. */
  followUp?: { reason: 'left_message' | 'unhappy_rating'; stars?: number; at?: Date };
  /** Messages staff sent the customer: resolving with none asks staff to confirm. */
  agentReplies: number;
}

export interface NumberedLine extends TranscriptLine {
  seq: number;
}

/** Keep the page's transcript bounded; the conversation store keeps the customer's own history. */
const MAX_LINES = 200;

/** The records' atomic steps (handoff/scripts/*.lua; each file's header lists its keys, arguments and reply). */
const SCRIPTS = {
  open: script<[string, number]>()('open-handoff.lua', ['open', 'record', 'lines', 'waiting', 'active', 'index'], ['id', 'queuedAt', 'fields', 'lines', 'retention']),
  appendLine: script<[string, string, string, number, number?]>()('append-line.lua', ['record', 'lines'], ['line', 'maxLines']),
  setPage: script<string[]>()('set-page.lua', ['record', 'lines', 'thread'], ['pageChannel', 'pageTs', 'pagedAt', 'lastSeqShown', 'id']),
  finish: script<[string, string]>()('finish-handoff.lua', ['record', 'waiting', 'active', 'open', 'last', 'lines', 'thread'], ['id', 'outcome', 'closedAt', 'closedById', 'closedByName', 'retention']),
  rate: script<number>()('rate-handoff.lua', ['last', 'record'], ['rating', 'id']),
  withdraw: script<[string, string]>()('withdraw-handoff.lua', ['record', 'waiting', 'active', 'open', 'lines'], ['id', 'outcome', 'at', 'retention']),
  openFollowUp: script<number>()('open-follow-up.lua', ['record', 'lines', 'active', 'index'], ['id', 'queuedAt', 'fields', 'lines', 'retention']),
};

export const HANDOFF_SCRIPTS_DIR = join(__dirname, 'scripts');

export class HandoffRecords {
  readonly keys: HandoffKeys;
  private readonly scripts;

  constructor(
    readonly redis: Redis,
    keyPrefix: string,
    private readonly retentionSeconds: number,
  ) {
    this.keys = new HandoffKeys(`${keyPrefix}:handoff`);
    this.scripts = defineScripts(redis, 'handoff', HANDOFF_SCRIPTS_DIR, SCRIPTS);
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
      'language', request.language ?? '',
    ];
    const lines = request.transcript.slice(-MAX_LINES).map((line, i) => JSON.stringify({ ...line, seq: i + 1 }));
    const [foundId, created] = await this.scripts.open(
      {
        open: this.keys.open(request.address),
        record: this.keys.record(id),
        lines: this.keys.lines(id),
        waiting: this.keys.waiting,
        active: this.keys.active,
        index: this.keys.index,
      },
      { id, queuedAt, fields: JSON.stringify(fields), lines: JSON.stringify(lines), retention: this.retentionSeconds },
    );
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
      language: raw.language || undefined,
      followUp: raw.followUpReason
        ? { reason: raw.followUpReason as 'left_message' | 'unhappy_rating', stars: raw.followUpStars ? Number(raw.followUpStars) : undefined, at: date('followUpAt') }
        : undefined,
      agentReplies: Number(raw.agentReplies ?? 0),
    };
  }

  async lines(id: string, last?: number): Promise<NumberedLine[]> {
    const raw = await this.redis.lrange(this.keys.lines(id), last ? -last : 0, -1);
    return raw.map((line) => JSON.parse(line) as NumberedLine);
  }

  /**
   * Add a customer line; tells whether the page is already out (then the caller posts the line in its thread).
   * Appends once: the same line (from, at, text) relayed again by a rerun turn is neither stored nor posted twice.
   */
  async appendLine(id: string, line: TranscriptLine): Promise<{ status: HandoffStatus | 'missing'; page?: PageRef; duplicate?: boolean }> {
    const [status, channel, ts, , duplicate] = await this.scripts.appendLine({ record: this.keys.record(id), lines: this.keys.lines(id) }, { line: JSON.stringify(line), maxLines: MAX_LINES });
    // A line already stored (a rerun of the same turn) comes back without its page: it was posted the first time.
    return { status: status as HandoffStatus | 'missing', page: channel && ts ? { channel, ts } : undefined, ...(duplicate ? { duplicate: true } : {}) };
  }

  /** `lastSeqShown`: the page's transcript snapshot, so a worker adopting the page after a crash knows it. */
  async markIntent(id: string, kind: 'page' | ReminderLevel, lastSeqShown = 0, at = Date.now()): Promise<void> {
    await this.redis.hset(this.keys.record(id), `${kind}IntentAt`, String(at), `${kind}IntentSeq`, String(lastSeqShown));
  }

  /** Record the posted page; returns the customer lines that arrived after its snapshot, to post in its thread. */
  async setPage(id: string, page: PageRef, lastSeqShown: number, at = Date.now()): Promise<NumberedLine[]> {
    const later = await this.scripts.setPage(
      { record: this.keys.record(id), lines: this.keys.lines(id), thread: this.keys.thread(page) },
      { pageChannel: page.channel, pageTs: page.ts, pagedAt: at, lastSeqShown, id },
    );
    return later.map((line) => JSON.parse(line) as NumberedLine);
  }

  async setReminder(id: string, level: ReminderLevel, ref: PageRef): Promise<void> {
    await this.redis.hset(this.keys.record(id), `${level}Channel`, ref.channel, `${level}Ts`, ref.ts);
  }

  /** Resolve or return to the bot. Returns the status before, or why nothing changed. */
  async finish(record: HandoffRecord, outcome: 'resolved' | 'returned', by: StaffMember, at = Date.now()): Promise<{ done: true; previous: 'waiting' | 'claimed' | 'follow_up' } | { done: false; status: string }> {
    const [result, previous] = await this.scripts.finish(
      {
        record: this.keys.record(record.id),
        waiting: this.keys.waiting,
        active: this.keys.active,
        open: this.keys.open(record.address),
        last: this.keys.last(record.address),
        lines: this.keys.lines(record.id),
        thread: record.page ? this.keys.thread(record.page) : this.keys.record(record.id),
      },
      { id: record.id, outcome, closedAt: at, closedById: by.id, closedByName: by.name, retention: this.retentionSeconds },
    );
    return result === 'done' ? { done: true, previous: previous as 'waiting' | 'claimed' | 'follow_up' } : { done: false, status: result };
  }

  /** The customer stopped waiting: withdrawn (back to the bot) or a follow-up item. Only from `waiting`. */
  async withdraw(record: HandoffRecord, outcome: 'withdrawn' | 'follow_up', at = Date.now()): Promise<{ done: true } | { done: false; status: string }> {
    const [result] = await this.scripts.withdraw(
      { record: this.keys.record(record.id), waiting: this.keys.waiting, active: this.keys.active, open: this.keys.open(record.address), lines: this.keys.lines(record.id) },
      { id: record.id, outcome, at, retention: this.retentionSeconds },
    );
    return result === 'done' ? { done: true } : { done: false, status: result };
  }

  /** A follow-up item outside any queue (a message left with the bot, an unhappy rating); returns its id. */
  async openFollowUp(request: FollowUpRequest): Promise<string> {
    const id = newHandoffId();
    const at = request.requestedAt.getTime();
    const fields: string[] = [
      'id', id,
      'address', request.address,
      'platform', platformOf(request.address),
      'customer', JSON.stringify(request.customer),
      'reason', request.why === 'unhappy_rating' ? 'asked_for_person' : 'picked_talk_to_person',
      'detail', request.why === 'unhappy_rating' ? `rated ${request.stars ?? '?'} of 5` : 'left a message',
      'status', 'follow_up',
      'queuedAt', String(at),
      'pageAt', String(at),
      'followUpAt', String(at),
      'followUpReason', request.why,
      'followUpStars', request.stars === undefined ? '' : String(request.stars),
      'language', request.language ?? '',
    ];
    const lines = request.transcript.slice(-MAX_LINES).map((line, i) => JSON.stringify({ ...line, seq: i + 1 }));
    await this.scripts.openFollowUp(
      { record: this.keys.record(id), lines: this.keys.lines(id), active: this.keys.active, index: this.keys.index },
      { id, queuedAt: at, fields: JSON.stringify(fields), lines: JSON.stringify(lines), retention: this.retentionSeconds },
    );
    return id;
  }

  /** Count a message staff sent the customer (resolving without any asks to confirm). */
  async countAgentReply(id: string): Promise<void> {
    await this.redis.hincrby(this.keys.record(id), 'agentReplies', 1);
  }

  /** Store the customer's rating on their last resolved handoff (once). */
  async rate(address: ConversationAddress, rating: number): Promise<boolean> {
    // The record key must be named in KEYS, so read which record first; the script checks it is still the last.
    const last = this.keys.last(address);
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = await this.redis.get(last);
      if (!id) return false;
      const stored = await this.scripts.rate({ last, record: this.keys.record(id) }, { rating, id });
      if (stored !== -1) return stored === 1;
    }
    return false;
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

  /** Open handoffs (waiting or claimed) and follow-ups not yet resolved, oldest first. */
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
