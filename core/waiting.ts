/**
 * Waiting for a person is a state the customer controls (issue 11). Every waiting message offers three buttons:
 * keep waiting, back to the assistant, leave a message.
 *
 *   - "never mind" / "cancel" / "no need" (any supported language, core/i18n/phrases.ts) or "Back to the
 *     assistant" asks once; a yes (or the same wish again) withdraws the handoff and the bot takes over.
 *   - "Leave a message": the next message is saved for staff as a follow-up item, and the bot takes over.
 *   - A question about the wait ("how much longer?", in any supported language) gets the place in line and the
 *     expected wait; a typed "yes"/"no" answers "stop waiting?" like its buttons.
 *   - A clear FAQ question is answered by the bot ("a person is still coming — you keep your place") when
 *     WAITING_BOT_ANSWERS is on; everything the customer writes is still relayed to staff.
 * After hours the same holds: the customer is told when staff are back, in the configured zone.
 */
import { knowsLanguage } from './bot-turn';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { asksAboutTheWait, isNeverMind, isNo, isNoThanks, isYes } from './i18n/phrases';
import { FALLBACK_LANGUAGE } from './i18n/languages';
import {
  answerWhileWaitingReply,
  CHOICE_BACK_TO_ASSISTANT,
  CHOICE_CANCEL_LEAVE_QUEUE,
  CHOICE_CONFIRM_LEAVE_QUEUE,
  CHOICE_KEEP_WAITING,
  CHOICE_LEAVE_MESSAGE,
  confirmLeaveQueueReply,
  followUpSavedReply,
  keptPlaceReply,
  leaveMessagePromptReply,
  leftQueueReply,
  waitingWithChoicesReply,
  whereYouStandReply,
} from './replies';
import type { HandoffTicket, InboundMessage, OutboundMessage } from './types';

/** The replies to a message while waiting; the customer's line is already in `state.history`. */
export async function respondWhileWaiting(context: CoreContext, state: ConversationState, message: InboundMessage): Promise<OutboundMessage[]> {
  const language = state.language ?? FALLBACK_LANGUAGE;
  const line = state.history[state.history.length - 1];
  const ticket = await context.handoff.relayCustomerMessage(state.address, line, message.customer);
  context.emit({ type: 'relayed_to_staff', address: state.address, text: message.text });
  const where = (t: HandoffTicket) => ({ timeZone: t.staffTimeZone });
  const choice = message.choiceId;
  const pending = state.pending;
  state.pending = undefined;

  if (!ticket) {
    // Claimed meanwhile (the agent's "joined" is on its way) or the handoff is gone: nothing to say for the bot.
    return [];
  }
  if (choice === CHOICE_KEEP_WAITING || choice === CHOICE_CANCEL_LEAVE_QUEUE) return [keptPlaceReply(language, ticket, where(ticket))];
  if (choice === CHOICE_LEAVE_MESSAGE) {
    state.pending = 'leave_message';
    return [leaveMessagePromptReply(language)];
  }
  const wantsOut = choice === CHOICE_BACK_TO_ASSISTANT || (!choice && isNeverMind(message.text));
  // The question "stop waiting?" answered by typing rather than pressing a button: "yes", "ja", "oui", "no"…
  const typedAnswer = pending === 'confirm_leave_queue' && !choice ? (isYes(message.text) ? 'yes' : isNo(message.text) || isNoThanks(message.text) ? 'no' : undefined) : undefined;
  if (choice === CHOICE_CONFIRM_LEAVE_QUEUE || (wantsOut && pending === 'confirm_leave_queue') || typedAnswer === 'yes') {
    await leaveQueue(context, state, 'left_queue');
    return [leftQueueReply(language)];
  }
  if (typedAnswer === 'no') return [keptPlaceReply(language, ticket, where(ticket))];
  if (wantsOut) {
    state.pending = 'confirm_leave_queue';
    return [confirmLeaveQueueReply(language)];
  }
  if (pending === 'leave_message' && message.text.trim()) {
    await leaveQueue(context, state, 'left_message');
    return [followUpSavedReply(language, ticket.staffBackAt, where(ticket))];
  }
  // "How much longer?" is about the queue, not the KB (whose "how long does a refund take" it might match).
  if (!choice && asksAboutTheWait(message.text)) return [whereYouStandReply(language, ticket, where(ticket))];
  const answer = context.waitingBotAnswers === false || choice ? undefined : faqAnswer(context, state, message);
  if (answer) return [answerWhileWaitingReply(language, answer)];
  return [waitingWithChoicesReply(language, ticket, where(ticket))];
}

/** The customer stops waiting: the handoff is withdrawn (or becomes a follow-up) and the bot takes over. */
async function leaveQueue(context: CoreContext, state: ConversationState, why: 'left_queue' | 'left_message'): Promise<void> {
  const withdrawn = (await context.handoff.withdrawHandoff?.(state.address, why)) ?? false;
  context.emit({ type: 'left_queue', address: state.address, why, withdrawn });
  context.logger.info('handoff.customer_left', { address: state.address, why, withdrawn });
  state.mode = 'bot';
  state.pending = undefined;
}

/** The KB answer to a clear FAQ question, or undefined (small talk, unsure, a person wanted: just the waiting reply). */
function faqAnswer(context: CoreContext, state: ConversationState, message: InboundMessage): string | undefined {
  const text = message.text.trim();
  if (!text) return undefined;
  const answerer = context.answerer();
  const question = text.slice(0, context.maxMessageChars);
  // Most waiting messages are no clear FAQ question: the matcher alone says so, without the whole decision.
  if (!answerer.confidentlyMatches(question)) return undefined;
  const { decision } = answerer.decide({ text: question, locale: state.language }, state.memory);
  if (decision.kind !== 'answer' || !knowsLanguage(answerer.kb, state.language ?? FALLBACK_LANGUAGE, decision)) return undefined;
  return decision.reply.text;
}
