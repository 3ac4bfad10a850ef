/**
 * Answer-quality evaluation: every case goes through the same `Answerer.decide` that serves customers, each as
 * a fresh conversation, and is scored by what a customer would have met.
 *
 * Cases (JSON lines): `{"text": "...", "expect": "<entry id>" | "none" | "human", "group"?: "..."}`. The optional
 * `group` (e.g. human / frustration / sensitive / faq / none) adds a per-group breakdown to the report.
 */
import { readFileSync } from 'node:fs';
import { emptyMemory, type Answerer, type Decision } from './answerer';
import type { MatchExplanation } from './matcher';

export interface EvalCase {
  text: string;
  expect: string;
  /** Optional label for a per-group breakdown ("human", "frustration", "sensitive", ...). */
  group?: string;
}

/** One labelled group's figures: how its customers were met. */
export interface GroupReport {
  n: number;
  handed_off: number;
  answered_right: number;
  answered_wrong: number;
}

export interface EvalReport {
  cases: number;
  faq: { n: number; answered_right: number; answered_wrong: number; right_offered: number };
  none: { n: number; answered: number };
  human: { n: number; handed_off: number };
  decisions_per_second: number;
  p50_ms: number;
  p99_ms: number;
  /** Only when the cases file labels groups: per-group figures, by group name. */
  groups?: Record<string, GroupReport>;
}

export interface EvalOutcome {
  case: EvalCase;
  decision: Decision;
  ms: number;
}

export function loadCases(path: string): EvalCase[] {
  const cases: EvalCase[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (err) {
        throw new Error(`${path}:${index + 1}: not valid JSON (${(err as Error).message})`);
      }
      const c = parsed as Partial<EvalCase>;
      if (typeof c.text !== 'string' || typeof c.expect !== 'string' || (c.group !== undefined && typeof c.group !== 'string')) {
        throw new Error(`${path}:${index + 1}: expected {"text": string, "expect": string, "group"?: string}`);
      }
      cases.push(c.group === undefined ? { text: c.text, expect: c.expect } : { text: c.text, expect: c.expect, group: c.group });
    });
  if (cases.length === 0) throw new Error(`${path} has no cases`);
  return cases;
}

/** Run every case as a fresh conversation; unknown expected entry ids are an error, not a silent miss. */
export function evaluate(answerer: Answerer, cases: EvalCase[]): { report: EvalReport; outcomes: EvalOutcome[] } {
  checkExpectedEntries(answerer, cases);
  const outcomes: EvalOutcome[] = [];
  const started = performance.now();
  for (const c of cases) {
    const t0 = performance.now();
    const { decision } = answerer.decide({ text: c.text }, emptyMemory());
    outcomes.push({ case: c, decision, ms: performance.now() - t0 });
  }
  return { outcomes, report: scoreOutcomes(outcomes, (performance.now() - started) / 1000) };
}

export function checkExpectedEntries(answerer: Answerer, cases: EvalCase[]): void {
  const unknown = [...new Set(cases.map((c) => c.expect))].filter((e) => e !== 'none' && e !== 'human' && !answerer.kb.byId.has(e));
  if (unknown.length > 0) {
    throw new Error(`The cases expect entries the knowledge base does not have: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}`);
  }
}

/** The measures of an evaluation, from what each case's customer would have met. */
export function scoreOutcomes(outcomes: EvalOutcome[], elapsedSeconds: number): EvalReport {
  const faq = outcomes.filter((o) => o.case.expect !== 'none' && o.case.expect !== 'human');
  const none = outcomes.filter((o) => o.case.expect === 'none');
  const human = outcomes.filter((o) => o.case.expect === 'human');
  const share = (list: EvalOutcome[], test: (o: EvalOutcome) => boolean) => (list.length ? list.filter(test).length / list.length : 0);
  const answered = (o: EvalOutcome) => o.decision.kind === 'answer';
  const answeredRight = (o: EvalOutcome) => o.decision.kind === 'answer' && o.decision.entryId === o.case.expect;
  // Offered: shown to the customer as a button, under a clarification or under a direct answer.
  const offeredRight = (o: EvalOutcome) =>
    answeredRight(o) ||
    (o.decision.kind === 'clarify' && o.decision.entryIds.includes(o.case.expect)) ||
    (o.decision.kind === 'answer' && o.decision.relatedIds.includes(o.case.expect));

  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const report: EvalReport = {
    cases: outcomes.length,
    faq: {
      n: faq.length,
      answered_right: round(share(faq, answeredRight)),
      answered_wrong: round(share(faq, (o) => answered(o) && !answeredRight(o))),
      right_offered: round(share(faq, offeredRight)),
    },
    none: { n: none.length, answered: round(share(none, answered)) },
    human: { n: human.length, handed_off: round(share(human, (o) => o.decision.kind === 'handoff')) },
    decisions_per_second: Math.round(outcomes.length / Math.max(elapsedSeconds, 1e-9)),
    p50_ms: round(percentile(latencies, 0.5)),
    p99_ms: round(percentile(latencies, 0.99)),
  };
  const groupNames = [...new Set(outcomes.map((o) => o.case.group).filter((g): g is string => g !== undefined))];
  if (groupNames.length > 0) {
    report.groups = {};
    for (const name of groupNames) {
      const list = outcomes.filter((o) => o.case.group === name);
      report.groups[name] = {
        n: list.length,
        handed_off: round(share(list, (o) => o.decision.kind === 'handoff')),
        answered_right: round(share(list, answeredRight)),
        answered_wrong: round(share(list, (o) => answered(o) && !answeredRight(o))),
      };
    }
  }
  return report;
}

/**
 * What went wrong, case by case: wrong answers, missed handoffs, out-of-scope questions answered. With `explain`
 * (the answerer's), an answer also says why: the words that weighed for the entry and its nearest phrasing.
 */
export function misses(outcomes: EvalOutcome[], explain?: (text: string, entryId: string) => MatchExplanation): string[] {
  const lines: string[] = [];
  const because = (text: string, entryId: string) => {
    if (!explain) return '';
    const why = explain(text, entryId);
    const words = why.words.length ? `the words ${why.words.map((w) => JSON.stringify(w)).join(', ')}` : 'no shared words';
    return `, because of ${words}${why.example ? `; closest phrasing ${JSON.stringify(why.example)} (${why.similarity.toFixed(2)})` : ''}`;
  };
  for (const o of outcomes) {
    const d = o.decision;
    const label = `${o.case.group ? `[${o.case.group}] ` : ''}${JSON.stringify(o.case.text)}`;
    const got = d.kind === 'answer' ? `answered "${d.entryId}" (confidence ${d.confidence.toFixed(2)}${because(o.case.text, d.entryId)})` : d.kind === 'clarify' ? `offered ${d.entryIds.join(', ')}` : d.kind === 'handoff' ? `handed off (${d.reason}: ${d.detail})` : d.kind;
    if (o.case.expect === 'human') {
      if (d.kind !== 'handoff') lines.push(`missed handoff  ${label} -> ${got}`);
    } else if (o.case.expect === 'none') {
      if (d.kind === 'answer') lines.push(`out of scope answered  ${label} -> ${got}`);
    } else if (d.kind === 'answer' && d.entryId !== o.case.expect) {
      lines.push(`wrong answer  ${label} expected "${o.case.expect}" -> ${got}`);
    } else if (d.kind === 'handoff') {
      lines.push(`handed off an FAQ  ${label} expected "${o.case.expect}" -> ${got}`);
    }
  }
  return lines;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
