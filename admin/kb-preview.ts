/**
 * What teaching one example would change, before it is saved: every example of every entry (the KB's own test
 * set) and the taught question are decided by the answerer in use and by a candidate trained with the new example,
 * and the ones decided differently are listed ("where is my refund? — was: answered by refund-status (0.99), now:
 * clarify between refund-status / delivery-status").
 *
 * A change is a conflict when an entry's own example stops being answered by that entry (or, for an entry that
 * always goes to a person, stops going to a person as that entry), or when the taught question is not answered
 * by the chosen entry afterwards. A clarification that offers other choices than before is not a change: it was
 * not answered before either.
 *
 * Bounded: at most MAX_EXAMPLES examples are decided (~0.1 ms each); the answerer in use's decisions are computed
 * once per answerer and reused by every preview.
 */
import { allExamples } from '../core/knowledge-base';
import { emptyMemory, type Answerer, type Decision } from '../core/answerer';

export interface AnswerChange {
  question: string;
  /** The entry this question is an example of; absent for the taught question. */
  entryId?: string;
  /** The question being taught. */
  taught?: boolean;
  before: string;
  after: string;
  /** An entry's own example no longer answered by it, or the taught question not answered by the chosen entry. */
  conflict: boolean;
}

export interface TeachPreview {
  /** Every change, conflicts first (at most MAX_LISTED; `changedTotal` counts them all). */
  changes: AnswerChange[];
  conflicts: AnswerChange[];
  changedTotal: number;
  /** How many examples were decided (all of them unless the KB has more than MAX_EXAMPLES). */
  examplesChecked: number;
}

/** Decisions take ~0.1 ms each: 20,000 examples is ~2 s per answerer, the bound of one preview. */
export const MAX_EXAMPLES = 20_000;
const MAX_LISTED = 100;

interface Outcome {
  /** Equal keys: the same outcome for the customer. */
  key: string;
  text: string;
  /** The entry that answers it (or hands it to a person as a sensitive entry). */
  entryId?: string;
}

const baselines = new WeakMap<Answerer, Outcome[]>();

export function previewTeach(current: Answerer, candidate: Answerer, entryId: string, phrase: string): TeachPreview {
  const examples = current.kb.entries.flatMap((entry) => allExamples(entry).map((question) => ({ entryId: entry.id, question }))).slice(0, MAX_EXAMPLES);
  let before = baselines.get(current);
  if (!before || before.length !== examples.length) {
    before = examples.map((e) => outcomeOf(current, e.question));
    baselines.set(current, before);
  }
  const changes: AnswerChange[] = [];
  examples.forEach((example, i) => {
    const was = before[i];
    const now = outcomeOf(candidate, example.question);
    if (was.key === now.key) return;
    changes.push({ question: example.question, entryId: example.entryId, before: was.text, after: now.text, conflict: was.entryId === example.entryId && now.entryId !== example.entryId });
  });
  const was = outcomeOf(current, phrase);
  const now = outcomeOf(candidate, phrase);
  if (was.key !== now.key || now.entryId !== entryId) changes.unshift({ question: phrase, taught: true, before: was.text, after: now.text, conflict: now.entryId !== entryId });
  const conflicts = changes.filter((c) => c.conflict);
  const ordered = [...conflicts, ...changes.filter((c) => !c.conflict)];
  return { changes: ordered.slice(0, MAX_LISTED), conflicts: conflicts.slice(0, MAX_LISTED), changedTotal: changes.length, examplesChecked: examples.length };
}

/** "teaching this would change how 2 existing questions are answered: …; send confirm: true to teach anyway" */
export function conflictMessage(preview: TeachPreview, how = 'send confirm: true to teach anyway'): string {
  const conflicts = preview.conflicts;
  const others = conflicts.filter((c) => !c.taught);
  const taught = conflicts.find((c) => c.taught);
  const parts: string[] = [];
  if (others.length) {
    const listed = others.slice(0, 5).map((c) => `"${c.question}" (was: ${c.before}, now: ${c.after})`);
    parts.push(`teaching this would change how ${others.length} existing question${others.length === 1 ? ' is' : 's are'} answered: ${listed.join('; ')}${others.length > 5 ? `; and ${others.length - 5} more` : ''}`);
  }
  if (taught) parts.push(`"${taught.question}" would still not be answered by that entry (now: ${taught.after})`);
  return `${parts.join('; ')}; ${how}`;
}

function outcomeOf(answerer: Answerer, question: string): Outcome {
  return describe(answerer.decide({ text: question }, emptyMemory()).decision);
}

function describe(decision: Decision): Outcome {
  switch (decision.kind) {
    case 'answer':
      return { key: `answer:${decision.entryId}`, text: `answered by ${decision.entryId} (${decision.confidence.toFixed(2)})`, entryId: decision.entryId };
    case 'clarify':
      return { key: 'clarify', text: `clarify between ${decision.entryIds.join(' / ')}` };
    case 'handoff': {
      const { entryId } = decision;
      return { key: `handoff:${decision.reason}:${entryId ?? ''}`, text: `handed to a person (${decision.reason}${entryId ? `, ${entryId}` : ''})`, entryId };
    }
    case 'small_talk':
      return { key: `small_talk:${decision.smallTalk}`, text: `small talk (${decision.smallTalk})` };
    default:
      return { key: decision.kind, text: decision.kind };
  }
}
