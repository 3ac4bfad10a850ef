/**
 * A click is acted on only if its choice was offered in that conversation (issue 14 #8): the choices of the last
 * few replies sent (sendAndRecord) are kept in the conversation state; a click on anything else — a forged
 * callback, a button from a conversation long gone — loses its choiceId and is read as the text it carries.
 * Ratings, waiting buttons and KB picks all go out through sendAndRecord, so they are all remembered.
 */
import type { ConversationState } from './conversation-store';
import type { Logger } from './log';
import type { InboundMessage, OutboundMessage } from './types';

/** The choices of this many recent replies (that had choices) stay clickable. */
export const OFFERED_REPLIES_KEPT = 3;

export function rememberOffered(state: ConversationState, reply: OutboundMessage): void {
  if (!reply.choices?.length) return;
  state.offeredChoices = [...(state.offeredChoices ?? []), reply.choices.map((c) => c.id)].slice(-OFFERED_REPLIES_KEPT);
}

/** The message as the core should read it: its choiceId kept only if that choice was offered here. */
export function onlyOfferedChoice(state: ConversationState, message: InboundMessage, logger: Logger): InboundMessage {
  const choiceId = message.choiceId;
  if (choiceId === undefined || (state.offeredChoices ?? []).some((ids) => ids.includes(choiceId))) return message;
  logger.warn('choice.not_offered', { address: message.address, id: message.id, choiceId: choiceId.slice(0, 64) });
  const { choiceId: _dropped, ...rest } = message;
  return rest;
}
