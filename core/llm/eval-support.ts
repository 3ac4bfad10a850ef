/**
 * `npm run eval -- --llm`: the evaluation run through the language model, exactly as a customer's turn is (the
 * offline decision, then `composeDecision` with its deadline, grounding checks and fallbacks), each case a fresh
 * conversation. Reports the same measures as the offline evaluation, so the two can be compared side by side.
 */
import { emptyMemory, type Answerer } from '../answerer';
import { composeDecision, type ComposerSettings } from '../composition';
import { checkExpectedEntries, scoreOutcomes, type EvalCase, type EvalOutcome, type EvalReport } from '../evaluation';
import { silentLogger, type Logger } from '../log';
import { requireLlmConfig, type LlmConfig } from './config';
import type { LanguageModel } from './language-model';
import { createComposerSettings } from './llm-composer';

export interface LlmEvalOptions {
  /** Cases in flight at once (model calls are slow; servers rate-limit). Default 4. */
  concurrency?: number;
  logger?: Logger;
  /** Called after each case, e.g. to print progress. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The composer settings for an evaluation from the environment. Throws ConfigError naming OPENAI_API_KEY when it
 * is not set. `languageModel` builds the model from that configuration (bin/eval passes the OpenAI adapter's).
 * Vectors are kept in memory (no Redis needed); the per-conversation cap does not apply (one turn each).
 */
export async function composerForEval(
  env: Record<string, string | undefined>,
  answerer: Answerer,
  languageModel: (config: LlmConfig) => LanguageModel,
  logger: Logger = silentLogger,
): Promise<ComposerSettings> {
  const config = requireLlmConfig(env, '`npm run eval -- --llm`');
  const settings = createComposerSettings(config, { languageModel: languageModel(config), keyPrefix: 'eval', logger, knowledgeBase: () => answerer.kb });
  if (settings.index) {
    try {
      await settings.index.prepare(answerer.kb);
    } catch (error) {
      logger.warn('llm.eval_without_embeddings', { error, how: 'set OPENAI_EMBEDDING_MODEL=off to silence, or fix the embeddings server' });
    }
  }
  return settings;
}

/** Run every case as a fresh conversation through the offline answerer and then the composer. */
export async function evaluateWithComposer(
  answerer: Answerer,
  settings: ComposerSettings,
  cases: EvalCase[],
  options: LlmEvalOptions = {},
): Promise<{ report: EvalReport; outcomes: EvalOutcome[] }> {
  checkExpectedEntries(answerer, cases);
  const logger = options.logger ?? silentLogger;
  const outcomes: EvalOutcome[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i];
      const t0 = performance.now();
      const { decision } = answerer.decide({ text: c.text }, emptyMemory());
      const composed = await composeDecision(
        decision,
        { address: `eval:${i + 1}`, text: c.text, history: [{ from: 'customer', text: c.text, at: new Date().toISOString() }], callsSoFar: 0 },
        settings,
        answerer.kb,
        logger,
      );
      outcomes[i] = { case: c, decision: composed.decision, ms: performance.now() - t0 };
      options.onProgress?.(++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, cases.length)) }, worker));
  return { outcomes, report: scoreOutcomes(outcomes, (performance.now() - started) / 1000) };
}
