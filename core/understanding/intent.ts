/**
 * What a message means for escalation, beyond the explicit rules: a request for a person, frustration, or a
 * sensitive topic (fraud, hardship, a dispute with a shop), recognised by a classifier trained once, at first
 * use, on phrasings written per language (phrasings-*.ts) with typo'd copies. Long messages are read sentence
 * by sentence too, so a request at the end of a long story is not diluted.
 */
import { allExamples, allQuestions, type KnowledgeEntry } from '../knowledge-base';
import { normalize, sentences } from '../text';
import { TextClassifier, type Prediction } from './classifier';
import { phrasings } from './generate';
import { PERSON_SLOTS, PERSON_TEMPLATES } from './phrasings-person';
import { FEELING_SLOTS, FEELING_TEMPLATES } from './phrasings-feelings';
import { DISPUTE_TEMPLATES, FRAUD_TEMPLATES, HARDSHIP_TEMPLATES, SENSITIVE_SLOTS } from './phrasings-sensitive';
import { OTHER_SLOTS, OTHER_TEMPLATES } from './phrasings-other';

export type IntentLabel = 'person' | 'frustration' | 'fraud' | 'hardship' | 'dispute' | 'other';
export type SensitiveKind = 'fraud' | 'hardship' | 'dispute';
export const SENSITIVE_KINDS: readonly SensitiveKind[] = ['fraud', 'hardship', 'dispute'];

export interface Intent {
  label: IntentLabel;
  probability: number;
  /** The words that made it so, for staff and logs. */
  evidence: string[];
}

/** Probability a label needs before it counts (kept high: a false handoff costs a person's time). */
export const INTENT_THRESHOLDS: Record<Exclude<IntentLabel, 'other'>, number> = {
  person: 0.8,
  frustration: 0.8,
  fraud: 0.75,
  hardship: 0.75,
  dispute: 0.75,
};

/** Probability of "other" (an ordinary question) under which a message counts as not one, whatever else it is. */
const NOT_A_QUESTION = 0.05;
/** The share of the probability a meaning needs to be the reason for a message that is no question. */
const SUBSTANTIAL_READING = 1 / 3;
/**
 * Fraud, disputes and hardship overlap ("I got scammed by a seller" is fraud and a dispute with a shop): split
 * between them, no one kind may pass its threshold although the message is plainly a sensitive problem. Together
 * they must then pass this, a little above any one kind's threshold; the likeliest kind is the reason.
 */
const SENSITIVE_TOGETHER = 0.8;

/** The training set: every phrasing with its label. Exported for tests and for the size figures. */
export function trainingSet(): { text: string; label: IntentLabel }[] {
  const set: { text: string; label: IntentLabel }[] = [];
  const add = (label: IntentLabel, texts: string[]) => texts.forEach((text) => set.push({ text, label }));
  add('person', phrasings(PERSON_TEMPLATES, PERSON_SLOTS, { perTemplate: 40, typoShare: 0.5, seed: 1 }));
  add('frustration', phrasings(FEELING_TEMPLATES, FEELING_SLOTS, { perTemplate: 50, typoShare: 0.3, seed: 2 }));
  add('fraud', phrasings(FRAUD_TEMPLATES, SENSITIVE_SLOTS, { perTemplate: 40, typoShare: 0.2, seed: 3 }));
  add('hardship', phrasings(HARDSHIP_TEMPLATES, SENSITIVE_SLOTS, { perTemplate: 40, typoShare: 0.2, seed: 4 }));
  add('dispute', phrasings(DISPUTE_TEMPLATES, SENSITIVE_SLOTS, { perTemplate: 40, typoShare: 0.2, seed: 5 }));
  add('other', phrasings(OTHER_TEMPLATES, OTHER_SLOTS, { perTemplate: 60, typoShare: 0.2, seed: 6 }));
  return set;
}

let generic: IntentModel | undefined;
let genericSet: { text: string; label: IntentLabel }[] | undefined;

