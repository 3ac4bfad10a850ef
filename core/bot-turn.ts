/**
 * One turn answered by the bot: the offline decision, the optional language model's second opinion, and — when
 * the decision is a handoff — the request to staff with the transcript and (if a model is configured) a summary.
 * Everything is said in the conversation's language. Small walls taken down here (issue 11): an emoji reaction is
 * thanks, a bare "no" after an answer means it did not help, an out-of-scope question gets an honest "I can help
 * with …" (and never counts towards "unsure twice, get a person"), and the same non-answer is never sent twice.
 */
import { composeDecision, withComposerDeadline } from './composition';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { readableText } from './inbound';
import { boundedText } from './text';
import { emojiReaction, isNo } from './i18n/phrases';
import { FALLBACK_LANGUAGE, type Language } from './i18n/languages';
import { coversLanguage, entryLanguages, mainLanguage, questionIn, type KnowledgeBase } from './knowledge-base';
import { didNotHelpReply, entryChoice, handoffReply, noKnowledgeInLanguageReply, offTopicReply, smallTalkReply, stillNotSureReply, talkToPerson } from './replies';
import type { Choice, InboundMessage, OutboundMessage } from './types';

export interface BotTurnOutcome {
  replies: OutboundMessage[];
  handedOff: boolean;
}

export async function decideBotTurn(context: CoreContext, state: ConversationState, message: InboundMessage): Promise<BotTurnOutcome> {
  const { logger, emit } = context;
  const text = message.text ?? '';
  const answerer = context.answerer();
  const language = state.language ?? FALLBACK_LANGUAGE;
  const lastAnswer = state.lastAnswer;
  state.lastAnswer = undefined;
  const reaction = message.choiceId ? undefined : emojiReaction(text);
  if (reaction === 'thanks') return { replies: [smallTalkReply(language, 'thanks')], handedOff: false };
  if (lastAnswer && !message.choiceId && (reaction === 'negative' || isNo(text))) {
    const related = lastAnswer.related.filter((id) => answerer.kb.byId.has(id)).map((id) => entryChoice(id, questionIn(answerer.kb.byId.get(id)!, language)));
    state.pending = 'offered_person';
    return { replies: [{ ...didNotHelpReply(language), choices: [...related, talkToPerson(language)] }], handedOff: false };
  }
  const started = performance.now();
  const offline = answerer.decide(
    { text: boundedText(text, context.maxMessageChars), choiceId: message.choiceId, isText: readableText(message).readable, locale: language },
    state.memory,
  );
  state.memory = offline.memory;
  const composed = await composeDecision(
    offline.decision,
    { address: state.address, text, locale: message.customer.locale, history: state.history, callsSoFar: state.memory.composerCalls },
    context.composer,
    answerer.kb,
    logger,
  );
  if (composed.called) state.memory.composerCalls += 1;
  const decision = composed.decision;
  emit({ type: 'decision', address: state.address, text, decision, ms: performance.now() - started });
  logger.info('decision', {
    address: state.address,
    kind: decision.kind,
    entry: decision.kind === 'answer' ? decision.entryId : undefined,
    reason: decision.kind === 'handoff' ? decision.reason : undefined,
    confidence: 'confidence' in decision && decision.confidence !== undefined ? Number(decision.confidence.toFixed(3)) : undefined,
  });

  if (decision.kind === 'answer') state.lastAnswer = { entryId: decision.entryId, related: decision.relatedIds };
  if (decision.kind !== 'handoff') {
    let reply = decision.reply;
    if (!knowsLanguage(answerer.kb, language, decision)) {
      // The KB has nothing in the customer's language: a person in their language, not a wrong-language guess.
      reply = noKnowledgeInLanguageReply(language);
      state.lastAnswer = undefined;
      state.pending = 'offered_person';
    } else if (decision.kind === 'clarify' && decision.outOfScope && offline.decision.kind === 'clarify' && offline.decision.outOfScope) {
      // Out of scope is not "unsure": say honestly what the bot can help with; a person only if asked.
      reply = offTopicReply(language, topicsOf(answerer.kb, language), shopName(answerer.kb));
      state.memory.lowConfidenceStreak = 0;
    }
    return { replies: [notTheSameNonAnswer(state, reply, decision.kind === 'answer' || decision.kind === 'small_talk', language)], handedOff: false };
  }

  const ticket = await context.handoff.requestHandoff({
    address: state.address,
    customer: message.customer,
    reason: decision.reason,
    detail: decision.detail,
    transcript: [...state.history],
    requestedAt: new Date(),
    summary: await summarize(context, state),
    language: state.language,
  });
  emit({ type: 'handoff_requested', address: state.address, reason: decision.reason, detail: decision.detail, ticket });
  logger.info('handoff.requested', { address: state.address, reason: decision.reason, detail: decision.detail, position: ticket.position });
  return { replies: [handoffReply(language, decision.reason, ticket, { timeZone: ticket.staffTimeZone })], handedOff: true };
}

/**
 * Whether the bot can answer this in the customer's language: an answer whose entry is written (or translated)
 * in it, a clarification when at least half the KB is; small talk and prompts always.
 */
export function knowsLanguage(kb: KnowledgeBase, language: Language, decision: { kind: string; entryId?: string }): boolean {
  if (language === mainLanguage(kb)) return true;
  if (decision.kind === 'answer' && decision.entryId) {
    const entry = kb.byId.get(decision.entryId);
    return entry !== undefined && entryLanguages(entry, mainLanguage(kb)).has(language);
  }
  if (decision.kind === 'clarify') return coversLanguage(kb, language, 0.5);
  return true;
}

/** Never the same non-answer twice in a row ("?" then "??"): the second time, other words. */
function notTheSameNonAnswer(state: ConversationState, reply: OutboundMessage, isAnswer: boolean, language: Language): OutboundMessage {
  if (isAnswer) return reply;
  const previous = state.history.slice(0, -1).reverse().find((line) => line.from !== 'customer');
  if (previous?.from !== 'bot' || previous.text !== reply.text) return reply;
  const entryChoices: Choice[] = (reply.choices ?? []).filter((c) => c.id !== talkToPerson(language).id);
  return stillNotSureReply(language, entryChoices);
}

/** What the bot can help with, for the off-topic reply: a few of the KB's topics, spread over it, in the language. */
function topicsOf(kb: KnowledgeBase, language: Language, count = 4): string[] {
  const entries = kb.entries.filter((e) => !e.handoff);
  if (entries.length === 0) return [];
  const step = Math.max(1, Math.floor(entries.length / count));
  const picked = entries.filter((_, i) => i % step === 0).slice(0, count);
  return picked.map((e) => {
    const q = questionIn(e, language).replace(/[?？¿]/g, '').trim();
    return language === 'de' ? q : q.charAt(0).toLowerCase() + q.slice(1);
  });
}

/** The shop's name, from an optional top-level `name:` in the knowledge base. */
function shopName(kb: KnowledgeBase): string | undefined {
  const name = (kb as KnowledgeBase & { name?: unknown }).name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** A short summary for the staff page when a model is configured; never delays a handoff past its deadline. */
async function summarize(context: CoreContext, state: ConversationState): Promise<string | undefined> {
  const settings = context.composer;
  if (!settings?.composer.summarize) return undefined;
  try {
    return await withComposerDeadline(settings.timeoutMs, (signal) => settings.composer.summarize!([...state.history], signal));
  } catch (error) {
    context.logger.warn('composer.summary_failed', { address: state.address, error });
    return undefined;
  }
}
