/**
 * Conversation state in Redis, shared by every replica.
 *
 * Keys (all under the configured prefix):
 *   {prefix}:conv:{address}          JSON state; expires after the configured inactivity
 *   {prefix}:lock:{address}          SET NX PX token: one message of a conversation at a time, across processes
 *   {prefix}:seen:{address}:{id}     a processed platform message id (kept 10 min: Slack retries for ~5);
 *                                    per address, since platforms number messages per chat
 *
 * The lock is a lease: a crashed process cannot block a conversation longer than `lockLeaseMs`.
 */
import type Redis from 'ioredis';
import { emptyMemory, type ConversationMemory } from './answerer';
import type { ConversationAddress, Customer, HandoffReason, TranscriptLine } from './types';

export type ConversationMode = 'bot' | 'waiting' | 'with_agent' | 'closed';

export interface ConversationState {
  address: ConversationAddress;
  mode: ConversationMode;
  customer?: Customer;
  /** Recent lines, oldest first, bounded by the history limit. */
  history: TranscriptLine[];
  memory: ConversationMemory;
  handoff?: { reason: HandoffReason; detail: string; requestedAt: string; agent?: string; claimedAt?: string };
  startedAt: string;
  updatedAt: string;
}

export interface ConversationStoreOptions {
  keyPrefix: string;
  /** Inactivity after which a conversation is forgotten. */
  ttlSeconds: number;
  historyLimit: number;
  /** How long one message may hold its conversation's lock before another process may take over. Default 30 s. */
  lockLeaseMs?: number;
  /** How long a message waits for its turn before failing (the platform will redeliver it). Default 20 s. */
  lockWaitMs?: number;
  /** How long a processed message id is remembered. Default 600 s. */
  dedupeSeconds?: number;
}

export class ConversationBusyError extends Error {
  constructor(address: string, waitedMs: number) {
    super(`Conversation ${address} stayed locked for ${waitedMs} ms; the message was not processed and should be retried.`);
    this.name = 'ConversationBusyError';
  }
}

// Compare-and-delete: only the holder of the token may release the lock.
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class ConversationStore {
  private readonly lockLeaseMs: number;
  private readonly lockWaitMs: number;
  private readonly dedupeSeconds: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: ConversationStoreOptions,
  ) {
    this.lockLeaseMs = options.lockLeaseMs ?? 30_000;
    this.lockWaitMs = options.lockWaitMs ?? 20_000;
    this.dedupeSeconds = options.dedupeSeconds ?? 600;
  }

  private key(kind: string, rest: string): string {
    return `${this.options.keyPrefix}:${kind}:${rest}`;
  }

  /** Run `work` while holding the conversation's lock; waits its turn, with a short backoff, up to lockWaitMs. */
  async withLock<T>(address: ConversationAddress, work: () => Promise<T>): Promise<T> {
    const key = this.key('lock', address);
    const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const started = Date.now();
    let delay = 2;
    while ((await this.redis.set(key, token, 'PX', this.lockLeaseMs, 'NX')) !== 'OK') {
      if (Date.now() - started > this.lockWaitMs) throw new ConversationBusyError(address, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
    }
  }

  /** Load the state and whether this message id was already processed, in one round trip. */
  async load(address: ConversationAddress, messageId?: string): Promise<{ state: ConversationState; duplicate: boolean }> {
    const pipeline = this.redis.pipeline().get(this.key('conv', address));
    if (messageId) pipeline.exists(this.seenKey(address, messageId));
    const [[stateError, raw], seen] = (await pipeline.exec())!;
    if (stateError) throw stateError;
    if (seen?.[0]) throw seen[0];
    const state = raw ? (JSON.parse(raw as string) as ConversationState) : newState(address);
    return { state, duplicate: Boolean(seen?.[1]) };
  }

  async get(address: ConversationAddress): Promise<ConversationState | undefined> {
    const raw = await this.redis.get(this.key('conv', address));
    return raw ? (JSON.parse(raw) as ConversationState) : undefined;
  }

  /** Save the state (trimming history) and, atomically with it, mark the message id processed. */
  async save(state: ConversationState, messageId?: string): Promise<void> {
    state.updatedAt = new Date().toISOString();
    if (state.history.length > this.options.historyLimit) state.history = state.history.slice(-this.options.historyLimit);
    const multi = this.redis.multi().set(this.key('conv', state.address), JSON.stringify(state), 'EX', this.options.ttlSeconds);
    if (messageId) multi.set(this.seenKey(state.address, messageId), '1', 'EX', this.dedupeSeconds);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error(`Saving conversation ${state.address} was aborted`);
  }

  private seenKey(address: ConversationAddress, messageId: string): string {
    return this.key('seen', `${address}:${messageId}`);
  }
}

export function newState(address: ConversationAddress): ConversationState {
  const now = new Date().toISOString();
  return { address, mode: 'bot', history: [], memory: emptyMemory(), startedAt: now, updatedAt: now };
}
