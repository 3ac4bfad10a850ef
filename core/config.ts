/**
 * Configuration, read from the environment once at start-up and validated as a whole: every mistake is named
 * with its variable and the fix, instead of surfacing later as a puzzling failure.
 * `.env.example` documents every variable; keep the two in step.
 */
import { parseRateLimit, type CustomerRateLimit } from './rate-limit';

export interface CoreConfig {
  /** REDIS_URL — where conversation state, locks and (later) the handoff queue live. */
  redisUrl: string;
  /** KEY_PREFIX — prefix of every Redis key we write, so several bots (or test files) can share one Redis. */
  keyPrefix: string;
  /** KB_FILE — the knowledge base (YAML, or the JSON array format). */
  knowledgeBaseFile: string;
  /** CONVERSATION_TTL_SECONDS — a conversation idle this long is forgotten and starts afresh. */
  conversationTtlSeconds: number;
  /** HISTORY_LIMIT — how many recent lines a conversation keeps (the transcript staff see). */
  historyLimit: number;
  /** MAX_MESSAGE_CHARS — longer customer messages are cut to this length before matching (kept whole for staff). */
  maxMessageChars: number;
  /**
   * REDACT (default on) — one setting for the core and the handoff side: cards, IBANs, e-mails and phones are masked
   * (core/redact.ts) before anything is stored in Redis (history, handoff transcripts), shown to staff or sent to the
   * language model; the raw text lives only in memory for matching. `off` keeps raw text everywhere.
   */
  redact: boolean;
  /** CUSTOMER_RATE_LIMIT (default `20/10s`, or `off`) — messages per window per conversation before the bot stops answering (core/rate-limit.ts). */
  customerRateLimit?: CustomerRateLimit;
  /** WAITING_BOT_ANSWERS (default on) — a clear FAQ question while waiting for a person is answered by the bot too. */
  waitingBotAnswers: boolean;
  /** LOG_LEVEL — debug, info, warn or error. */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** LOG_FORMAT — `text` (default, for a terminal) or `json` (one object per line, for log shippers). */
  logFormat: 'text' | 'json';
  /** NODE_ENV=production — refuse development defaults that are unsafe in production (see bin/config.ts). */
  production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and its default.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads variables and collects every problem before failing, so one start shows them all. */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max} (default ${fallback}).`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      const problem = `${name}="${raw}" must be one of: ${allowed.join(', ')} (default ${fallback}).`;
      if (!this.problems.includes(problem)) this.problems.push(problem); // a shared setting (REDACT) is named once
      return fallback;
    }
    return raw as T;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
    } catch {
      this.problems.push(`${name}="${value}" must be a ${protocols.join(' or ')} URL, e.g. ${fallback}.`);
    }
    return value;
  }

  /** Throws ConfigError listing every problem seen so far. */
  check(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/**
 * The core's settings. With a `reader` passed in, problems are only collected there (the caller checks once,
 * after every other group has been read); without one this checks itself.
 */
export function readCoreConfig(env: Env = process.env, shared?: EnvReader): CoreConfig {
  const reader = shared ?? new EnvReader(env);
  const config: CoreConfig = {
    redisUrl: reader.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    keyPrefix: reader.string('KEY_PREFIX', 'support'),
    knowledgeBaseFile: reader.string('KB_FILE', 'kb/demo-shop.yaml'),
    conversationTtlSeconds: reader.integer('CONVERSATION_TTL_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    historyLimit: reader.integer('HISTORY_LIMIT', 30, 4, 500),
    maxMessageChars: reader.integer('MAX_MESSAGE_CHARS', 2000, 50, 100_000),
    redact: readRedactSetting(reader),
    customerRateLimit: readRateLimit(reader),
    waitingBotAnswers: reader.oneOf('WAITING_BOT_ANSWERS', 'on', ['on', 'off'] as const) === 'on',
    logLevel: reader.oneOf('LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error'] as const),
    logFormat: reader.oneOf('LOG_FORMAT', 'text', ['text', 'json'] as const),
    production: reader.optional('NODE_ENV') === 'production',
  };
  if (!shared) reader.check();
  return config;
}

/** REDACT (default on): read by the core and the handoff side alike, so one variable decides for both. */
export function readRedactSetting(reader: EnvReader): boolean {
  return reader.oneOf('REDACT', 'on', ['on', 'off'] as const) === 'on';
}

function readRateLimit(reader: EnvReader): CustomerRateLimit | undefined {
  const spec = reader.string('CUSTOMER_RATE_LIMIT', '20/10s');
  try {
    return parseRateLimit(spec);
  } catch (error) {
    reader.problems.push(`CUSTOMER_RATE_LIMIT="${spec}" ${(error as Error).message} (default 20/10s).`);
    return { max: 20, windowMs: 10_000 };
  }
}
