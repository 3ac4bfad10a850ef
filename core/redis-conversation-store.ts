/**
 * Conversation state in Redis, shared by every replica (the ConversationStore port, core/conversation-store.ts).
 *
 * Keys (all start with the configured prefix; `<…>` marks a value, `{…}` is a literal Redis Cluster hash tag):
 *   <prefix>:conv:<address>                    JSON state; expires after the configured inactivity
 *   <prefix>:lock:<address>                    SET NX PX token: one message of a conversation at a time, across
 *                                              processes; released by scripts/release-lock.lua (compare-and-delete)
 *   <prefix>:seen:{<prefix>:conv:<address>}:<message id>
 *                                              a processed platform message id (kept 10 min: Slack retries for ~5);
 *                                              per address, since platforms number messages per chat
 * Redis Cluster: the state key has no hash tag, so Cluster hashes it whole; a seen key carries the whole state key
 * as its hash tag (sameSlotTag), so load's pipeline and save's MULTI, which use both, stay in one slot. The state
 * key keeps its old name, so conversations survive an upgrade. (If the prefix itself holds a tag, e.g. `{bot}`,
 * every key takes that tag; a prefix or address with a stray `}` would split the pair across slots.) The lock key
 * is only ever used alone.
 *
 * The lock is a lease: a crashed process cannot block a conversation longer than `lockLeaseMs`.
 */
import { join } from 'node:path';
import type Redis from 'ioredis';
import {
  ConversationBusyError,
  DEFAULT_DEDUPE_SECONDS,
  DEFAULT_LOCK_LEASE_MS,
  DEFAULT_LOCK_WAIT_MS,
  newState,
  prepareForSave,
  type ConversationState,
  type ConversationStore,
  type ConversationStoreOptions,
} from './conversation-store';
import { defineScripts, sameSlotTag, script } from './redis-scripts';
import type { ConversationAddress } from './types';

const SCRIPTS = {
  releaseLock: script<number>()('release-lock.lua', ['lock'], ['token']),
};

export class RedisConversationStore implements ConversationStore {
  private readonly lockLeaseMs: number;
  private readonly lockWaitMs: number;
  private readonly dedupeSeconds: number;
  private readonly scripts;

  constructor(
    private readonly redis: Redis,
    private readonly options: ConversationStoreOptions,
  ) {
    this.lockLeaseMs = options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS;
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.dedupeSeconds = options.dedupeSeconds ?? DEFAULT_DEDUPE_SECONDS;
    this.scripts = defineScripts(redis, 'conversation', join(__dirname, 'scripts'), SCRIPTS);
  }

  /** The state key; exported for tests and tools that inspect Redis. */
  stateKey(address: ConversationAddress): string {
    return `${this.options.keyPrefix}:conv:${address}`;
  }

  lockKey(address: ConversationAddress): string {
    return `${this.options.keyPrefix}:lock:${address}`;
  }

  seenKey(address: ConversationAddress, messageId: string): string {
    return `${this.options.keyPrefix}:seen:${sameSlotTag(this.stateKey(address))}:${messageId}`;
  }

  /** Run `work` while holding the conversation's lock; waits its turn, with a short backoff, up to lockWaitMs. */
  async withLock<T>(address: ConversationAddress, work: () => Promise<T>): Promise<T> {
    const key = this.lockKey(address);
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
      await this.scripts.releaseLock({ lock: key }, { token });
    }
  }

  /** Load the state and whether this message id was already processed, in one round trip (one slot). */
  async load(address: ConversationAddress, messageId?: string): Promise<{ state: ConversationState; duplicate: boolean }> {
    const pipeline = this.redis.pipeline().get(this.stateKey(address));
    if (messageId) pipeline.exists(this.seenKey(address, messageId));
    const [[stateError, raw], seen] = (await pipeline.exec())!;
    if (stateError) throw stateError;
    if (seen?.[0]) throw seen[0];
    const state = raw ? (JSON.parse(raw as string) as ConversationState) : newState(address);
    return { state, duplicate: Boolean(seen?.[1]) };
  }

  async get(address: ConversationAddress): Promise<ConversationState | undefined> {
    const raw = await this.redis.get(this.stateKey(address));
    return raw ? (JSON.parse(raw) as ConversationState) : undefined;
  }

  /** Save the state (trimming history) and, atomically with it (MULTI, one slot), mark the message id processed. */
  async save(state: ConversationState, messageId?: string): Promise<void> {
    prepareForSave(state, this.options.historyLimit);
    const multi = this.redis.multi().set(this.stateKey(state.address), JSON.stringify(state), 'EX', this.options.ttlSeconds);
    if (messageId) multi.set(this.seenKey(state.address, messageId), '1', 'EX', this.dedupeSeconds);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error(`Saving conversation ${state.address} was aborted`);
  }
}
