/**
 * Conversation state in Redis, shared by every replica (the ConversationStore port, core/conversation-store.ts).
 *
 * Keys (all start with the configured prefix; `<…>` marks a value, `{…}` is a literal Redis Cluster hash tag):
 *   <prefix>:conv:<address>                    JSON state; expires after the configured inactivity
 *   <prefix>:lock:{<prefix>:conv:<address>}    SET NX PX token: one message of a conversation at a time, across
 *                                              processes; renewed by scripts/extend-lock.lua while the turn runs,
 *                                              released by scripts/release-lock.lua (compare-and-delete)
 *   <prefix>:seen:{<prefix>:conv:<address>}:<message id>
 *                                              a processed platform message id (kept 10 min: Slack retries for ~5);
 *                                              per address, since platforms number messages per chat
 * Redis Cluster: the state key has no hash tag, so Cluster hashes it whole; a seen key carries the whole state key
 * as its hash tag (sameSlotTag), and so does the lock key, so the turn scripts (begin-turn.lua: seen? + lock + load;
 * save-state.lua: fenced save + mark + unlock) touch one slot. The state key keeps its old name, so conversations
 * survive an upgrade. (If the prefix itself holds a tag, e.g. `{bot}`, every key takes that tag; a prefix or
 * address with a stray `}` would split them across slots.) The lock key changed name when it gained the tag:
 * during a rolling upgrade from a version with `<prefix>:lock:<address>`, old and new replicas do not exclude
 * each other (drain the old ones first).
 *
 * The lock is a lease, renewed every lockLeaseMs/3 while its turn runs (up to lockMaxHoldMs): a crashed process
 * cannot block a conversation longer than `lockLeaseMs`, and a slow live turn keeps it. Saves made under the lock
 * are fenced by its token: a turn whose lease was lost cannot overwrite a newer turn's state.
 */
import { join } from 'node:path';
import type Redis from 'ioredis';
import {
  ConversationBusyError,
  DEFAULT_DEDUPE_SECONDS,
  DEFAULT_LOCK_LEASE_MS,
  DEFAULT_LOCK_MAX_HOLD_MS,
  DEFAULT_LOCK_WAIT_MS,
  LockLostError,
  newState,
  prepareForSave,
  type ConversationLock,
  type ConversationState,
  type ConversationStore,
  type ConversationStoreOptions,
  type TurnOutcome,
} from './conversation-store';
import { defineScripts, sameSlotTag, script } from './redis-scripts';
import type { ConversationAddress } from './types';

const SCRIPTS = {
  releaseLock: script<number>()('release-lock.lua', ['lock'], ['token']),
  extendLock: script<number>()('extend-lock.lua', ['lock'], ['token', 'leaseMs']),
  beginTurn: script<[number, (string | number | null)?]>()('begin-turn.lua', ['lock', 'state', 'seen'], ['token', 'leaseMs']),
  saveState: script<number>()('save-state.lua', ['lock', 'state', 'seen'], ['token', 'state', 'ttl', 'dedupe', 'mark', 'release']),
};

type Scripts = ReturnType<typeof defineScripts<typeof SCRIPTS>>;

/** A held lock: its token, and the timer renewing its lease while the turn runs. */
class RedisLock implements ConversationLock {
  held = true;
  private renewal?: NodeJS.Timeout;

  constructor(
    readonly address: ConversationAddress,
    readonly key: string,
    readonly token: string,
    private readonly scripts: Scripts,
    leaseMs: number,
    maxHoldMs: number,
  ) {
    const until = Date.now() + maxHoldMs;
    this.renewal = setInterval(() => {
      if (Date.now() + leaseMs > until) {
        // Held too long: stop renewing, so the lease runs out and a stuck turn frees its conversation.
        this.stopRenewing();
        return;
      }
      this.scripts.extendLock({ lock: key }, { token, leaseMs }).then(
        (extended) => {
          if (extended !== 1) this.lost();
        },
        () => undefined, // Redis unreachable: the next tick tries again; the save is fenced anyway
      );
    }, Math.max(1, Math.floor(leaseMs / 3)));
    this.renewal.unref();
  }

  stopRenewing(): void {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = undefined;
  }

  lost(): void {
    this.held = false;
    this.stopRenewing();
  }
}

export class RedisConversationStore implements ConversationStore {
  private readonly lockLeaseMs: number;
  private readonly lockWaitMs: number;
  private readonly lockMaxHoldMs: number;
  private readonly dedupeSeconds: number;
  private readonly scripts: Scripts;

