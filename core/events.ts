/**
 * What the core reports as it works (the terminal chat shows these, metrics count them), and the one place
 * that delivers them: a failing listener is logged, never allowed to break a customer's turn.
 */
import type { Decision } from './answerer';
import type { Logger } from './log';
import type { ConversationAddress, HandoffTicket } from './types';

export type CoreEvent =
  | { type: 'decision'; address: ConversationAddress; text: string; decision: Decision; ms: number }
  | { type: 'handoff_requested'; address: ConversationAddress; reason: string; detail: string; ticket: HandoffTicket }
  | { type: 'relayed_to_staff'; address: ConversationAddress; text: string }
  | { type: 'duplicate_ignored'; address: ConversationAddress; messageId: string }
  | { type: 'ignored_channel_disabled'; address: ConversationAddress; messageId: string }
  | { type: 'rated'; address: ConversationAddress; rating: number }
  /** The customer stopped waiting for a person: back to the bot, or a message left for staff (a follow-up). */
  | { type: 'left_queue'; address: ConversationAddress; why: 'left_queue' | 'left_message'; withdrawn: boolean }
  /** A message left for staff outside any queue (after hours, nobody free) or an unhappy rating: a follow-up item. */
  | { type: 'follow_up_opened'; address: ConversationAddress; why: 'left_message' | 'unhappy_rating' }
  /** A turn finished: its replies were sent and its state saved (tests and tools wait on this, never on sleeps). */
  | { type: 'turn_completed'; address: ConversationAddress; messageId?: string; replies: number };

export type EmitEvent = (event: CoreEvent) => void;

export function eventEmitter(listener: ((event: CoreEvent) => void) | undefined, logger: Logger): EmitEvent {
  return (event) => {
    try {
      listener?.(event);
    } catch (error) {
      logger.warn('core.event_listener_failed', { error });
    }
  };
}
