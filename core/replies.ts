/**
 * Everything the bot itself says to customers, in one place, so tone stays consistent and a translation
 * has one file to cover. Knowledge-base answers are the admin's words and are not here.
 */
import type { Choice, HandoffReason, HandoffTicket, OutboundMessage } from './types';
import type { SmallTalkKind } from './small-talk';

/** Choice ids the core understands when they come back as `InboundMessage.choiceId`. */
export const CHOICE_PERSON = 'person';
export const CHOICE_ENTRY_PREFIX = 'kb:';
export const CHOICE_RATING_PREFIX = 'rate:';

export const talkToPerson: Choice = { id: CHOICE_PERSON, label: 'Talk to a person' };

export function entryChoice(entryId: string, label: string): Choice {
  return { id: CHOICE_ENTRY_PREFIX + entryId, label: label.length > 60 ? label.slice(0, 57) + '…' : label };
}

const bot = { kind: 'bot' } as const;

/**
 * How a staff member's message reads in the customer's app, on every platform: "Alex Morgan (support): …".
 * Plain text, no markup, so it reads the same in Telegram, Discord, Teams, Slack and the terminal.
 */
export function agentMessageText(name: string, text: string): string {
  return `${name} (support): ${text}`;
}

/** The text to show for an outgoing message: the bot's words as they are, a person's under their name. */
export function outboundText(message: OutboundMessage): string {
  return message.sender?.kind === 'agent' ? agentMessageText(message.sender.name, message.text) : message.text;
}

export function smallTalkReply(kind: SmallTalkKind): OutboundMessage {
  const text = {
    greeting: 'Hi! What can I help you with today? You can ask me anything, or ask for a person at any time.',
    thanks: "You're welcome! Anything else I can help with?",
    goodbye: 'Thanks for getting in touch. Have a great day!',
  }[kind];
  return { text, sender: bot };
}

/** A knowledge-base answer, with related topics and a person one tap away: never a dead end. */
export function answerReply(text: string, related: Choice[]): OutboundMessage {
  return { text, choices: [...related, talkToPerson], sender: bot };
}

export function clarifyReply(choices: Choice[], outOfScope: boolean): OutboundMessage {
  const text = outOfScope
    ? (choices.length > 0
        ? "I'm not sure I can answer that. Is it about one of these? If not, a person can help."
        : "I'm not sure I can answer that, but a person can help.")
    : 'I want to get this right. Did you mean one of these?';
  return { text, choices: [...choices, talkToPerson], sender: bot };
}

export function cannotReadReply(): OutboundMessage {
  return {
    text: "I can only read text messages. Could you type your question? Or I can get you a person.",
    choices: [talkToPerson],
    sender: bot,
  };
}

export function emptyMessageReply(): OutboundMessage {
  return { text: 'Could you type your question? I can also get you a person.', choices: [talkToPerson], sender: bot };
}

const REASON_OPENERS: Record<HandoffReason, string> = {
  asked_for_person: "Of course. I'm getting you a person.",
  picked_talk_to_person: "Sure. I'm getting you a person.",
  repeated_question: "It looks like my answer didn't help, so I'm getting you a person.",
  frustration: "I'm sorry this has been frustrating. I'm getting you a person right away.",
  sensitive_topic: 'This is something our team handles personally, so I am passing you to a person.',
  low_confidence: "I don't want to keep guessing, so I'm getting you a person.",
  cannot_read_message: "I'm getting you a person who can look at this.",
};

export function handoffReply(reason: HandoffReason, ticket: HandoffTicket): OutboundMessage {
  return { text: `${REASON_OPENERS[reason]} ${whereYouStand(ticket)}`, sender: bot };
}

/** "You are number 2 in line; the expected wait is about 3 minutes." — told on handoff and on every message while waiting. */
export function whereYouStand(ticket: HandoffTicket): string {
  if (ticket.staffBackAt) {
    return `Our team is offline right now and back ${formatWhen(ticket.staffBackAt)}; you're number ${ticket.position} in line and nothing you write will be lost.`;
  }
  const wait = ticket.expectedWaitSeconds === undefined ? '' : ` The expected wait is ${formatDuration(ticket.expectedWaitSeconds)}.`;
  return `You're number ${ticket.position} in line.${wait} You can keep writing here; a person will see everything.`;
}

export function waitingReply(ticket: HandoffTicket): OutboundMessage {
  return { text: `Thanks, I've passed that on. ${whereYouStand(ticket)}`, sender: bot };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 6) / 10;
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

function formatWhen(at: Date): string {
  return `at ${at.toISOString().slice(11, 16)} UTC on ${at.toISOString().slice(0, 10)}`;
}

// ── Around a conversation with a person ─────────────────────────────────────────────────────────────────

export function agentJoinedReply(agentFirstName: string): OutboundMessage {
  return { text: `${agentFirstName} from our team has joined and will take it from here.`, sender: bot };
}

export function backWithAssistantReply(): OutboundMessage {
  return { text: "You're back with the assistant. Ask me anything, or ask for a person at any time.", sender: bot };
}

export function ratingQuestionReply(): OutboundMessage {
  return {
    text: 'Thanks for your patience. How would you rate the help you got today?',
    choices: [1, 2, 3, 4, 5].map((n) => ({ id: `${CHOICE_RATING_PREFIX}${n}`, label: '★'.repeat(n) })),
    sender: bot,
  };
}

export function ratingThanksReply(): OutboundMessage {
  return { text: 'Thank you for your feedback!', sender: bot };
}
