/**
 * Everything the bot itself says to customers, in one place and in every supported language: each builder takes
 * the conversation's `language` first and reads its words from the catalogue (core/i18n/messages/*.ts), so tone
 * stays consistent and a translation has one file per language to cover. Knowledge-base answers are the admin's
 * words and are not here. Offline times are told in the zone business hours are configured in.
 */
import type { Choice, HandoffReason, HandoffTicket, OutboundMessage } from './types';
import type { SmallTalkKind } from './small-talk';
import { t, type MessageKey } from './i18n/catalogue';
import { formatBackAt, formatDuration as formatDurationIn, formatList, joinSentences, type BackAtOptions } from './i18n/format';
import { FALLBACK_LANGUAGE, isLanguage, type Language } from './i18n/languages';

export type { Language } from './i18n/languages';

export const CHOICE_PERSON = 'person';
export const CHOICE_ENTRY_PREFIX = 'kb:';
export const CHOICE_RATING_PREFIX = 'rate:';
/** While waiting: stay in line / go back to the bot (asks to confirm first) / leave a message for later. */
export const CHOICE_KEEP_WAITING = 'wait:keep';
export const CHOICE_BACK_TO_ASSISTANT = 'wait:bot';
export const CHOICE_LEAVE_MESSAGE = 'wait:message';
/** Answers to "never mind?": yes, leave the queue / no, keep my place. */
export const CHOICE_CONFIRM_LEAVE_QUEUE = 'wait:leave-yes';
export const CHOICE_CANCEL_LEAVE_QUEUE = 'wait:leave-no';

const bot = { kind: 'bot' } as const;

export function talkToPerson(language: Language): Choice {
  return { id: CHOICE_PERSON, label: t(language, 'choice.talkToPerson') };
}

export function entryChoice(entryId: string, label: string): Choice {
  return { id: CHOICE_ENTRY_PREFIX + entryId, label: label.length > 60 ? label.slice(0, 57) + '…' : label };
}

/**
 * How a staff member's message reads in the customer's app, on every platform: "Alex Morgan (support): …", the
 * word "support" in the customer's language. Plain text, so it reads the same on every platform.
 */
export function agentMessageText(name: string, text: string, language: Language = FALLBACK_LANGUAGE): string {
  return t(language, 'agentMessage', { name, text });
}

/** The text to show for an outgoing message: the bot's words as they are, a person's under their name. */
export function outboundText(message: OutboundMessage): string {
  const language = isLanguage(message.language) ? message.language : FALLBACK_LANGUAGE;
  return message.sender?.kind === 'agent' ? agentMessageText(message.sender.name, message.text, language) : message.text;
}

/** Over the per-customer rate limit (CUSTOMER_RATE_LIMIT): said once per window; the messages are still read. */
export function slowDownReply(language: Language): OutboundMessage {
  return { text: t(language, 'rateLimit.slowDown'), sender: bot };
}

export function smallTalkReply(language: Language, kind: SmallTalkKind): OutboundMessage {
  return { text: t(language, `smallTalk.${kind}`), sender: bot };
}

export function answerReply(language: Language, text: string, related: Choice[]): OutboundMessage {
  return { text, choices: [...related, talkToPerson(language)], sender: bot };
}

export function clarifyReply(language: Language, choices: Choice[], outOfScope: boolean): OutboundMessage {
  const key: MessageKey = outOfScope ? (choices.length > 0 ? 'clarify.notSureWithChoices' : 'clarify.notSure') : 'clarify.didYouMean';
  return { text: t(language, key), choices: [...choices, talkToPerson(language)], sender: bot };
}

export function cannotReadReply(language: Language): OutboundMessage {
  return { text: t(language, 'cannotRead'), choices: [talkToPerson(language)], sender: bot };
}

export function emptyMessageReply(language: Language): OutboundMessage {
  return { text: t(language, 'emptyMessage'), choices: [talkToPerson(language)], sender: bot };
}

/** Where a person's waiting time and opening hours are told: the zone business hours are configured in. */
export type WhereOptions = BackAtOptions;

/**
 * A person is on the way: why, where the customer stands, and the waiting buttons. Outside business hours: when
 * staff are back (in the configured zone), that the bot still answers, and a message can be left.
 */
