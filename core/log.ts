/**
 * A small structured logger: one line per event. `LOG_FORMAT=text` (the default, for a terminal):
 * `time level event key=value…`, readable by people and greppable by machines. `LOG_FORMAT=json`: one JSON object
 * per line with the same fields — `time` (ISO 8601), `level`, `event`, then the event's fields; an Error becomes
 * `{name, message, stack}` — for log shippers. Fields name what happened to which conversation and why.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Keys every JSON line starts with; a field of the same name is written as `_<name>` instead of replacing it. */
const RESERVED = new Set(['time', 'level', 'event']);

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

function textLine(time: string, at: LogLevel, event: string, fields: LogFields): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return `${time} ${at.toUpperCase().padEnd(5)} ${event}${parts.length ? ' ' + parts.join(' ') : ''}`;
}

/** An Error as plain data: name, message, stack when there is one, and a cause or code when set. */
export function errorFields(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack) out.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause !== undefined) out.cause = error.cause instanceof Error ? errorFields(error.cause) : error.cause;
  return out;
}

/** JSON.stringify that never throws: errors as objects, bigints as strings, cycles marked, functions dropped. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v instanceof Error) return errorFields(v);
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}

function jsonLine(time: string, at: LogLevel, event: string, fields: LogFields): string {
  const record: Record<string, unknown> = { time, level: at, event };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) record[RESERVED.has(key) ? `_${key}` : key] = value;
  }
  try {
    return safeJson(record);
  } catch (error) {
    return JSON.stringify({ time, level: at, event, log_error: `fields could not be written as JSON: ${(error as Error).message}` });
  }
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  format: LogFormat = 'text',
): Logger {
  const line = format === 'json' ? jsonLine : textLine;
  const emit = (at: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (RANK[at] < RANK[level]) return;
    write(line(new Date().toISOString(), at, event, fields));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** For tests and tools that want silence. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
