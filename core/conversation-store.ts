/**
 * The conversation state port: where the core keeps each conversation between messages, and how it takes its
 * turn. Two implementations keep the same contract (test/conversation-store.test.ts runs against both):
 *   - RedisConversationStore (core/redis-conversation-store.ts): shared by every replica; production.
 *   - MemoryConversationStore (core/memory-conversation-store.ts): one process, no Redis; tests and local runs.
 *
 * The contract:
 *   - withLock: one message of a conversation at a time; a caller waits its turn up to `lockWaitMs`, then fails
 *     with ConversationBusyError (the platform redelivers). The lock is a lease, renewed (every lockLeaseMs/3)
 *     while the turn runs, for at most `lockMaxHoldMs`: a process that dies blocks the conversation at most
 *     `lockLeaseMs`, a slow live turn keeps its lock. Different conversations never wait for each other.
 *   - withTurn + commit: the fast path of one message, two round trips in Redis: "seen?" + lock + load in one
 *     step (a duplicate takes no lock), then save + mark processed + unlock in one step.
 *   - save with the lock (or commit) is fenced: when the turn no longer holds its lock (the lease ran out and
 *     another turn may have taken it), nothing is saved and LockLostError is thrown.
 *   - load: the state (a fresh one for an unknown address) and whether `messageId` was already processed.
 *   - save: stamps `updatedAt`, trims history to `historyLimit`, stores a copy, and marks `messageId` processed for
 *     `dedupeSeconds`, all in one step. A conversation untouched for `ttlSeconds` is forgotten.
 *   - get: the stored state, or undefined.
 * Loaded states are the caller's own copies: changing one changes nothing stored until it is saved.
 *
 * At rest (REDACT, default on): the core reaches its store through `redactingAtRest`, so every transcript line
 * saved — the customer's, the bot's and staff's alike — and the customer's name go through the one redactor
 * (core/redact.ts) at this one boundary, whichever implementation stores them. What was sent is unchanged: the
 * customer received staff's words before the line was saved. `REDACT=off` stores the raw text.
 */
import { emptyMemory, type ConversationMemory } from './answerer';
import type { Language } from './i18n/languages';
import { noRedaction, type Redactor } from './redact';
import type { ConversationAddress, Customer, TranscriptLine } from './types';

export type ConversationMode = 'bot' | 'waiting' | 'with_agent' | 'closed';

export interface ConversationState {
  address: ConversationAddress;
  mode: ConversationMode;
  customer?: Customer;
  /** Recent lines, oldest first, bounded by the history limit. */
  history: TranscriptLine[];
  memory: ConversationMemory;
  /** The language the customer writes in, decided per message and sticky (core/i18n/detect-language.ts). */
  language?: Language;
  /**
   * What the bot is waiting for from the customer: a yes to leaving the queue, the message to leave for staff, or
   * a yes to the person it just offered ("shall I get you a person?": a typed "yes", "da", "好的" takes it).
   */
  pending?: 'confirm_leave_queue' | 'leave_message' | 'offered_person';
  /** The bot's last turn was this KB answer: a bare "no" (or 👎) next means it did not help. */
  lastAnswer?: { entryId: string; related: string[] };
  /** Choice ids of the last few replies with buttons (core/offered-choices.ts): only these clicks are acted on. */
  offeredChoices?: string[][];
  startedAt: string;
  updatedAt: string;
}

/** A held conversation lock, given to the work that runs under it. */
export interface ConversationLock {
  readonly address: ConversationAddress;
  /** False once the lock was lost (lease ran out, or held past lockMaxHoldMs) or released. */
  readonly held: boolean;
}

export type TurnOutcome<T> = { duplicate: true } | { duplicate: false; result: T };

export interface ConversationStore {
  /** Run `work` while holding the conversation's lock; waits its turn up to lockWaitMs, then ConversationBusyError. */
  withLock<T>(address: ConversationAddress, work: (lock: ConversationLock) => Promise<T>): Promise<T>;
  /**
   * One message's turn: if `messageId` was processed already, `{duplicate: true}` without taking the lock or
   * calling `work`; else take the lock (waiting as withLock does), load the state, run `work`, and release the
   * lock unless `work` committed.
   */
  withTurn<T>(address: ConversationAddress, messageId: string, work: (state: ConversationState, lock: ConversationLock) => Promise<T>): Promise<TurnOutcome<T>>;
  /** The end of a turn in one step: save (fenced by `lock`), mark `messageId` processed, release the lock. */
  commit(state: ConversationState, messageId: string | undefined, lock: ConversationLock): Promise<void>;
  /** The state (new if unknown) and whether this message id was already processed. */
  load(address: ConversationAddress, messageId?: string): Promise<{ state: ConversationState; duplicate: boolean }>;
  get(address: ConversationAddress): Promise<ConversationState | undefined>;
  /** Save the state (trimming history) and, in the same step, mark the message id processed; fenced when given the lock. */
  save(state: ConversationState, messageId?: string, lock?: ConversationLock): Promise<void>;
}

