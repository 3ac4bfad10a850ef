/**
 * The conversation core: every inbound message or click from every platform enters through `handleInbound`,
 * one at a time per conversation (across processes), exactly once per platform message id.
 *
 * Modes:  bot ──handoff──▶ waiting ──claim──▶ with_agent ──resolve──▶ closed ──next message──▶ bot
 *                            └──────────── return to bot ────────────────┘
 * In `waiting` and `with_agent` the bot is silent: messages are relayed to staff (waiting customers are
 * told where they stand). In `closed` the customer may rate the conversation; anything else starts afresh.
 *
 * Ordering of effects in one turn: decide → hand off / relay → send replies → save state and mark the message
 * processed. A failure before the save leaves the message unprocessed, so the platform's redelivery (or the
 * adapter's retry) runs it again; handoffs are idempotent per conversation, so a rerun never pages twice.
 */
import type { Answerer, Decision } from './answerer';
import { composeDecision, withDeadline, type ComposerSettings } from './composition';
import { emptyMemory } from './answerer';
import type { ConversationState, ConversationStore } from './conversation-store';
import type { Logger } from './log';
import { CHOICE_RATING_PREFIX, handoffReply, waitingReply } from './replies';
import type {
  ChannelAdapter,
  ConversationAddress,
  HandoffPort,
  HandoffTicket,
  InboundMessage,
  OutboundMessage,
  TranscriptLine,
} from './types';
import { platformOf } from './types';
import { UnknownPlatformError } from './errors';
import { validateInbound } from './inbound';

export { InvalidMessageError, UnknownPlatformError } from './errors';

/** What the core reports as it works: the terminal chat shows these, metrics count them. */
export type CoreEvent =
  | { type: 'decision'; address: ConversationAddress; text: string; decision: Decision; ms: number }
  | { type: 'handoff_requested'; address: ConversationAddress; reason: string; detail: string; ticket: HandoffTicket }
  | { type: 'relayed_to_staff'; address: ConversationAddress; text: string }
  | { type: 'duplicate_ignored'; address: ConversationAddress; messageId: string }
  | { type: 'ignored_channel_disabled'; address: ConversationAddress; messageId: string }
  | { type: 'rated'; address: ConversationAddress; rating: number };

/** Receives ratings given after a conversation with a person; the handoff side stores them with its record. */
export interface RatingSink {
  recordRating(address: ConversationAddress, rating: number): Promise<void>;
}

export interface SupportCoreOptions {
  store: ConversationStore;
  answerer: Answerer;
  handoff: HandoffPort & Partial<RatingSink>;
  logger: Logger;
  /** Longer messages are cut to this length for matching; the transcript keeps up to 10x for staff. */
  maxMessageChars: number;
  onEvent?: (event: CoreEvent) => void;
  /** The optional language model: better-written answers from the KB, and summaries for staff. */
  composer?: ComposerSettings;
  /** Admins switch channels off at run time; a disabled channel's messages are acknowledged but not answered. */
  channelGate?: ChannelGate;
}

/** Whether a platform is switched on, as admins set it (kept in Redis, seen by every replica). */
export interface ChannelGate {
  isEnabled(platform: string): boolean;
}

export class SupportCore {
  private readonly adapters = new Map<string, ChannelAdapter>();
  private current: Answerer;

  constructor(private readonly options: SupportCoreOptions) {
    this.current = options.answerer;
  }

  /** The answerer in use (it changes when an admin replaces the knowledge base). */
  get answerer(): Answerer {
    return this.current;
  }

  get knowledgeBase() {
    return this.current.kb;
  }

  /** Swap in a new knowledge base without a restart; conversations keep their memory. */
  useAnswerer(answerer: Answerer): void {
    this.current = answerer;
  }

  registerAdapter(adapter: ChannelAdapter): void {
    if (this.adapters.has(adapter.platform)) throw new Error(`An adapter for "${adapter.platform}" is already registered.`);
    this.adapters.set(adapter.platform, adapter);
  }

  adapterFor(address: ConversationAddress): ChannelAdapter {
    const platform = platformOf(address);
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new UnknownPlatformError(platform, [...this.adapters.keys()]);
    return adapter;
  }

