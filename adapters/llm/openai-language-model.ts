/**
 * The core's `LanguageModel` port (core/llm/language-model.ts) over the `openai` package, for OpenAI or any
 * OpenAI-compatible server (OPENAI_BASE_URL). The client makes no retries (the core falls back to the offline
 * answer instead) and uses the deadline as its timeout; SDK errors become the core's `LanguageModelError`.
 */
import OpenAI from 'openai';
import type { LlmConfig } from '../../core/llm/config';
import { LanguageModelError, type Completion, type CompletionRequest, type LanguageModel } from '../../core/llm/language-model';

/** The OpenAI client as the core needs it: no retries (the core falls back instead), the deadline as timeout. */
export function createOpenAiClient(config: Pick<LlmConfig, 'apiKey' | 'baseUrl' | 'timeoutMs'>): OpenAI {
  return new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 0, timeout: config.timeoutMs });
}

export class OpenAiLanguageModel implements LanguageModel {
  private readonly client: OpenAI;

  constructor(
    private readonly config: Pick<LlmConfig, 'apiKey' | 'baseUrl' | 'timeoutMs' | 'model' | 'embeddingModel'>,
    client?: OpenAI,
  ) {
    this.client = client ?? createOpenAiClient(config);
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion> {
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.config.model,
          messages: request.messages,
          ...(request.responseFormat ? { response_format: { type: request.responseFormat } } : {}),
          max_tokens: request.maxTokens,
          temperature: request.temperature,
        },
        { signal },
      );
      const choice = completion.choices?.[0];
      return { content: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? undefined };
    } catch (error) {
      throw toLanguageModelError(error, `chat completion (model ${this.config.model})`);
    }
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const model = this.config.embeddingModel;
    if (!model) throw new LanguageModelError('no embedding model is configured (OPENAI_EMBEDDING_MODEL=off)');
    try {
      const response = await this.client.embeddings.create(
        // `float` explicitly: the SDK's default (base64) is not implemented by every OpenAI-compatible server.
        { model, input: texts, encoding_format: 'float' },
        { signal },
      );
      return [...(response.data ?? [])].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    } catch (error) {
      throw toLanguageModelError(error, `embeddings (model ${model})`);
    }
  }
}

function toLanguageModelError(error: unknown, what: string): unknown {
  if (!(error instanceof OpenAI.APIError)) return error;
  return new LanguageModelError(`${what} failed: ${error.message}`, error.status, { cause: error });
}