export interface ConversationStoreOptions {
  keyPrefix: string;
  /** Inactivity after which a conversation is forgotten. */
  ttlSeconds: number;
  historyLimit: number;
  /** How long one message may hold its conversation's lock before another process may take over. Default 30 s. */
  lockLeaseMs?: number;
  /** How long a live turn may keep renewing its lease; then the lock is let go (a stuck turn). Default 120 s. */
  lockMaxHoldMs?: number;
  /** How long a message waits for its turn before failing (the platform will redeliver it). Default 20 s. */
  lockWaitMs?: number;
  /** How long a processed message id is remembered. Default 600 s. */
  dedupeSeconds?: number;
}

export const DEFAULT_LOCK_LEASE_MS = 30_000;
export const DEFAULT_LOCK_WAIT_MS = 20_000;
export const DEFAULT_LOCK_MAX_HOLD_MS = 120_000;
export const DEFAULT_DEDUPE_SECONDS = 600;

export class ConversationBusyError extends Error {
  constructor(address: string, waitedMs: number) {
    super(`Conversation ${address} stayed locked for ${waitedMs} ms; the message was not processed and should be retried.`);
    this.name = 'ConversationBusyError';
  }
}

/** A fenced save found its turn no longer holds the conversation's lock: nothing was saved. */
export class LockLostError extends Error {
  constructor(address: string) {
    super(`Conversation ${address}: this turn no longer holds the lock (its lease ran out); its state was not saved.`);
    this.name = 'LockLostError';
  }
}

export function newState(address: ConversationAddress): ConversationState {
  const now = new Date().toISOString();
  return { address, mode: 'bot', history: [], memory: emptyMemory(), startedAt: now, updatedAt: now };
}

/** What save does to the state before storing it, in every implementation. */
export function prepareForSave(state: ConversationState, historyLimit: number): void {
  state.updatedAt = new Date().toISOString();
  if (state.history.length > historyLimit) state.history = state.history.slice(-historyLimit);
}

/**
 * Lines read back from the store, so already redacted when they were saved: a save redacts only the lines added
 * since (each once), not the whole history on every turn.
 */
const storedLines = new WeakSet<TranscriptLine>();

function markStored<S extends ConversationState | undefined>(state: S): S {
  for (const line of state?.history ?? []) storedLines.add(line);
  return state;
}

/** The at-rest rule: every line added since the state was loaded, whoever wrote it, and the customer's name. */
export function redactForStorage(state: ConversationState, redactor: Redactor): void {
  state.history = state.history.map((line) => {
    if (storedLines.has(line)) return line;
    const kept: TranscriptLine = { ...line, text: redactor(line.text), ...(line.name ? { name: redactor(line.name) } : {}) };
    storedLines.add(kept);
    return kept;
  });
  if (state.customer) state.customer = { ...state.customer, displayName: redactor(state.customer.displayName) };
}

/**
 * The store as the core uses it: `save` and `commit` store the state redacted (redactForStorage); reads are
 * unchanged. With `noRedaction` (REDACT=off) it is the store itself.
 */
export function redactingAtRest(store: ConversationStore, redactor: Redactor): ConversationStore {
  if (redactor === noRedaction) return store;
  return {
    withLock: (address, work) => store.withLock(address, work),
    withTurn: (address, messageId, work) => store.withTurn(address, messageId, (state, lock) => work(markStored(state), lock)),
    commit: (state, messageId, lock) => {
      redactForStorage(state, redactor);
      return store.commit(state, messageId, lock);
    },
    load: async (address, messageId) => {
      const loaded = await store.load(address, messageId);
      markStored(loaded.state);
      return loaded;
    },
    get: async (address) => markStored(await store.get(address)),
    save: (state, messageId, lock) => {
      redactForStorage(state, redactor);
      return store.save(state, messageId, lock);
    },
  };
}
