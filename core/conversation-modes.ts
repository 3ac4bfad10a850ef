/**
 * The conversation's mode, and every move between modes, in one place:
 *
 *   bot ──handoff──▶ waiting ──claim──▶ with_agent ──resolve──▶ closed ──next message──▶ bot
 *                      └──────────── return to bot ────────────────┘
 *
 * In `waiting` and `with_agent` the bot is silent: messages are relayed to staff (waiting customers are told
 * where they stand). In `closed` the customer may rate the conversation; anything else starts afresh.
 */
import { emptyMemory } from './answerer';
import { decideBotTurn } from './bot-turn';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { CHOICE_RATING_PREFIX, ratingThanksReply, waitingReply } from './replies';
import type { InboundMessage, OutboundMessage, TranscriptLine } from './types';

/** The replies to one customer message, by the conversation's mode; `state` is updated in place. */
export async function respondInMode(context: CoreContext, state: ConversationState, message: InboundMessage): Promise<OutboundMessage[]> {
  state.customer = message.customer;

  if (state.mode === 'closed') {
    const rating = parseRating(message.choiceId);
    if (rating !== undefined) {
      await context.handoff.recordRating?.(state.address, rating);
      context.emit({ type: 'rated', address: state.address, rating });
      context.logger.info('conversation.rated', { address: state.address, rating });
      startAfresh(state);
      return [ratingThanksReply()];
    }
    startAfresh(state); // anything but a rating: a new conversation with the bot
  }

  recordLine(state, customerLine(message, context.maxMessageChars));

  if (state.mode === 'waiting' || state.mode === 'with_agent') {
    const line = state.history[state.history.length - 1];
    const ticket = await context.handoff.relayCustomerMessage(state.address, line, message.customer);
    context.emit({ type: 'relayed_to_staff', address: state.address, text: message.text });
    return state.mode === 'waiting' && ticket ? [waitingReply(ticket)] : [];
  }

  const outcome = await decideBotTurn(context, state, message);
  if (outcome.handedOff) waitForPerson(state);
  return outcome.replies;
}

/** Whether the bot answers in this mode (and so whether "typing…" is worth showing). */
export function botSpeaks(state: ConversationState): boolean {
  return state.mode === 'bot' || state.mode === 'closed';
}

export function waitForPerson(state: ConversationState): void {
  state.mode = 'waiting';
}

export function joinAgent(state: ConversationState): void {
  state.mode = 'with_agent';
}

/** Staff resolved: the customer is asked for a rating next. */
export function closeForRating(state: ConversationState): void {
  state.mode = 'closed';
}

/** A new conversation with the bot: fresh memory, so earlier answers do not count as repeats. */
export function startAfresh(state: ConversationState): void {
  state.mode = 'bot';
  state.memory = emptyMemory();
  state.startedAt = new Date().toISOString();
}

export function recordLine(state: ConversationState, line: TranscriptLine): void {
  state.history.push(line);
}

function customerLine(message: InboundMessage, maxMessageChars: number): TranscriptLine {
  const text = message.text ?? '';
  const keep = maxMessageChars * 10;
  return {
    from: 'customer',
    text: text.length > keep ? text.slice(0, keep) + '…' : text,
    at: message.sentAt.toISOString(),
    name: message.customer.displayName,
  };
}

function parseRating(choiceId: string | undefined): number | undefined {
  if (!choiceId?.startsWith(CHOICE_RATING_PREFIX)) return undefined;
  const rating = Number(choiceId.slice(CHOICE_RATING_PREFIX.length));
  return Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : undefined;
}