  /** The single front door: adapters hand every customer message and click here. */
  readonly handleInbound = async (message: InboundMessage): Promise<void> => {
    validateInbound(message);
    const adapter = this.adapterFor(message.address);
    if (this.options.channelGate && !this.options.channelGate.isEnabled(adapter.platform)) {
      this.options.logger.info('message.ignored_channel_disabled', { address: message.address, id: message.id });
      this.emit({ type: 'ignored_channel_disabled', address: message.address, messageId: message.id });
      return;
    }
    const { store } = this.options;
    await store.withLock(message.address, async () => {
      const { state, duplicate } = await store.load(message.address, message.id);
      if (duplicate) {
        this.options.logger.debug('message.duplicate_ignored', { address: message.address, id: message.id });
        this.emit({ type: 'duplicate_ignored', address: message.address, messageId: message.id });
        return;
      }
      if (state.mode === 'bot' || state.mode === 'closed') void adapter.showTyping?.(message.address).catch(() => undefined);
      const replies = await this.process(state, message);
      for (const reply of replies) {
        await adapter.send(message.address, reply);
        this.record(state, { from: 'bot', text: reply.text, at: new Date().toISOString() });
      }
      await store.save(state, message.id);
    });
  };

  private async process(state: ConversationState, message: InboundMessage): Promise<OutboundMessage[]> {
    const text = message.text ?? '';
    state.customer = message.customer;

    if (state.mode === 'closed') {
      const rating = parseRating(message.choiceId);
      if (rating !== undefined) {
        await this.options.handoff.recordRating?.(state.address, rating);
        this.emit({ type: 'rated', address: state.address, rating });
        this.options.logger.info('conversation.rated', { address: state.address, rating });
        startAfresh(state);
        return [{ text: 'Thank you for your feedback!', sender: { kind: 'bot' } }];
      }
      // Anything but a rating: a new conversation with the bot.
      startAfresh(state);
    }

    this.record(state, {
      from: 'customer',
      text: text.length > this.options.maxMessageChars * 10 ? text.slice(0, this.options.maxMessageChars * 10) + '…' : text,
      at: message.sentAt.toISOString(),
      name: message.customer.displayName,
    });

    if (state.mode === 'waiting' || state.mode === 'with_agent') {
      const line = state.history[state.history.length - 1];
      const ticket = await this.options.handoff.relayCustomerMessage(state.address, line, message.customer);
      this.emit({ type: 'relayed_to_staff', address: state.address, text });
      return state.mode === 'waiting' && ticket ? [waitingReply(ticket)] : [];
    }

    const started = performance.now();
    const offline = this.current.decide(
      { text: text.slice(0, this.options.maxMessageChars), choiceId: message.choiceId, isText: message.isText, locale: message.customer.locale },
      state.memory,
    );
    state.memory = offline.memory;
    const composed = await composeDecision(
      offline.decision,
      { address: state.address, text, locale: message.customer.locale, history: state.history, callsSoFar: state.memory.composerCalls },
      this.options.composer,
      this.current.kb,
      this.options.logger,
    );
    if (composed.called) state.memory.composerCalls += 1;
    const decision = composed.decision;
    this.emit({ type: 'decision', address: state.address, text, decision, ms: performance.now() - started });
    this.options.logger.info('decision', {
      address: state.address,
      kind: decision.kind,
      entry: decision.kind === 'answer' ? decision.entryId : undefined,
      reason: decision.kind === 'handoff' ? decision.reason : undefined,
      confidence: 'confidence' in decision && decision.confidence !== undefined ? Number(decision.confidence.toFixed(3)) : undefined,
    });

    if (decision.kind !== 'handoff') return [decision.reply];

    const requestedAt = new Date();
    const ticket = await this.options.handoff.requestHandoff({
      address: state.address,
      customer: message.customer,
      reason: decision.reason,
      detail: decision.detail,
      transcript: [...state.history],
      requestedAt,
      summary: await this.summarize(state),
    });
    state.mode = 'waiting';
    state.handoff = { reason: decision.reason, detail: decision.detail, requestedAt: requestedAt.toISOString() };
    this.emit({ type: 'handoff_requested', address: state.address, reason: decision.reason, detail: decision.detail, ticket });
    this.options.logger.info('handoff.requested', { address: state.address, reason: decision.reason, detail: decision.detail, position: ticket.position });
    return [handoffReply(decision.reason, ticket)];
  }