  constructor(
    private readonly redis: Redis,
    private readonly options: ConversationStoreOptions,
  ) {
    this.lockLeaseMs = options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS;
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.lockMaxHoldMs = options.lockMaxHoldMs ?? DEFAULT_LOCK_MAX_HOLD_MS;
    this.dedupeSeconds = options.dedupeSeconds ?? DEFAULT_DEDUPE_SECONDS;
    this.scripts = defineScripts(redis, 'conversation', join(__dirname, 'scripts'), SCRIPTS);
  }

  /** The state key; exported for tests and tools that inspect Redis. */
  stateKey(address: ConversationAddress): string {
    return `${this.options.keyPrefix}:conv:${address}`;
  }

  lockKey(address: ConversationAddress): string {
    return `${this.options.keyPrefix}:lock:${sameSlotTag(this.stateKey(address))}`;
  }

  seenKey(address: ConversationAddress, messageId: string): string {
    return `${this.options.keyPrefix}:seen:${sameSlotTag(this.stateKey(address))}:${messageId}`;
  }

  /** Run `work` while holding the conversation's lock; waits its turn, with a short backoff, up to lockWaitMs. */
  async withLock<T>(address: ConversationAddress, work: (lock: ConversationLock) => Promise<T>): Promise<T> {
    const key = this.lockKey(address);
    const token = newToken();
    const started = Date.now();
    let delay = 2;
    while ((await this.redis.set(key, token, 'PX', this.lockLeaseMs, 'NX')) !== 'OK') {
      if (Date.now() - started > this.lockWaitMs) throw new ConversationBusyError(address, Date.now() - started);
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
    }
    return this.holding(new RedisLock(address, key, token, this.scripts, this.lockLeaseMs, this.lockMaxHoldMs), work);
  }

  async withTurn<T>(
    address: ConversationAddress,
    messageId: string,
    work: (state: ConversationState, lock: ConversationLock) => Promise<T>,
  ): Promise<TurnOutcome<T>> {
    const keys = { lock: this.lockKey(address), state: this.stateKey(address), seen: this.seenKey(address, messageId) };
    const token = newToken();
    const started = Date.now();
    let delay = 2;
    for (;;) {
      const [status, value] = await this.scripts.beginTurn(keys, { token, leaseMs: this.lockLeaseMs });
      if (status === 2) return { duplicate: true };
      if (status === 1) {
        const state = typeof value === 'string' ? (JSON.parse(value) as ConversationState) : newState(address);
        const lock = new RedisLock(address, keys.lock, token, this.scripts, this.lockLeaseMs, this.lockMaxHoldMs);
        return { duplicate: false, result: await this.holding(lock, (held) => work(state, held)) };
      }
      if (Date.now() - started > this.lockWaitMs) throw new ConversationBusyError(address, Date.now() - started);
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  async commit(state: ConversationState, messageId: string | undefined, lock: ConversationLock): Promise<void> {
    await this.fencedSave(state, messageId, lock, true);
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

  /**
   * Save the state (trimming history) and, atomically with it (one slot), mark the message id processed. Given
   * the lock, the save is fenced by its token (LockLostError when it no longer holds).
   */
  async save(state: ConversationState, messageId?: string, lock?: ConversationLock): Promise<void> {
    if (lock) return this.fencedSave(state, messageId, lock, false);
    prepareForSave(state, this.options.historyLimit);
    const multi = this.redis.multi().set(this.stateKey(state.address), JSON.stringify(state), 'EX', this.options.ttlSeconds);
    if (messageId) multi.set(this.seenKey(state.address, messageId), '1', 'EX', this.dedupeSeconds);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error(`Saving conversation ${state.address} was aborted`);
  }

  private async fencedSave(state: ConversationState, messageId: string | undefined, lock: ConversationLock, release: boolean): Promise<void> {
    if (!(lock instanceof RedisLock) || lock.address !== state.address) throw new TypeError(`Not a lock of this store for ${state.address}`);
    prepareForSave(state, this.options.historyLimit);
    if (release) lock.stopRenewing();
    const saved = await this.scripts.saveState(
      { lock: lock.key, state: this.stateKey(state.address), seen: this.seenKey(state.address, messageId ?? '') },
      {
        token: lock.token,
        state: JSON.stringify(state),
        ttl: this.options.ttlSeconds,
        dedupe: this.dedupeSeconds,
        mark: messageId ? 1 : 0,
        release: release ? 1 : 0,
      },
    );
    if (saved !== 1) {
      lock.lost();
      throw new LockLostError(state.address);
    }
    if (release) lock.held = false;
  }

  private async holding<T>(lock: RedisLock, work: (lock: ConversationLock) => Promise<T>): Promise<T> {
    try {
      return await work(lock);
    } finally {
      lock.stopRenewing();
      if (lock.held) {
        lock.held = false;
        await this.scripts.releaseLock({ lock: lock.key }, { token: lock.token });
      }
    }
  }
}

function newToken(): string {
  return `${process.pid}:${Math.random().toString(36).slice(2)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