export function handoffReply(language: Language, reason: HandoffReason, ticket: HandoffTicket, options?: WhereOptions): OutboundMessage {
  const opener = t(language, `handoff.opener.${reason}`);
  if (ticket.staffBackAt) {
    const closed = afterHoursReply(language, ticket.staffBackAt, options);
    return { ...closed, text: joinSentences(language, [opener, closed.text]) };
  }
  return { text: joinSentences(language, [opener, whereYouStand(language, ticket, options)]), choices: waitingChoices(language), sender: bot };
}

/** "You're number 2 in line. The expected wait is about 3 minutes. You can keep writing here; …" */
export function whereYouStand(language: Language, ticket: HandoffTicket, options?: WhereOptions): string {
  if (ticket.staffBackAt) {
    return t(language, 'queue.offline', { backAt: formatBackAt(language, ticket.staffBackAt, options), position: ticket.position });
  }
  return joinSentences(language, [
    t(language, 'queue.position', { position: ticket.position }),
    ticket.expectedWaitSeconds === undefined ? '' : t(language, 'queue.expectedWait', { duration: formatDurationIn(language, ticket.expectedWaitSeconds) }),
    t(language, 'queue.keepWriting'),
  ]);
}

export function waitingReply(language: Language, ticket: HandoffTicket, options?: WhereOptions): OutboundMessage {
  return { text: joinSentences(language, [t(language, 'waiting.passedOn'), whereYouStand(language, ticket, options)]), sender: bot };
}

export function formatDuration(language: Language, seconds: number): string {
  return formatDurationIn(language, seconds);
}

export function agentJoinedReply(language: Language, agentFirstName: string): OutboundMessage {
  return { text: t(language, 'agentJoined', { name: agentFirstName }), sender: bot };
}

export function backWithAssistantReply(language: Language): OutboundMessage {
  return { text: t(language, 'backWithAssistant'), sender: bot };
}

export function ratingQuestionReply(language: Language): OutboundMessage {
  return {
    text: t(language, 'rating.question'),
    choices: [1, 2, 3, 4, 5].map((n) => ({ id: `${CHOICE_RATING_PREFIX}${n}`, label: '★'.repeat(n) })),
    sender: bot,
  };
}

export function ratingThanksReply(language: Language): OutboundMessage {
  return { text: t(language, 'rating.thanks'), sender: bot };
}

// ── Waiting, leaving the queue, follow-ups, after hours (issue 11) ────────────────────────────────────────────────────────────────────────────────────

/** The buttons every waiting message offers: keep waiting, back to the assistant, leave a message. */
export function waitingChoices(language: Language): Choice[] {
  return [
    { id: CHOICE_KEEP_WAITING, label: t(language, 'choice.keepWaiting') },
    { id: CHOICE_BACK_TO_ASSISTANT, label: t(language, 'choice.backToAssistant') },
    { id: CHOICE_LEAVE_MESSAGE, label: t(language, 'choice.leaveMessage') },
  ];
}

/** waitingReply with the waiting buttons. */
export function waitingWithChoicesReply(language: Language, ticket: HandoffTicket, options?: WhereOptions): OutboundMessage {
  return { ...waitingReply(language, ticket, options), choices: waitingChoices(language) };
}

/** "How much longer?" while waiting: the place in line and the expected wait, with the waiting buttons. */
export function whereYouStandReply(language: Language, ticket: HandoffTicket, options?: WhereOptions): OutboundMessage {
  return { text: whereYouStand(language, ticket, options), choices: waitingChoices(language), sender: bot };
}

/** "Keep waiting" pressed: "OK, you keep your place. You're number 2 in line. …" */
export function keptPlaceReply(language: Language, ticket: HandoffTicket, options?: WhereOptions): OutboundMessage {
  return { text: joinSentences(language, [t(language, 'waiting.keptPlace'), whereYouStand(language, ticket, options)]), choices: waitingChoices(language), sender: bot };
}

/** A FAQ answered while waiting: the answer, then "a person is still coming — you keep your place". */
export function answerWhileWaitingReply(language: Language, answer: string): OutboundMessage {
  return { text: `${answer}\n\n${t(language, 'waiting.stillComing')}`, choices: waitingChoices(language), sender: bot };
}

