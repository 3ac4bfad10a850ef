/**
 * Asking the optional AnswerComposer (a language model) for a better-written answer, safely:
 * - only for answers and clarifications the offline answerer made; never for handoffs or small talk;
 * - under a deadline and a per-conversation cap on calls; timeouts and errors fall back to the offline decision;
 * - grounded: a composed answer must name entries among those retrieved for it, and an entry marked
 *   `handoff: true` still goes to a person. "Not supported by the entries" becomes an offer of a person.
 */
import { DeadlineError, withDeadline } from './deadline';
import type { Decision } from './answerer';
import { sensitiveEntryEscalation } from './escalation-policy';
import { questionIn, type KnowledgeBase } from './knowledge-base';
import type { Logger } from './log';
import { answerReply, clarifyReply, entryChoice } from './replies';
import { FALLBACK_LANGUAGE, languageOfLocale } from './i18n/languages';
import type { AnswerComposer, ConversationAddress, TranscriptLine } from './types';

export interface ComposerSettings {
  composer: AnswerComposer;
  /** Deadline per call. Default 8 s. */
  timeoutMs: number;
  /** Model calls allowed per conversation, to bound cost. */
  maxCallsPerConversation: number;
}

export interface CompositionContext {
  address: ConversationAddress;
  text: string;
  locale?: string;
  history: TranscriptLine[];
  /** Calls already made in this conversation; incremented when a call is made. */
  callsSoFar: number;
}

export class ComposerTimeoutError extends DeadlineError {}

/** Run `work` with an AbortSignal that fires after `ms`; rejects with ComposerTimeoutError at the deadline. */
export function withComposerDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return withDeadline(ms, work, () => new ComposerTimeoutError(`no answer within ${ms} ms`));
}

export async function composeDecision(
  decision: Decision,
  context: CompositionContext,
  settings: ComposerSettings | undefined,
  kb: KnowledgeBase,
  logger: Logger,
): Promise<{ decision: Decision; called: boolean }> {
  if (!settings) return { decision, called: false };
  if (decision.kind !== 'answer' && decision.kind !== 'clarify') return { decision, called: false };
  if (decision.kind === 'answer' && decision.picked) return { decision, called: false }; // the customer chose the entry
  if (context.callsSoFar >= settings.maxCallsPerConversation) {
    logger.info('composer.cap_reached', { address: context.address, calls: context.callsSoFar });
    return { decision, called: false };
  }

  const candidates = decision.candidates;
  try {
    const composed = await withComposerDeadline(settings.timeoutMs, (signal) =>
      settings.composer.compose({ address: context.address, text: context.text, locale: context.locale, candidates, history: context.history }, signal),
    );
    if (!composed) return { decision, called: true };
    if (composed.kind === 'unsupported') {
      logger.info('composer.unsupported', { address: context.address, why: composed.why });
      return {
        called: true,
        decision: { kind: 'clarify', entryIds: [], confidence: decision.confidence, outOfScope: true, candidates, reply: clarifyReply(languageOfLocale(context.locale) ?? FALLBACK_LANGUAGE, [], true) },
      };
    }
    // Grounded in what retrieval produced: the matcher's candidates, or entries the composer itself showed the
    // model (embedding retrieval can find an entry the word matcher missed).
    const allowed = new Set([...candidates.map((c) => c.entryId), ...composed.shownEntryIds]);
    const grounded = composed.entryIds.filter((id) => allowed.has(id) && kb.byId.has(id));
    if (grounded.length === 0 || !composed.text.trim()) {
      logger.warn('composer.ungrounded_answer_rejected', { address: context.address, cited: composed.entryIds.join(',') });
      return { decision, called: true };
    }
    const sensitive = grounded.map((id) => sensitiveEntryEscalation(kb.byId.get(id)!, 'cited')).find(Boolean);
    if (sensitive) {
      return { called: true, decision: { kind: 'handoff', reason: sensitive.reason, detail: sensitive.detail, confidence: decision.confidence } };
    }
    const relatedIds = decision.kind === 'answer' ? decision.relatedIds.filter((id) => !grounded.includes(id)) : [];
    const related = relatedIds.map((id) => entryChoice(id, questionIn(kb.byId.get(id)!, context.locale)));
    return {
      called: true,
      decision: { kind: 'answer', entryId: grounded[0], confidence: decision.confidence, candidates, relatedIds, reply: answerReply(languageOfLocale(context.locale) ?? FALLBACK_LANGUAGE, composed.text.trim(), related) },
    };
  } catch (error) {
    logger.warn('composer.fallback_to_offline', { address: context.address, error });
    return { decision, called: true };
  }
}
