/**
 * Conversation state in this process's memory: the ConversationStore port (core/conversation-store.ts) without
 * Redis, for tests and single-process runs. Same semantics as RedisConversationStore within one process: a lease
 * lock per address (waiters take turns, give up after `lockWaitMs` with ConversationBusyError, and a holder that
 * runs past `lockLeaseMs` without renewing loses the lock to the next waiter; a live turn renews it every
 * lockLeaseMs/3 up to `lockMaxHoldMs`; saves under the lock are fenced), message ids remembered for `dedupeSeconds`, history
 * trimmed on save, conversations forgotten `ttlSeconds` after their last save. States are deep-copied on the way in
 * and out, as JSON through Redis would, so callers never share an object with the store.
 *
 * Expiry is checked on access (no timers), so an idle store holds no handles open; `keyPrefix` is unused.
 */
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
import type { ConversationAddress } from './types';

interface Lease {
  token: symbol;
  expiresAt: number;
}

class MemoryLock implements ConversationLock {
  held = true;
  renewal?: NodeJS.Timeout;
  constructor(
    readonly address: ConversationAddress,
    readonly token: symbol,
  ) {}
}

export class MemoryConversationStore implements ConversationStore {
  private readonly states = new Map<ConversationAddress, { json: string; expiresAt: number }>();
  private readonly seen = new Map<string, number>();
  private readonly leases = new Map<ConversationAddress, Lease>();
  /** Waiters per address, woken when the lease is released. */
  private readonly waiters = new Map<ConversationAddress, Set<() => void>>();
  private readonly lockLeaseMs: number;
  private readonly lockWaitMs: number;
  private readonly lockMaxHoldMs: number;
  private readonly dedupeSeconds: number;
  private saves = 0;

  constructor(private readonly options: ConversationStoreOptions) {
    this.lockLeaseMs = options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS;
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.lockMaxHoldMs = options.lockMaxHoldMs ?? DEFAULT_LOCK_MAX_HOLD_MS;
    this.dedupeSeconds = options.dedupeSeconds ?? DEFAULT_DEDUPE_SECONDS;
  }

  async withLock<T>(address: ConversationAddress, work: (lock: ConversationLock) => Promise<T>): Promise<T> {
    const token = Symbol(address);
    const started = Date.now();
    while (!this.tryAcquire(address, token)) {
      const waited = Date.now() - started;
      if (waited > this.lockWaitMs) throw new ConversationBusyError(address, waited);
      // Wake on release, or when the holder's lease runs out, or at the wait deadline, whichever comes first.
      const lease = this.leases.get(address)!;
      const until = Math.max(1, Math.min(lease.expiresAt - Date.now(), this.lockWaitMs - waited + 1));
      await this.waitForRelease(address, until);
    }
    const lock = new MemoryLock(address, token);
    const until = Date.now() + this.lockMaxHoldMs;
    lock.renewal = setInterval(() => {
      const lease = this.leases.get(address);
      if (!lease || lease.token !== token) lock.held = false;
      if (!lease || !lock.held || Date.now() + this.lockLeaseMs > until) return clearInterval(lock.renewal);
      lease.expiresAt = Date.now() + this.lockLeaseMs;
    }, Math.max(1, Math.floor(this.lockLeaseMs / 3)));
    lock.renewal.unref();
    try {
      return await work(lock);
    } finally {
      clearInterval(lock.renewal);
      lock.held = false;
      this.release(address, token);
    }
  }

  async withTurn<T>(
    address: ConversationAddress,
    messageId: string,
    work: (state: ConversationState, lock: ConversationLock) => Promise<T>,
  ): Promise<TurnOutcome<T>> {
    if (messageId && this.isSeen(address, messageId)) return { duplicate: true };
    return this.withLock(address, async (lock) => {
      const { state, duplicate } = await this.load(address, messageId);
      if (duplicate) return { duplicate: true };
      return { duplicate: false, result: await work(state, lock) };
    });
  }

  async commit(state: ConversationState, messageId: string | undefined, lock: ConversationLock): Promise<void> {
    await this.save(state, messageId, lock);
    const held = lock as MemoryLock;
    clearInterval(held.renewal);
    held.held = false;
    this.release(state.address, held.token);
  }

  async load(address: ConversationAddress, messageId?: string): Promise<{ state: ConversationState; duplicate: boolean }> {
    const stored = this.read(address);
    const duplicate = messageId !== undefined && messageId !== '' && this.isSeen(address, messageId);
    return { state: stored ?? newState(address), duplicate };
  }

  async get(address: ConversationAddress): Promise<ConversationState | undefined> {
    return this.read(address);
  }

  async save(state: ConversationState, messageId?: string, lock?: ConversationLock): Promise<void> {
    if (lock) {
      if (!(lock instanceof MemoryLock) || lock.address !== state.address) throw new TypeError(`Not a lock of this store for ${state.address}`);
      const lease = this.leases.get(state.address);
      if (!lock.held || lease?.token !== lock.token || lease.expiresAt <= Date.now()) {
        lock.held = false;
        throw new LockLostError(state.address);
      }
    }
    prepareForSave(state, this.options.historyLimit);
    const now = Date.now();
    this.states.set(state.address, { json: JSON.stringify(state), expiresAt: now + this.options.ttlSeconds * 1000 });
    if (messageId) this.seen.set(seenKey(state.address, messageId), now + this.dedupeSeconds * 1000);
    this.sweep(now);
  }

  /** Tests: another holder takes the conversation's lock, as after this holder's lease ran out. */
  stealLock(address: ConversationAddress): void {
    this.leases.set(address, { token: Symbol('stolen'), expiresAt: Date.now() + this.lockLeaseMs });
  }

  private read(address: ConversationAddress): ConversationState | undefined {
    const stored = this.states.get(address);
    if (!stored) return undefined;
    if (stored.expiresAt <= Date.now()) {
      this.states.delete(address);
      return undefined;
    }
    return JSON.parse(stored.json) as ConversationState;
  }

  private isSeen(address: ConversationAddress, messageId: string): boolean {
    const key = seenKey(address, messageId);
    const expiresAt = this.seen.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt <= Date.now()) {
      this.seen.delete(key);
      return false;
    }
    return true;
  }

  private tryAcquire(address: ConversationAddress, token: symbol): boolean {
    const now = Date.now();
    const lease = this.leases.get(address);
    if (lease && lease.expiresAt > now) return false;
    this.leases.set(address, { token, expiresAt: now + this.lockLeaseMs });
    return true;
  }

  /** Compare-and-delete, as in Redis: a holder whose lease ran out does not free the next holder's lock. */
  private release(address: ConversationAddress, token: symbol): void {
    if (this.leases.get(address)?.token !== token) return;
    this.leases.delete(address);
    const waiting = this.waiters.get(address);
    if (waiting) for (const wake of [...waiting]) wake();
  }

  private waitForRelease(address: ConversationAddress, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let waiting = this.waiters.get(address);
      if (!waiting) this.waiters.set(address, (waiting = new Set()));
      const set = waiting;
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(address) === set) this.waiters.delete(address);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  /** Drop expired entries now and then, so a long-running process does not grow without bound. */
  private sweep(now: number): void {
    if (++this.saves % 1000 !== 0) return;
    for (const [address, stored] of this.states) if (stored.expiresAt <= now) this.states.delete(address);
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
  }

}

function seenKey(address: ConversationAddress, messageId: string): string {
  return `${address}\u0000${messageId}`;
}
