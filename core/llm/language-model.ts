/**
 * The language model as the core sees it: a port with the two calls the composer and the embedding index make.
 * The core never imports an SDK; adapters/llm/openai-language-model.ts implements this with the `openai` package
 * (any OpenAI-compatible server), and bin wires it in. Tests may pass any object with this shape.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Longest reply, in tokens. */
  maxTokens: number;
  temperature: number;
  /** `json_object`: the reply must be one JSON object (the answer's contract). Default free text. */
  responseFormat?: 'json_object';
}

export interface Completion {
  /** The reply's text; '' when the model gave none. */
  content: string;
  /** Why the model stopped (`stop`, `length`…), when it says; for logs. */
  finishReason?: string;
}

export interface LanguageModel {
  /** One chat completion. Rejects with `LanguageModelError` when the server fails; `signal` cancels the call. */
  complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion>;
  /**
   * One vector per text, in the order given (not normalised). Rejects with `LanguageModelError` when the server
   * fails or no embedding model is configured.
   */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** A failed model call, whatever the client library: the server's HTTP status when there was one. */
export class LanguageModelError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LanguageModelError';
  }
}