  /** A short summary for the staff page when a model is configured; never delays a handoff past its deadline. */
  private async summarize(state: ConversationState): Promise<string | undefined> {
    const settings = this.options.composer;
    if (!settings?.composer.summarize) return undefined;
    try {
      return await withDeadline(settings.timeoutMs, (signal) => settings.composer.summarize!([...state.history], signal));
    } catch (error) {
      this.options.logger.warn('composer.summary_failed', { address: state.address, error });
      return undefined;
    }
  }

  // ── Transitions driven by staff (the handoff side calls these) ──────────────────────────────────────────

  /** A staff member claimed the conversation: the customer is told a person (by first name) has joined. */
  async markClaimed(address: ConversationAddress, agentName: string): Promise<void> {
    await this.update(address, (state) => {
      state.mode = 'with_agent';
      if (state.handoff) Object.assign(state.handoff, { agent: agentName, claimedAt: new Date().toISOString() });
      return [{ text: `${firstName(agentName)} from our team has joined and will take it from here.`, sender: { kind: 'bot' } }];
    });
  }

  /** A staff member wrote in the thread: deliver it to the customer under the agent's name. */
  async relayAgentMessage(address: ConversationAddress, agentName: string, text: string): Promise<void> {
    await this.update(address, () => [{ text, sender: { kind: 'agent', name: firstName(agentName) } }], 'agent', agentName);
  }

  /**
   * Staff finished: the conversation goes back to the bot. After a resolution the customer is asked for a
   * rating (1–5) first; "return to bot" without a person's help skips the question.
   */
  async handBack(address: ConversationAddress, options: { askForRating: boolean }): Promise<void> {
    await this.update(address, (state) => {
      state.handoff = undefined;
      if (!options.askForRating) {
        startAfresh(state);
        return [{ text: "You're back with the assistant. Ask me anything, or ask for a person at any time.", sender: { kind: 'bot' } }];
      }
      state.mode = 'closed';
      return [
        {
          text: 'Thanks for your patience. How would you rate the help you got today?',
          choices: [1, 2, 3, 4, 5].map((n) => ({ id: `${CHOICE_RATING_PREFIX}${n}`, label: '★'.repeat(n) })),
          sender: { kind: 'bot' },
        },
      ];
    });
  }

  async getState(address: ConversationAddress): Promise<ConversationState | undefined> {
    return this.options.store.get(address);
  }

  /** Send outside any customer turn (e.g. staff are back at opening time). */
  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    await this.adapterFor(address).send(address, message);
  }

  private async update(
    address: ConversationAddress,
    change: (state: ConversationState) => OutboundMessage[],
    from: TranscriptLine['from'] = 'bot',
    name?: string,
  ): Promise<void> {
    const adapter = this.adapterFor(address);
    await this.options.store.withLock(address, async () => {
      const { state } = await this.options.store.load(address);
      for (const reply of change(state)) {
        await adapter.send(address, reply);
        this.record(state, { from, text: reply.text, at: new Date().toISOString(), name });
      }
      await this.options.store.save(state);
    });
  }

  private record(state: ConversationState, line: TranscriptLine): void {
    state.history.push(line);
  }

  private emit(event: CoreEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (err) {
      this.options.logger.warn('core.event_listener_failed', { error: err });
    }
  }
}

function startAfresh(state: ConversationState): void {
  state.mode = 'bot';
  state.memory = emptyMemory();
  state.handoff = undefined;
  state.startedAt = new Date().toISOString();
}

function parseRating(choiceId: string | undefined): number | undefined {
  if (!choiceId?.startsWith(CHOICE_RATING_PREFIX)) return undefined;
  const rating = Number(choiceId.slice(CHOICE_RATING_PREFIX.length));
  return Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : undefined;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || 'A team member';
}
