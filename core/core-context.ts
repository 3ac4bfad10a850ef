/** What the core's parts share: the state port, the handoff port, the answerer in use, logging and events. */
import type { Answerer } from './answerer';
import type { ComposerSettings } from './composition';
import type { ConversationStore } from './conversation-store';
import type { EmitEvent } from './events';
import type { Logger } from './log';
import type { Redactor } from './redact';
import type { CustomerRateLimiter } from './rate-limit';
import type { ConversationAddress, HandoffPort } from './types';

/** Receives ratings given after a conversation with a person; the handoff side stores them with its record. */
export interface RatingSink {
  recordRating(address: ConversationAddress, rating: number): Promise<void>;
}

export interface CoreContext {
  store: ConversationStore;
  handoff: HandoffPort & Partial<RatingSink>;
  logger: Logger;
  emit: EmitEvent;
  /** The answerer in use now: it changes when an admin replaces the knowledge base. */
  answerer(): Answerer;
  composer?: ComposerSettings;
  /** Longer messages are cut to this length for matching; the transcript keeps up to 10x for staff. */
  maxMessageChars: number;
  /** REDACT: applied to customer text and names before they are recorded (stored, relayed); raw text is only matched. */
  redactor: Redactor;
  /** CUSTOMER_RATE_LIMIT: checked before the conversation lock; none means no limit. */
  rateLimiter?: CustomerRateLimiter;
  /** WAITING_BOT_ANSWERS: a clear FAQ question while waiting for a person is answered by the bot too. Default on. */
  waitingBotAnswers?: boolean;
}