/** Sentences of a long message worth reading on their own: the first and the last few. */
export function sentencesOf(text: string): string[] {
  const all = sentences(text);
  return all.length <= 6 ? all : [...all.slice(0, 3), ...all.slice(-3)];
}

/**
 * Between commas, semicolons, question or exclamation marks, and "and"/"but" in each language: the clauses of a
 * short message, each of at least two words (or two characters of Chinese). None when there is only one.
 */
export function clausesOf(text: string): string[] {
  const clauses = text
    .split(/\s*[,;:!?¡¿，；：！？。]+\s*|\s+(?:and|but|y|pero|et|mais|und|aber|e|ma|maar|och|men|и|но)\s+|(?:但是|可是|而且)/i)
    .map((c) => c.trim())
    .filter((c) => c.split(/\s+/).length >= 2 || (/[\u3400-\u9fff]/.test(c) && c.length >= 2));
  return clauses.length >= 2 ? clauses : [];
}

/** An entry a sensitive kind maps to, so that a message of that kind goes to a person as that entry. */
export interface SensitiveTopic {
  kind: SensitiveKind;
  entryIds: string[];
  probability: number;
  evidence: string[];
}

/**
 * The classifier with what it knows of one knowledge base: its ordinary questions as "other" (so that its
 * FAQ vocabulary is not read as a wish for a person), and which of its `handoff: true` entries are fraud,
 * hardship or disputes (their examples then teach that kind too).
 */
export class IntentModel {
  private constructor(
    readonly classifier: TextClassifier,
    private readonly sensitiveEntries: ReadonlyMap<SensitiveKind, string[]>,
  ) {}

  /** The model without any knowledge base, trained on first use (well under a second) and shared. */
  static generic(): IntentModel {
    genericSet ??= trainingSet();
    generic ??= new IntentModel(TextClassifier.train(genericSet), new Map());
    return generic;
  }

  static forKnowledgeBase(entries: readonly KnowledgeEntry[]): IntentModel {
    const base = IntentModel.generic();
    const kinds = new Map<SensitiveKind, string[]>();
    const extra: { text: string; label: IntentLabel }[] = [];
    for (const entry of entries) {
      // Every language the entry is written in: Spanish FAQ words are ordinary questions too.
      const texts = [...allQuestions(entry), ...allExamples(entry)];
      if (!entry.handoff) {
        for (const text of texts) extra.push({ text, label: 'other' });
        continue;
      }
      // What kind of problem the entry is about is read from its main-language phrasings (the translations then
      // teach that kind): the phrasings are thinnest outside English, where a dispute could read as fraud.
      const kind = base.kindOf([entry.question, ...entry.examples]);
      if (!kind) continue;
      kinds.set(kind, [...(kinds.get(kind) ?? []), entry.id]);
      for (const text of texts) extra.push({ text, label: kind });
    }
    return new IntentModel(base.classifier.fineTuned(extra, genericSet!), kinds);
  }

  /** The sensitive kind a set of phrasings is mostly about, if any. */
  private kindOf(texts: string[]): SensitiveKind | undefined {
    const labels = this.classifier.labels;
    const totals = SENSITIVE_KINDS.map((kind) => texts.reduce((sum, t) => sum + this.classifier.predict(t).probabilities[labels.indexOf(kind)], 0) / texts.length);
    const best = totals.indexOf(Math.max(...totals));
    return totals[best] >= 0.3 ? SENSITIVE_KINDS[best] : undefined;
  }

  /** The last prediction, reused: the escalation rules and the sensitive-topic rule read the same message. */
  private last: { text: string; prediction: Prediction } | undefined;

  private predict(text: string): Prediction {
    if (this.last?.text !== text) this.last = { text, prediction: this.classifier.predict(text) };
    return this.last.prediction;
  }

