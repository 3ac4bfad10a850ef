/**
 * The conversation core's front: every inbound message or click from every platform enters through
 * `handleInbound`; staff actions come back through `markClaimed`, `relayAgentMessage` and `handBack`.
 * It only assembles the parts, each in its own module:
 *
 *   adapter-registry.ts     which adapter owns an address
 *   turn-pipeline.ts        the path of one message: lock → load/dedupe → respond → send → save
 *   conversation-modes.ts   bot / waiting / with_agent / closed, and every move between them
 *   bot-turn.ts             the bot's decision (offline + optional model) and the handoff request
 *   staff-transitions.ts    claim, agent message, hand back
 */
import type { Answerer } from './answerer';
import { AdapterRegistry } from './adapter-registry';
import type { ComposerSettings } from './composition';
import { redactingAtRest, type ConversationState, type ConversationStore } from './conversation-store';
import type { CoreContext, RatingSink } from './core-context';
import { eventEmitter, type CoreEvent } from './events';
import type { Logger } from './log';
import { noRedaction, redact } from './redact';
import type { CustomerRateLimiter } from './rate-limit';
import { StaffTransitions } from './staff-transitions';
import { TurnPipeline, type ChannelGate } from './turn-pipeline';
import type { ChannelAdapter, ConversationAddress, HandoffPort, InboundMessage, OutboundMessage } from './types';

export type { CoreEvent } from './events';
export type { RatingSink } from './core-context';
export type { ChannelGate } from './turn-pipeline';
export { InvalidMessageError, UnknownPlatformError } from './errors';

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
  /** REDACT (default on): every stored line (customer, bot, staff) and names are redacted; `false` keeps them raw. */
  redact?: boolean;
  /** CUSTOMER_RATE_LIMIT: messages per window per conversation (core/rate-limit.ts); none means no limit. */
  rateLimiter?: CustomerRateLimiter;
  /** WAITING_BOT_ANSWERS (default on): answer a clear FAQ question while the customer waits for a person. */
  waitingBotAnswers?: boolean;
}

export class SupportCore {
  private readonly adapters = new AdapterRegistry();
  private readonly turns: TurnPipeline;
  private readonly staff: StaffTransitions;
  private current: Answerer;

  constructor(private readonly options: SupportCoreOptions) {
    this.current = options.answerer;
    const redactor = options.redact === false ? noRedaction : redact;
    const context: CoreContext = {
      // What is stored is redacted (REDACT): customer, bot and staff lines alike, at the store's one boundary.
      store: redactingAtRest(options.store, redactor),
      handoff: options.handoff,
      logger: options.logger,
      emit: eventEmitter(options.onEvent, options.logger),
      answerer: () => this.current,
      composer: options.composer,
      maxMessageChars: options.maxMessageChars,
      redactor,
      rateLimiter: options.rateLimiter,
      waitingBotAnswers: options.waitingBotAnswers ?? true,
    };
    this.turns = new TurnPipeline(context, this.adapters, options.channelGate);
    this.staff = new StaffTransitions(context, this.adapters);
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
    this.adapters.register(adapter);
  }

  adapterFor(address: ConversationAddress): ChannelAdapter {
    return this.adapters.adapterFor(address);
  }

  /** The single front door: adapters hand every customer message and click here. */
  readonly handleInbound = (message: InboundMessage): Promise<void> => this.turns.handle(message);

  markClaimed(address: ConversationAddress, agentName: string): Promise<void> {
    return this.staff.markClaimed(address, agentName);
  }

  relayAgentMessage(address: ConversationAddress, agentName: string, text: string): Promise<void> {
    return this.staff.relayAgentMessage(address, agentName, text);
  }

  handBack(address: ConversationAddress, options: { askForRating: boolean }): Promise<void> {
    return this.staff.handBack(address, options);
  }

  tellNobodyFree(address: ConversationAddress): Promise<void> {
    return this.staff.tellNobodyFree(address);
  }

  async getState(address: ConversationAddress): Promise<ConversationState | undefined> {
    return this.options.store.get(address);
  }

  /** Send outside any customer turn (e.g. staff are back at opening time). */
  async send(address: ConversationAddress, message: OutboundMessage): Promise<void> {
    await this.adapterFor(address).send(address, message);
  }
}