/** "never mind" / "cancel" while waiting, or "Back to the assistant" pressed: asked once. */
export function confirmLeaveQueueReply(language: Language): OutboundMessage {
  return {
    text: t(language, 'neverMind.confirm'),
    choices: [
      { id: CHOICE_CONFIRM_LEAVE_QUEUE, label: t(language, 'choice.yesBackToAssistant') },
      { id: CHOICE_CANCEL_LEAVE_QUEUE, label: t(language, 'choice.noKeepWaiting') },
    ],
    sender: bot,
  };
}

export function leftQueueReply(language: Language): OutboundMessage {
  return { text: t(language, 'neverMind.left'), sender: bot };
}

/** "Leave a message" pressed: what to do next. */
export function leaveMessagePromptReply(language: Language): OutboundMessage {
  return { text: t(language, 'followUp.prompt'), sender: bot };
}

/** The message is stored as a follow-up; after hours, says when staff are back. */
export function followUpSavedReply(language: Language, staffBackAt?: Date, options?: WhereOptions): OutboundMessage {
  const text = staffBackAt ? t(language, 'followUp.savedAfterHours', { backAt: formatBackAt(language, staffBackAt, options) }) : t(language, 'followUp.saved');
  return { text, sender: bot };
}

/** Staff's later answer to a follow-up, as the customer reads it: an intro line, then "Name (support): …". */
export function followUpAnswerText(language: Language, agentName: string, text: string): string {
  return `${t(language, 'followUp.replyIntro')}\n${agentMessageText(agentName, text, language)}`;
}

/** Outside business hours: when the team is back, the bot still answers, and a message can be left. */
export function afterHoursReply(language: Language, staffBackAt: Date, options?: WhereOptions): OutboundMessage {
  return {
    text: t(language, 'afterHours.closed', { backAt: formatBackAt(language, staffBackAt, options) }),
    choices: [{ id: CHOICE_LEAVE_MESSAGE, label: t(language, 'choice.leaveMessage') }, { id: CHOICE_BACK_TO_ASSISTANT, label: t(language, 'choice.backToAssistant') }],
    sender: bot,
  };
}

/** After the last escalation, or when nobody claimed in time: honest, and a message can be left. */
export function nobodyFreeReply(language: Language): OutboundMessage {
  return {
    text: t(language, 'giveUp.nobodyFree'),
    choices: [{ id: CHOICE_LEAVE_MESSAGE, label: t(language, 'choice.leaveMessage') }, { id: CHOICE_BACK_TO_ASSISTANT, label: t(language, 'choice.backToAssistant') }],
    sender: bot,
  };
}

/** Out of scope: what the bot can help with (topics joined by Intl.ListFormat), and a person one tap away. */
export function offTopicReply(language: Language, topics: string[], shop?: string): OutboundMessage {
  const list = formatList(language, topics);
  const text = shop ? t(language, 'offTopic.canHelpWithShop', { shop, topics: list }) : t(language, 'offTopic.canHelpWith', { topics: list });
  return { text, choices: [talkToPerson(language)], sender: bot };
}

/** The second non-answer in a row ("?" then "??"): never the same words twice. */
export function stillNotSureReply(language: Language, choices: Choice[] = []): OutboundMessage {
  return { text: t(language, 'clarify.stillNotSure'), choices: [...choices, talkToPerson(language)], sender: bot };
}

/** "no" right after an answer: it didn't help. */
export function didNotHelpReply(language: Language): OutboundMessage {
  return { text: t(language, 'answer.didNotHelp'), choices: [talkToPerson(language)], sender: bot };
}

/** 1–2★: someone will look at it (staff get a follow-up). 3★ and up: thanks. */
export function ratingReceivedReply(language: Language, stars: number): OutboundMessage {
  return stars <= 2 ? { text: t(language, 'rating.sorry'), sender: bot } : ratingThanksReply(language);
}

/** The KB has no entries in the customer's language: a person, not a wrong-language guess. */
export function noKnowledgeInLanguageReply(language: Language): OutboundMessage {
  return { text: t(language, 'language.kbMissing'), choices: [talkToPerson(language)], sender: bot };
}
