/**
 * KB lint: what in a knowledge base makes the bot unsure or wrong, each with its fix.
 *
 *   confused       entries the matcher mixes up on their own examples (cross-validated: each example is
 *                  matched by a matcher trained without it), "add examples that tell X from Y"
 *   few_examples   entries with fewer than 3 examples: the bot cannot learn how customers ask
 *   duplicate      the same example twice (in one entry, or worse, in two)
 */
import type { KnowledgeEntry } from '../core/knowledge-base';
import { Matcher } from '../core/matcher';
import { normalize } from '../core/text';

export interface LintIssue {
  kind: 'confused' | 'few_examples' | 'duplicate';
  entryIds: string[];
  message: string;
  fix: string;
}

export interface LintOptions {
  /** Examples an entry should have at least. Default 3. */
  minExamples: number;
  /** Folds of the cross-validation. Default 5. */
  folds: number;
  /**
   * Share of an entry's held-out examples going to one other entry (at least two of them) from which the two
   * count as confused; any confident wrong answer counts. Default 0.2.
   */
  confusedShare: number;
}

const DEFAULTS: LintOptions = { minExamples: 3, folds: 5, confusedShare: 0.2 };

export function lintKnowledgeBase(entries: readonly KnowledgeEntry[], options: Partial<LintOptions> = {}): LintIssue[] {
  const o = { ...DEFAULTS, ...options };
  return [...duplicates(entries), ...fewExamples(entries, o.minExamples), ...confusions(entries, o)];
}

function duplicates(entries: readonly KnowledgeEntry[]): LintIssue[] {
  const seen = new Map<string, { entryId: string; text: string }>();
  const issues: LintIssue[] = [];
  for (const entry of entries) {
    for (const text of entry.examples) {
      const key = normalize(text);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { entryId: entry.id, text });
      } else if (first.entryId === entry.id) {
        issues.push({ kind: 'duplicate', entryIds: [entry.id], message: `"${entry.id}" has the example "${text}" twice`, fix: 'remove one copy; a different phrasing teaches more' });
      } else {
        issues.push({
          kind: 'duplicate',
          entryIds: [first.entryId, entry.id],
          message: `"${first.entryId}" and "${entry.id}" both have the example "${text}"`,
          fix: `keep it in the entry that answers it and remove it from the other`,
        });
      }
    }
  }
  return issues;
}

function fewExamples(entries: readonly KnowledgeEntry[], min: number): LintIssue[] {
  return entries
    .filter((e) => e.examples.length < min)
    .map((e) => ({
      kind: 'few_examples' as const,
      entryIds: [e.id],
      message: `"${e.id}" has ${e.examples.length} example${e.examples.length === 1 ? '' : 's'}`,
      fix: `add at least ${min - e.examples.length} more ways customers ask "${e.question}", in their own words`,
    }));
}

/** Each example matched by a matcher trained without its fold; pairs of entries that swap examples are reported. */
function confusions(entries: readonly KnowledgeEntry[], o: LintOptions): LintIssue[] {
  const held: { entry: number; example: number; fold: number }[] = [];
  entries.forEach((e, entry) => e.examples.forEach((_, example) => held.push({ entry, example, fold: held.length % o.folds })));
  const wrong = new Map<string, { from: number; to: number; texts: string[]; confident: number }>();
  const totals = entries.map((e) => e.examples.length);
  for (let fold = 0; fold < o.folds; fold++) {
    const out = held.filter((h) => h.fold === fold);
    if (out.length === 0) continue;
    const trainingEntries = entries.map((e, i) => ({ ...e, examples: e.examples.filter((_, j) => !out.some((h) => h.entry === i && h.example === j)) }));
    const matcher = Matcher.train(trainingEntries);
    for (const h of out) {
      const text = entries[h.entry].examples[h.example];
      const result = matcher.match(text);
      const top = result.candidates[0]?.entryId;
      const to = entries.findIndex((e) => e.id === top);
      if (to < 0 || to === h.entry) continue;
      const key = `${h.entry}>${to}`;
      const pair = wrong.get(key) ?? { from: h.entry, to, texts: [], confident: 0 };
      pair.texts.push(text);
      if (result.confident) pair.confident++;
      wrong.set(key, pair);
    }
  }
  const issues: LintIssue[] = [];
  for (const pair of [...wrong.values()].sort((a, b) => b.confident - a.confident || b.texts.length - a.texts.length)) {
    const share = pair.texts.length / Math.max(1, totals[pair.from]);
    // Worth the admin's time: a confident wrong answer, or a real share of the entry going elsewhere.
    if (pair.confident === 0 && (pair.texts.length < 2 || share < o.confusedShare)) continue;
    const [x, y] = [entries[pair.from], entries[pair.to]];
    issues.push({
      kind: 'confused',
      entryIds: [x.id, y.id],
      message:
        `${pair.texts.length} of ${totals[pair.from]} examples of "${x.id}" match "${y.id}" instead` +
        `${pair.confident ? ` (${pair.confident} of them confidently: a wrong answer)` : ''}, e.g. "${pair.texts[0]}"`,
      fix: `add examples that tell "${x.id}" from "${y.id}": the words that only "${x.question}" questions use`,
    });
  }
  return issues;
}

export function formatLint(issues: LintIssue[]): string {
  if (issues.length === 0) return 'no problems found';
  return issues.map((i) => `${i.kind.padEnd(12)} ${i.message}\n${''.padEnd(13)}fix: ${i.fix}`).join('\n');
}
