/**
 * The conversation state port: where the core keeps each conversation between messages, and how it takes its
 * turn. Two implementations keep the same contract (test/conversation-store.test.ts runs against both):
 *   - RedisConversationStore (core/redis-conversation-store.ts): shared by every replica; production.
 *   - MemoryConversationStore (core/memory-conversation-store.ts): one process, no Redis; tests and local runs.
 *
 * The contract:
 *   - withLock: one message of a conversation at a time; a caller waits its turn up to `lockWaitMs`, then fails
 *     with ConversationBusyError (the platform redelivers). The lock is a lease: a holder that never releases it
 *     blocks the conversation at most `lockLeaseMs`. Different conversations never wait for each other.
 *   - load: the state (a fresh one for an unknown address) and whether `messageId` was already processed.
 *   - save: stamps `updatedAt`, trims history to `historyLimit`, stores a copy, and marks `messageId` processed for
 *     `dedupeSeconds`, all in one step. A conversation untouched for `ttlSeconds` is forgotten.
 *   - get: the stored state, or undefined.
 * Loaded states are the caller's own copies: changing one changes nothing stored until it is saved.
 */
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

export interface ConversationStore {
  /** Run `work` while holding the conversation's lock; waits its turn up to lockWaitMs, then ConversationBusyError. */
  withLock<T>(address: ConversationAddress, work: () => Promise<T>): Promise<T>;
  /** The state (new if unknown) and whether this message id was already processed. */
  load(address: ConversationAddress, messageId?: string): Promise<{ state: ConversationState; duplicate: boolean }>;
  get(address: ConversationAddress): Promise<ConversationState | undefined>;
  /** Save the state (trimming history) and, in the same step, mark the message id processed. */
  save(state: ConversationState, messageId?: string): Promise<void>;
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

export const DEFAULT_LOCK_LEASE_MS = 30_000;
export const DEFAULT_LOCK_WAIT_MS = 20_000;
export const DEFAULT_DEDUPE_SECONDS = 600;

export class ConversationBusyError extends Error {
  constructor(address: string, waitedMs: number) {
    super(`Conversation ${address} stayed locked for ${waitedMs} ms; the message was not processed and should be retried.`);
    this.name = 'ConversationBusyError';
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
