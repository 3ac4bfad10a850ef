/**
 * Teaching one example safely (KnowledgeAdmin.learn): the new text is made with the smallest edit (./kb-edit.ts), a
 * candidate answerer is trained on it once, and the preview (./kb-preview.ts) says which questions would be
 * answered differently. Conflicts refuse the teach unless confirmed; a confirmed (or conflict-free) teach is
 * written to Redis (optimistic, retried on a concurrent change) and the candidate is put in use as it is.
 *
 * The candidate of a preview (or of a refused teach) is kept for a few minutes, keyed by the KB revision, entry and
 * wording, so "Teach anyway" saves without training again. When another change won the race in between, the
 * example is added to that version instead and trained once more; it is not previewed again (what it changes
 * was confirmed against the version before).
 */
import { Answerer } from '../core/answerer';
import { KnowledgeBaseError, type KnowledgeBaseProblem } from '../core/knowledge-base';
import type { Logger } from '../core/log';
import type { AuditLog } from '../handoff/audit';
import { addExample } from './kb-edit';
import { conflictMessage, previewTeach, type AnswerChange, type TeachPreview } from './kb-preview';
import { parseVersion, type KbStore, type KbVersion } from './kb-store';

export interface TeachOptions {
  /** Only say what would change; nothing is saved. */
  preview?: boolean;
  /** Save even though it changes how existing questions are answered. */
  confirm?: boolean;
  /** The handoff the question comes from, for the audit trail. */
  handoffId?: string;
}

export type TeachResult =
  | ({ ok: true; saved: boolean; preview?: boolean; unchanged?: boolean; revision: number; entries: number } & TeachPreview)
  | ({ ok: false; problems: KnowledgeBaseProblem[] } & Partial<TeachPreview>);

interface Plan {
  base: KbVersion;
  text: string;
  answerer: Answerer;
  preview: TeachPreview;
  at: number;
}

export type TeachPlans = Map<string, Plan>;

export interface TeachDeps {
  served(): KbVersion;
  /** The answerer in use (trained on `served()`). */
  answerer(): Answerer;
  store: KbStore;
  plans: TeachPlans;
  logger: Logger;
  audit?: Pick<AuditLog, 'record'>;
  use(version: KbVersion, why: string, answerer: () => Answerer): Promise<void>;
}

/** A taught wording longer than this is not a question a customer types. */
export const MAX_TAUGHT_CHARS = 500;
const PLAN_TTL_MS = 10 * 60_000;
/** Candidates are as big as the answerer in use: keep only the latest few. */
const MAX_PLANS = 2;

const NO_CHANGES: TeachPreview = { changes: [], conflicts: [], changedTotal: 0, examplesChecked: 0 };

export async function teach(deps: TeachDeps, entryId: string, question: string, by: string, options: TeachOptions): Promise<TeachResult> {
  const phrase = question.trim().replace(/\s+/g, ' ');
  if (!phrase) return { ok: false, problems: [{ field: 'question', message: 'is empty' }] };
  if (phrase.length > MAX_TAUGHT_CHARS) return { ok: false, problems: [{ field: 'question', message: `is ${phrase.length} characters; at most ${MAX_TAUGHT_CHARS}` }] };
  const base = deps.served();
  const entries = deps.answerer().kb.entries.length;
  const plan = planFor(deps, base, entryId, phrase);
  if (plan === 'unchanged') return { ok: true, saved: false, unchanged: true, revision: base.revision, entries, ...NO_CHANGES };
  if ('ok' in plan) return plan;
  if (options.preview) return { ok: true, saved: false, preview: true, revision: base.revision, entries, ...plan.preview };
  const detail = `entry "${entryId}": "${phrase}"`;
  if (plan.preview.conflicts.length && !options.confirm) {
    await audit(deps, by, options, 'refused', `${detail}; would change ${plan.preview.conflicts.length} answer(s), not confirmed`);
    return { ok: false, problems: [{ field: 'confirm', message: conflictMessage(plan.preview) }], ...plan.preview };
  }

  const written = await deps.store.update(by, (current) => {
    if (!current || current.revision === base.revision) return { text: plan.text, format: base.format };
    // Someone else changed the KB since the preview: the same example, added to their version.
    try {
      const text = addExample(current.text, current.format, entryId, phrase);
      parseVersion({ ...current, text });
      return { text, format: current.format };
    } catch (error) {
      return { ok: false as const, problems: error instanceof KnowledgeBaseError ? error.problems : [{ entry: entryId, message: (error as Error).message }] };
    }
  }, base.revision);
  if (!written.ok) return written;
  deps.plans.delete(planKey(base, entryId, phrase));
  const { version } = written;
  await deps.use(version, `taught by ${by}`, () => (version.text === plan.text ? plan.answerer : new Answerer(parseVersion(version))));
  const confirmed = plan.preview.conflicts.length;
  await audit(deps, by, options, 'done', `${detail} → revision ${version.revision}${confirmed ? `; confirmed although it changes ${confirmed} answer(s)` : ''}`);
  // attempts > 1: another change won the race and the example was added on top of it.
  deps.logger.info('kb.learned', { entry: entryId, by, revision: version.revision, confirmedConflicts: confirmed, attempts: written.attempts });
  return { ok: true, saved: !written.unchanged, revision: version.revision, entries: deps.answerer().kb.entries.length, ...plan.preview };
}

function planKey(base: KbVersion, entryId: string, phrase: string): string {
  return `${base.revision}\n${entryId}\n${phrase}`;
}

/** The new text and its candidate answerer with the preview: reused from a recent preview of the same teach. */
function planFor(deps: TeachDeps, base: KbVersion, entryId: string, phrase: string): Plan | 'unchanged' | { ok: false; problems: KnowledgeBaseProblem[] } {
  const now = Date.now();
  for (const [key, plan] of deps.plans) if (now - plan.at > PLAN_TTL_MS || plan.base.revision !== base.revision) deps.plans.delete(key);
  const key = planKey(base, entryId, phrase);
  const cached = deps.plans.get(key);
  if (cached) return cached;
  const current = deps.answerer();
  if (!current.kb.byId.has(entryId)) return { ok: false, problems: [{ entry: entryId, message: 'no such entry in the knowledge base' }] };
  let text: string;
  let answerer: Answerer;
  try {
    text = addExample(base.text, base.format, entryId, phrase);
    if (text === base.text) return 'unchanged';
    answerer = new Answerer(parseVersion({ ...base, text }));
  } catch (error) {
    return { ok: false, problems: error instanceof KnowledgeBaseError ? error.problems : [{ entry: entryId, message: (error as Error).message }] };
  }
  const plan: Plan = { base, text, answerer, preview: previewTeach(current, answerer, entryId, phrase), at: now };
  deps.plans.set(key, plan);
  while (deps.plans.size > MAX_PLANS) deps.plans.delete(deps.plans.keys().next().value!);
  return plan;
}

async function audit(deps: TeachDeps, by: string, options: TeachOptions, outcome: string, detail: string): Promise<void> {
  await deps.audit?.record({ who: { id: by }, action: 'teach', handoffId: options.handoffId, outcome, detail });
}

export type { AnswerChange };
