/**
 * Learning from staff: after a person resolved a handoff, staff attach the customer's question to the knowledge-base
 * entry that answers it. The question becomes a new example of that entry (after a preview of which questions it
 * would answer differently; conflicts need a confirmation), written to the KB in Redis and served by every replica
 * (see KnowledgeAdmin.learn), so the bot answers it next time.
 *
 * Used by the admin API (`POST /admin/api/kb/learn` with a `handoffId`), the admin page's "Teach the bot" list and
 * the Slack "Teach the bot" button (adapters/slack/teaching.ts, through `staffTeaching` below).
 */
import { detectEscalation } from '../core/escalation';
import { detectSmallTalk } from '../core/small-talk';
import { redact } from '../core/redact';
import type { HandoffRecord, HandoffRecords } from '../handoff/records';
import type { KnowledgeAdmin } from './knowledge-admin';
import type { TeachResult } from './kb-teach';

export interface HandoffQuestions {
  record: HandoffRecord;
  /** What the customer asked before the handoff, oldest first: requests for a person and small talk left out. */
  questions: string[];
  /** The likeliest question the bot missed: the last one asked before the handoff. */
  suggested?: string;
}

/** The customer's questions in a handoff's transcript (the lines up to the handoff). */
export async function handoffQuestions(records: HandoffRecords, handoffId: string): Promise<HandoffQuestions | undefined> {
  const record = await records.get(handoffId);
  if (!record) return undefined;
  const lines = await records.lines(handoffId);
  const seen = new Set<string>();
  const questions: string[] = [];
  for (const line of lines) {
    if (line.from !== 'customer' || line.seq > record.handoffLineCount) continue;
    const text = line.text.trim().replace(/\s+/g, ' ');
    if (!text || seen.has(text.toLowerCase()) || detectEscalation(text)) continue;
    const smallTalk = detectSmallTalk(text);
    if (smallTalk && !smallTalk.rest) continue;
    seen.add(text.toLowerCase());
    // Staff see (and the KB keeps) the question without the customer's personal data.
    questions.push(redact(text));
  }
  return { record, questions, suggested: questions[questions.length - 1] };
}

export interface LearnFromHandoffRequest {
  handoffId: string;
  entryId: string;
  /** The wording to learn; defaults to the suggested question. Staff may correct a typo or trim it. */
  question?: string;
  /** Who taught it, for the log and the audit trail (e.g. "admin", "slack:U123"). */
  by: string;
  /** Only say which questions would be answered differently; nothing is saved. */
  preview?: boolean;
  /** Teach even though it changes how existing questions are answered (refused otherwise, with the conflicts). */
  confirm?: boolean;
}

/**
 * Attach a resolved handoff's customer question to an existing entry. Refused (ok: false, with the problem) when the
 * handoff does not exist, is not resolved, has no question, or the entry is unknown; the KB then stays as it was.
 * Refused with `conflicts` when it would change how the KB's own examples are answered, unless `confirm`
 * (KnowledgeAdmin.learn, the one function the API, the admin page and Slack all use).
 */
export async function learnFromHandoff(deps: { knowledge: KnowledgeAdmin; records: HandoffRecords }, request: LearnFromHandoffRequest): Promise<TeachResult> {
  const found = await handoffQuestions(deps.records, request.handoffId);
  if (!found) return { ok: false, problems: [{ field: 'handoffId', message: `no handoff "${request.handoffId}" (records are kept for HANDOFF_RECORD_RETENTION_DAYS)` }] };
  if (found.record.status !== 'resolved') {
    return { ok: false, problems: [{ field: 'handoffId', message: `handoff "${request.handoffId}" is ${found.record.status}; staff can teach the bot once it is resolved` }] };
  }
  // Staff may edit the suggested (redacted) wording; what they type is masked too before it becomes a KB example
  // (stored in Redis, the file, the audit trail) — a customer's card number must not be taught to the bot.
  const question = redact(request.question?.trim() || found.suggested || '');
  if (!question) return { ok: false, problems: [{ field: 'question', message: 'the customer asked no question before the handoff; give one in "question"' }] };
  return deps.knowledge.learn(request.entryId, question, request.by, { preview: request.preview, confirm: request.confirm, handoffId: request.handoffId });
}

/**
 * Teaching as the Slack "Teach the bot" modal needs it (the `TeachingService` port of adapters/slack/teaching.ts,
 * matched by shape): the suggested question, the entries to pick from (handoff entries left out) and `learnFromHandoff`.
 */
export function staffTeaching(deps: { knowledge: KnowledgeAdmin; records: HandoffRecords }) {
  return {
    suggestedQuestion: async (handoffId: string): Promise<string | undefined> => (await handoffQuestions(deps.records, handoffId))?.suggested,
    bestGuess: (question: string): string | undefined => deps.knowledge.bestGuess(question),
    entries: (): { id: string; question: string }[] => deps.knowledge.current.entries.filter((e) => !e.handoff),
    learn: (request: LearnFromHandoffRequest): Promise<TeachResult> => learnFromHandoff(deps, request),
  };
}
