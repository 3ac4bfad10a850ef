/**
 * When a person is needed: every escalation rule, the reason staff see, and its detail, in one place. The
 * answerer applies them in this order, and the optional language model's composition applies the same
 * sensitive-topic rule to whatever entries its answer would rely on.
 *
 *   picked_talk_to_person  the customer pressed "Talk to a person" (or typed a yes when the bot offered one)
 *   asked_for_person       they asked for one in words (escalation.ts: the detectors)
 *   frustration            angry words, shouting, "?!?!" (escalation.ts)
 *   repeated_question      the same question again after we answered it: our answer did not help
 *   sensitive_topic        the entry the answer would come from is marked `handoff: true`
 *   low_confidence         a second unsure turn in a row: we never offer the same non-answer twice
 *   cannot_read_message    a second message in a row the bot cannot read (photo, voice note, sticker…)
 */
import { detectEscalation } from './escalation';
import type { KnowledgeEntry } from './knowledge-base';
import type { IntentModel } from './understanding/intent';
import type { HandoffReason } from './types';

export interface Escalation {
  reason: HandoffReason;
  /** What fired, for logs and for staff. */
  detail: string;
  /** The sensitive knowledge-base entry it stands for (sensitive topics only). */
  entryId?: string;
}

export interface EscalationPolicyOptions {
  /** Unsure turns in a row before a person takes over. */
  unsureTurnsBeforeHandoff: number;
  /** Word overlap (Jaccard) above which a new question counts as one we already answered. */
  repeatSimilarity: number;
  /** The classifier that reads meaning beyond the rules (default: the generic one, without a knowledge base). */
  intents?: IntentModel;
}

export class EscalationPolicy {
  constructor(private readonly options: EscalationPolicyOptions) {}

  personPicked(): Escalation {
    return { reason: 'picked_talk_to_person', detail: 'pressed "Talk to a person"' };
  }

  /** An explicit request for a person, or frustration, from the customer's own words. */
  fromWords(text: string): Escalation | undefined {
    const signal = detectEscalation(text, this.options.intents);
    return signal ? { reason: signal.reason, detail: signal.evidence } : undefined;
  }

  /** An entry the admin marked for people only: whether it was picked, matched, or cited by a composed answer. */
  sensitiveEntry(entry: KnowledgeEntry, how: 'picked' | 'matched' | 'cited'): Escalation | undefined {
    return sensitiveEntryEscalation(entry, how);
  }

  /**
   * The same question again after we answered it (in similar words, or matching an entry already answered):
   * the answer did not help, so repeating it would be a loop.
   */
  repeatedQuestion(
    earlier: { questions: string[][]; answeredEntries: string[] },
    words: string[],
    top: { entryId: string; confident: boolean } | undefined,
  ): Escalation | undefined {
    const repeatsWords = earlier.questions.some((question) => jaccard(question, words) >= this.options.repeatSimilarity);
    const repeatsEntry = top !== undefined && top.confident && earlier.answeredEntries.includes(top.entryId);
    if (!repeatsWords && !repeatsEntry) return undefined;
    return { reason: 'repeated_question', detail: `asked again after the answer "${top?.entryId ?? 'earlier answer'}"` };
  }

  /** The customer keeps sending what the bot cannot read (or unreadable after an unsure turn): a person looks. */
  unreadableTooOften(streak: number): Escalation | undefined {
    if (streak < this.options.unsureTurnsBeforeHandoff) return undefined;
    return { reason: 'cannot_read_message', detail: `${streak} turns in a row the bot could not read or answer` };
  }

  /** Too many unsure turns in a row: a person instead of another list of guesses. */
  unsureTooOften(streak: number, confidence: number): Escalation | undefined {
    if (streak < this.options.unsureTurnsBeforeHandoff) return undefined;
    return { reason: 'low_confidence', detail: `unsure ${streak} turns in a row (confidence ${confidence.toFixed(2)})` };
  }
}

/** The sensitive-topic rule on its own (it needs no options): composition applies it to the entries it cites. */
export function sensitiveEntryEscalation(entry: KnowledgeEntry, how: 'picked' | 'matched' | 'cited'): Escalation | undefined {
  if (!entry.handoff) return undefined;
  const detail = { picked: `picked sensitive entry "${entry.id}"`, matched: `matched sensitive entry "${entry.id}"`, cited: `answer would rely on sensitive entry "${entry.id}"` }[how];
  return { reason: 'sensitive_topic', detail, entryId: entry.id };
}

function jaccard(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setA = new Set(a);
  let shared = 0;
  for (const word of b) if (setA.has(word)) shared++;
  return shared / (a.length + b.length - shared);
}
