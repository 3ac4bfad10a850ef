/**
 * The optional language model's settings, read from the environment with the core's EnvReader so every mistake
 * is reported at start-up with its variable and fix. No OPENAI_API_KEY means no model: the bot runs offline.
 */
import { ConfigError, EnvReader } from '../config';

export interface LlmConfig {
  /** OPENAI_API_KEY — turns the model on. Local servers that need no key accept any non-empty value. */
  apiKey: string;
  /** OPENAI_BASE_URL — any OpenAI-compatible server. Default https://api.openai.com/v1. */
  baseUrl: string;
  /** OPENAI_MODEL — the chat model that writes answers and staff summaries. Default gpt-4o-mini. */
  model: string;
  /**
   * OPENAI_EMBEDDING_MODEL — the model that embeds KB entries and questions for retrieval. Default
   * text-embedding-3-small; `off` for servers without an embeddings endpoint (the offline matcher alone retrieves).
   */
  embeddingModel: string | undefined;
  /** LLM_TIMEOUT_MS — deadline per model call; past it the offline answer is sent. Default 8000. */
  timeoutMs: number;
  /** LLM_MAX_TOKENS — longest answer the model may write (cost and length bound). Default 300. */
  maxTokens: number;
  /** LLM_MAX_CALLS_PER_CONVERSATION — model calls per conversation; beyond it the bot answers offline. Default 10. */
  maxCallsPerConversation: number;
  /** LLM_REDACT — mask card numbers, IBANs, e-mails and phones in everything sent to the model. Default: REDACT (on). */
  redact: boolean;
}

type Env = Record<string, string | undefined>;

export const LLM_DEFAULTS = {
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  embeddingModel: 'text-embedding-3-small',
  timeoutMs: 8000,
  maxTokens: 300,
  maxCallsPerConversation: 10,
} as const;

/**
 * The model's settings, or undefined when OPENAI_API_KEY is not set. Problems are added to `reader` (call
 * `reader.check()`, or pass no reader and this checks itself). Setting other OPENAI_* variables without the key is
 * a mistake worth naming: otherwise the bot would quietly run without the model someone meant to use.
 */
export function readLlmConfig(env: Env = process.env, reader?: EnvReader): LlmConfig | undefined {
  const own = reader ?? new EnvReader(env);
  const apiKey = own.optional('OPENAI_API_KEY');
  if (!apiKey) {
    const orphans = ['OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_EMBEDDING_MODEL'].filter((name) => own.optional(name));
    if (orphans.length > 0) {
      own.problems.push(
        `${orphans.join(', ')} ${orphans.length === 1 ? 'is' : 'are'} set but OPENAI_API_KEY is not, so no model would be used. ` +
          'Set OPENAI_API_KEY (any non-empty value for a local server that needs no key), or unset them to run offline.',
      );
    }
    if (!reader) own.check();
    return undefined;
  }
  const embedding = own.string('OPENAI_EMBEDDING_MODEL', LLM_DEFAULTS.embeddingModel);
  const config: LlmConfig = {
    apiKey,
    baseUrl: own.url('OPENAI_BASE_URL', LLM_DEFAULTS.baseUrl, ['http:', 'https:']),
    model: own.string('OPENAI_MODEL', LLM_DEFAULTS.model),
    embeddingModel: embedding.toLowerCase() === 'off' ? undefined : embedding,
    timeoutMs: own.integer('LLM_TIMEOUT_MS', LLM_DEFAULTS.timeoutMs, 100, 120_000),
    maxTokens: own.integer('LLM_MAX_TOKENS', LLM_DEFAULTS.maxTokens, 16, 8192),
    maxCallsPerConversation: own.integer('LLM_MAX_CALLS_PER_CONVERSATION', LLM_DEFAULTS.maxCallsPerConversation, 0, 1000),
    // LLM_REDACT follows REDACT unless set: REDACT=off keeps raw text everywhere, the model included.
    redact: own.oneOf('LLM_REDACT', own.oneOf('REDACT', 'on', ['on', 'off'] as const), ['on', 'off'] as const) === 'on',
  };
  if (!reader) own.check();
  return config;
}

/** For commands that only make sense with a model (`npm run eval -- --llm`): a clear error naming the variable. */
export function requireLlmConfig(env: Env, purpose: string): LlmConfig {
  const config = readLlmConfig(env);
  if (!config) {
    throw new ConfigError([
      `OPENAI_API_KEY is not set, and ${purpose} needs a language model. Set OPENAI_API_KEY ` +
        `(and OPENAI_BASE_URL for a server other than ${LLM_DEFAULTS.baseUrl}, OPENAI_MODEL for a model other than ${LLM_DEFAULTS.model}).`,
    ]);
  }
  return config;
}
