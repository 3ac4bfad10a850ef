/**
 * What learning from staff is worth: the questions the bot missed in half of the evaluation cases are taught to
 * their entries (as staff do with "Teach the bot"), and the other half, never taught, is evaluated before and
 * after. A gain there is generalisation, not memorisation.
 */
import { join } from 'node:path';
import { Answerer } from '../core/answerer';
import { evaluate, loadCases } from '../core/evaluation';
import { loadKnowledgeBaseFile, validateKnowledgeBase } from '../core/knowledge-base';

export interface LearningBench {
  taught: number;
  held_out: number;
  before: { answered_right: number; answered_wrong: number; right_offered: number };
  after: { answered_right: number; answered_wrong: number; right_offered: number };
}

export function benchLearning(evalDir: string): LearningBench {
  const kb = loadKnowledgeBaseFile(join(evalDir, 'banking77-faq-10.json'));
  const cases = loadCases(join(evalDir, 'banking77-cases.jsonl')).filter((c) => c.expect !== 'none' && c.expect !== 'human');
  const taughtHalf = cases.filter((_, i) => i % 2 === 0);
  const heldOut = cases.filter((_, i) => i % 2 === 1);
  const before = new Answerer(kb);
  const missed = evaluate(before, taughtHalf).outcomes.filter((o) => !(o.decision.kind === 'answer' && o.decision.entryId === o.case.expect));
  const taught = kb.entries.map((entry) => ({ ...entry, examples: [...entry.examples, ...missed.filter((m) => m.case.expect === entry.id).map((m) => m.case.text)] }));
  const after = new Answerer(validateKnowledgeBase(taught, 'taught'));
  const pick = ({ answered_right, answered_wrong, right_offered }: { answered_right: number; answered_wrong: number; right_offered: number }) => ({ answered_right, answered_wrong, right_offered });
  return {
    taught: missed.length,
    held_out: heldOut.length,
    before: pick(evaluate(before, heldOut).report.faq),
    after: pick(evaluate(after, heldOut).report.faq),
  };
}