  /** The strongest escalation meaning in a message, if any passes its threshold. */
  classify(text: string, labels: readonly IntentLabel[]): Intent | undefined {
    const model = this.classifier;
    // A long message is read whole and sentence by sentence; one sentence alone must be clearer (0.95). A short one
    // is read whole and, for a request for a person only, clause by clause ("stop sending me articles and get me a
    // person": the request is diluted in the whole). A clause of annoyance ("it's gone!", "this company is bad")
    // sits in many plain questions, so clauses are not read for feelings or topics: that handed off ordinary
    // questions in cross-checks. The whole is read last, so that its prediction is the one kept for the rules below.
    const long = text.length > 200;
    const parts = [...new Set(long ? sentencesOf(text) : clausesOf(text))].filter((part) => part !== text).concat(text);
    let best: Intent | undefined;
    for (const part of parts) {
      const prediction = this.predict(part);
      for (const label of labels) {
        if (label === 'other' || (!long && part !== text && label !== 'person')) continue;
        const p = prediction.probabilities[model.labels.indexOf(label)];
        const threshold = part === text ? INTENT_THRESHOLDS[label] : Math.max(0.95, INTENT_THRESHOLDS[label]);
        if (p >= threshold && (!best || p > best.probability)) best = { label, probability: p, evidence: [part] };
      }
    }
    best ??= this.sensitiveTogether(text, labels) ?? this.clearlyNotAQuestion(text, labels);
    if (!best) return undefined;
    return { ...best, evidence: model.explain(best.evidence[0], best.label) };
  }

  /** The sensitive kinds among `labels`, read together (SENSITIVE_TOGETHER), when no one of them is sure enough. */
  private sensitiveTogether(text: string, labels: readonly IntentLabel[]): Intent | undefined {
    const model = this.classifier;
    const p = this.predict(text).probabilities;
    const kinds = labels.filter((label): label is SensitiveKind => (SENSITIVE_KINDS as readonly string[]).includes(label));
    const together = kinds.reduce((sum, kind) => sum + p[model.labels.indexOf(kind)], 0);
    if (kinds.length < 2 || together < SENSITIVE_TOGETHER) return undefined;
    const likeliest = kinds.reduce((a, b) => (p[model.labels.indexOf(b)] > p[model.labels.indexOf(a)] ? b : a));
    return { label: likeliest, probability: p[model.labels.indexOf(likeliest)], evidence: [text] };
  }

  /**
   * No label passed its threshold, but the message is plainly not an ordinary question: "i am at my wits end"
   * reads about 0.7 frustration, 0.2 hardship and 0.03 other. Whatever it is, it needs a person; the likeliest of
   * `labels` is the reason, if it is a substantial reading (a third of the probability or more).
   */
  private clearlyNotAQuestion(text: string, labels: readonly IntentLabel[]): Intent | undefined {
    const model = this.classifier;
    const p = this.predict(text).probabilities;
    if (p[model.labels.indexOf('other')] > NOT_A_QUESTION) return undefined;
    let best: Intent | undefined;
    for (const label of labels) {
      const probability = p[model.labels.indexOf(label)];
      if (probability >= SUBSTANTIAL_READING && (!best || probability > best.probability)) best = { label, probability, evidence: [text] };
    }
    return best;
  }

  /** A message about fraud, hardship or a dispute, where this knowledge base has entries of that kind for people. */
  sensitiveTopic(text: string): SensitiveTopic | undefined {
    if (this.sensitiveEntries.size === 0) return undefined;
    // "payment", "refund please": too few words to tell a problem from a topic; the matcher offers choices.
    const words = normalize(text).split(' ').filter(Boolean);
    if (words.length < 3 && !(/[\u3400-\u9fff]/.test(text) && text.length >= 4)) return undefined;
    const intent = this.classify(text, [...this.sensitiveEntries.keys()]);
    if (!intent) return undefined;
    const kind = intent.label as SensitiveKind;
    return { kind, entryIds: this.sensitiveEntries.get(kind)!, probability: intent.probability, evidence: intent.evidence };
  }
}
