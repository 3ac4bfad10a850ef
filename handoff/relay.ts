/**
 * What crosses between the customer and staff, and how: customer lines go to the page's thread (redacted),
 * staff thread replies go to the customer (unless they start with `note:`), and a page's view is built from its
 * record. Redaction happens here only, so no staff desk can forget it.
 */
import type { TranscriptLine } from '../core/types';
import type { PageView } from './desk';
import type { HandoffRecord } from './records';
import type { Redactor } from '../core/redact';

/**
 * Thread messages starting with `note:` stay among staff, however they are formatted: `*note:*`, `_Note_:`,
 * `note :`, `` `note:` ``, `> note:` (also as Slack sends it, `&gt; note:`), `[note]`, `(note)`.
 */
export const INTERNAL_NOTE = /^note\b[\s*_~`\])]*[:：]|^note[\])]/i;
const LEADING_FORMATTING = /^(?:[\s*_~`>[(]|&gt;)+/i;

export function isInternalNote(text: string): boolean {
  return INTERNAL_NOTE.test(text.slice(0, 200).replace(LEADING_FORMATTING, ''));
}

export function redactLine(line: TranscriptLine, redactor: Redactor): TranscriptLine {
  // Display names are customer-controlled too: "my card is 4111…" as a name is masked like a message.
  return { ...line, text: redactor(line.text), ...(line.name ? { name: redactor(line.name) } : {}) };
}

export function pageViewOf(record: HandoffRecord, transcript: TranscriptLine[], redactor: Redactor): PageView {
  return {
    handoffId: record.id,
    customerName: redactor(record.customer.displayName),
    platform: record.platform,
    reason: record.reason,
    detail: record.detail ? redactor(record.detail) : undefined,
    queuedAt: record.queuedAt,
    transcript: transcript.map((line) => redactLine({ from: line.from, text: line.text, at: line.at, name: line.name }, redactor)),
    status: record.status,
    agent: record.agent,
    closedBy: record.closedBy,
    customerLanguage: record.language,
    followUp: record.followUp ? { reason: record.followUp.reason, stars: record.followUp.stars } : undefined,
  };
}

/** Plain-text rendering of a transcript line, shared by the Slack page and the console. */
export function describeLine(line: TranscriptLine): string {
  const who = line.from === 'customer' ? line.name || 'Customer' : line.from === 'agent' ? line.name || 'Agent' : 'Bot';
  return `${who}: ${line.text}`;
}

/** Shown to staff in the page's thread when a reply could not reach the customer after every attempt. */
export function notDeliveredNotice(reason: string): string {
  return `⚠️ not delivered to the customer: ${reason}`;
}

/** Shown to staff replying in the thread of a handoff whose record is gone (Redis data loss, expiry). */
export const CONVERSATION_GONE_NOTICE = '⚠️ not delivered: this conversation no longer exists (its data was lost or expired). The customer can ask for a person again.';

export const REASON_LABELS: Record<string, string> = {
  asked_for_person: 'asked for a person',
  picked_talk_to_person: 'pressed "Talk to a person"',
  repeated_question: 'asked the same question again (our answer did not help)',
  frustration: 'sounds frustrated',
  sensitive_topic: 'sensitive topic',
  low_confidence: 'the bot was unsure twice',
  cannot_read_message: 'sent something the bot cannot read',
};
