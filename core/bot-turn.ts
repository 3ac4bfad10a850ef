/**
 * One turn answered by the bot: the offline decision, the optional language model's second opinion, and — when
 * the decision is a handoff — the request to staff with the transcript and (if a model is configured) a summary.
 */
import { composeDecision, withDeadline } from './composition';
import type { ConversationState } from './conversation-store';
import type { CoreContext } from './core-context';
import { readableText } from './inbound';
import { handoffReply } from './replies';
import type { InboundMessage, OutboundMessage } from './types';

export interface BotTurnOutcome {
  replies: OutboundMessage[];
  handedOff: boolean;
}

export async function decideBotTurn(context: CoreContext, state: ConversationState, message: InboundMessage): Promise<BotTurnOutcome> {
  const { logger, emit } = context;
  const text = message.text ?? '';
  const answerer = context.answerer();
  const started = performance.now();
  const offline = answerer.decide(
    { text: text.slice(0, context.maxMessageChars), choiceId: message.choiceId, isText: readableText(message).readable, locale: message.customer.locale },
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

  if (decision.kind !== 'handoff') return { replies: [decision.reply], handedOff: false };

  const ticket = await context.handoff.requestHandoff({
    address: state.address,
    customer: message.customer,
    reason: decision.reason,
    detail: decision.detail,
    transcript: [...state.history],
    requestedAt: new Date(),
    summary: await summarize(context, state),
  });
  emit({ type: 'handoff_requested', address: state.address, reason: decision.reason, detail: decision.detail, ticket });
  logger.info('handoff.requested', { address: state.address, reason: decision.reason, detail: decision.detail, position: ticket.position });
  return { replies: [handoffReply(decision.reason, ticket)], handedOff: true };
}

/** A short summary for the staff page when a model is configured; never delays a handoff past its deadline. */
async function summarize(context: CoreContext, state: ConversationState): Promise<string | undefined> {
  const settings = context.composer;
  if (!settings?.composer.summarize) return undefined;
  try {
    return await withDeadline(settings.timeoutMs, (signal) => settings.composer.summarize!([...state.history], signal));
  } catch (error) {
    context.logger.warn('composer.summary_failed', { address: state.address, error });
    return undefined;
  }
}
