/**
 * The conversation's mode, and every move between modes, in one place:
 *
 *   bot ──handoff──▶ waiting ──claim──▶ with_agent ──resolve──▶ closed ──next message──▶ bot
 *    ▲                 ├── never mind / leave a message (core/waiting.ts) ──▶ bot
 *    └─────────────────┴──────────── return to bot ────────────────┘
 *
 * In `waiting` messages are relayed to staff, the customer is told where they stand and may leave the queue or
 * leave a message; a clear FAQ question is answered too (core/waiting.ts). In `with_agent` the bot is silent. In
 * `closed` the customer may rate the conversation (1–2★ opens a follow-up for staff); anything else starts afresh.
 * Every message first updates the conversation's language (sticky: core/i18n/detect-language.ts).
 */
import { emptyMemory } from './answerer';
import { decideBotTurn } from './bot-turn';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { decideConversationLanguage } from './i18n/detect-language';
import { FALLBACK_LANGUAGE } from './i18n/languages';
import { isYes } from './i18n/phrases';
import {
  backWithAssistantReply,
  CHOICE_BACK_TO_ASSISTANT,
  CHOICE_LEAVE_MESSAGE,
  CHOICE_PERSON,
  CHOICE_RATING_PREFIX,
  followUpSavedReply,
  leaveMessagePromptReply,
  ratingReceivedReply,
  slowDownReply,
} from './replies';
import type { InboundMessage, OutboundMessage, TranscriptLine } from './types';
import { respondWhileWaiting } from './waiting';

/** The replies to one customer message, by the conversation's mode; `state` is updated in place. */
export async function respondInMode(context: CoreContext, state: ConversationState, message: InboundMessage): Promise<OutboundMessage[]> {
  // What is stored is redacted (REDACT): the raw text and name stay in `message`, in memory, for matching only.
  state.customer = { ...message.customer, displayName: context.redactor(message.customer.displayName) };
  // A one-word first message ("payment") is too weak a sign: English for now, and the next message decides.
  const decided = decideConversationLanguage(state.language, message.choiceId ? '' : message.text, message.customer.locale);
  if (decided.basis !== 'weak-text') state.language = decided.language;
  const language = state.language ?? FALLBACK_LANGUAGE;

  if (state.mode === 'closed') {
    const rating = parseRating(message.choiceId);
    if (rating !== undefined) {
      await context.handoff.recordRating?.(state.address, rating);
      context.emit({ type: 'rated', address: state.address, rating });
      context.logger.info('conversation.rated', { address: state.address, rating });
      if (rating <= 2) await openFollowUp(context, state, 'unhappy_rating', rating);
      startAfresh(state);
      return [ratingReceivedReply(language, rating)];
    }
    startAfresh(state); // anything but a rating: a new conversation with the bot
  }

  recordLine(state, customerLine(message, context));

  if (state.mode === 'waiting') return respondWhileWaiting(context, state, message);
  if (state.mode === 'with_agent') {
    const line = state.history[state.history.length - 1];
    await context.handoff.relayCustomerMessage(state.address, line, message.customer);
    context.emit({ type: 'relayed_to_staff', address: state.address, text: message.text });
    return [];
  }

  // With the bot: a message left for staff (after "Leave a message" outside the queue), or the bot's turn.
  const pending = state.pending;
  state.pending = undefined;
  if (message.choiceId === CHOICE_LEAVE_MESSAGE) {
    state.pending = 'leave_message';
    return [leaveMessagePromptReply(language)];
  }
  if (message.choiceId === CHOICE_BACK_TO_ASSISTANT) return [backWithAssistantReply(language)];
  if (pending === 'leave_message' && !message.choiceId && message.text.trim()) {
    await openFollowUp(context, state, 'left_message');
    return [followUpSavedReply(language)];
  }

  // "Shall I get you a person?" answered by typing rather than pressing the button.
  const accepted = pending === 'offered_person' && !message.choiceId && isYes(message.text);
  const outcome = await decideBotTurn(context, state, accepted ? { ...message, choiceId: CHOICE_PERSON } : message);
  if (outcome.handedOff) waitForPerson(state);
  return outcome.replies;
}

/**
 * Over the per-customer rate limit: the message is never lost — it is recorded in the transcript and relayed to
 * staff when a person is involved (waiting or with_agent) — but the bot does not answer it. The first message over
 * the limit gets one polite "you're sending messages very fast" (`politeReply`), later ones nothing.
 */
export async function recordWithoutAnswer(context: CoreContext, state: ConversationState, message: InboundMessage, politeReply: boolean): Promise<OutboundMessage[]> {
  state.customer = { ...message.customer, displayName: context.redactor(message.customer.displayName) };
  const line = customerLine(message, context);
  recordLine(state, line);
  if (state.mode === 'waiting' || state.mode === 'with_agent') {
    await context.handoff.relayCustomerMessage(state.address, line, message.customer);
    context.emit({ type: 'relayed_to_staff', address: state.address, text: message.text });
  }
  return politeReply ? [slowDownReply(state.language ?? FALLBACK_LANGUAGE)] : [];
}

/** A follow-up item for staff, outside any queue: a message left for later, or an unhappy rating. */
async function openFollowUp(context: CoreContext, state: ConversationState, why: 'left_message' | 'unhappy_rating', stars?: number): Promise<void> {
  if (!context.handoff.openFollowUp || !state.customer) return;
  await context.handoff.openFollowUp({
    address: state.address,
    customer: state.customer,
    why,
    stars,
    transcript: [...state.history],
    requestedAt: new Date(),
    language: state.language,
  });
  context.emit({ type: 'follow_up_opened', address: state.address, why });
  context.logger.info('handoff.follow_up_requested', { address: state.address, why, stars });
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
  state.pending = undefined;
  state.memory = emptyMemory();
  state.startedAt = new Date().toISOString();
}

export function recordLine(state: ConversationState, line: TranscriptLine): void {
  state.history.push(line);
}

/** The customer's line as it is kept (state history, handoff transcript, relay): cut to 10x MAX_MESSAGE_CHARS, redacted. */
function customerLine(message: InboundMessage, context: CoreContext): TranscriptLine {
  const text = message.text ?? '';
  const keep = context.maxMessageChars * 10;
  return {
    from: 'customer',
    text: context.redactor(text.length > keep ? text.slice(0, keep) + '…' : text),
    at: message.sentAt.toISOString(),
    name: context.redactor(message.customer.displayName),
  };
}

function parseRating(choiceId: string | undefined): number | undefined {
  if (!choiceId?.startsWith(CHOICE_RATING_PREFIX)) return undefined;
  const rating = Number(choiceId.slice(CHOICE_RATING_PREFIX.length));
  return Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : undefined;
}
