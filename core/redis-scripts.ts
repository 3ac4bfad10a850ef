/**
 * Named Redis scripts: each atomic step is a `.lua` file next to the module that uses it (`<module dir>/scripts/`),
 * defined once per connection with ioredis `defineCommand` (EVALSHA, falling back to EVAL on NOSCRIPT), and called
 * through a typed function that takes its keys and arguments by name.
 *
 * Rules every script follows (so it is Redis Cluster safe):
 *   - every key it touches arrives in KEYS, never built from ARGV or from a value read inside the script;
 *   - the keys of one script share one hash tag (`{…}`), so they live in one slot.
 * `npm run build` copies the `.lua` files into `dist/` with the same relative paths.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';

export interface ScriptSpec<K extends string, A extends string, R> {
  /** File name in the `scripts` folder. */
  file: string;
  /** KEYS[1..n], in order. */
  keys: readonly K[];
  /** ARGV[1..n], in order. */
  args: readonly A[];
  /** Phantom: the script's reply type. */
  readonly reply?: R;
}

/** Declare a script: `script<Reply>()('file.lua', ['key names'], ['arg names'])`. */
export function script<R>() {
  return <const K extends string, const A extends string>(file: string, keys: readonly K[], args: readonly A[]): ScriptSpec<K, A, R> => ({ file, keys, args });
}

export type ScriptFunction<S> = S extends ScriptSpec<infer K, infer A, infer R> ? (keys: Record<K, string>, args: Record<A, string | number>) => Promise<R> : never;

export type ScriptFunctions<T> = { [N in keyof T]: ScriptFunction<T[N]> };

const sources = new Map<string, string>();

function source(path: string): string {
  let lua = sources.get(path);
  if (lua === undefined) {
    lua = readFileSync(path, 'utf8');
    sources.set(path, lua);
  }
  return lua;
}

/**
 * Define `specs` on `redis` (once per connection: a command already defined is reused) and return one typed
 * function per script. `namespace` keeps command names apart from ioredis's own and from other modules' scripts;
 * `dir` is the folder holding the `.lua` files (pass `join(__dirname, 'scripts')`).
 */
export function defineScripts<T extends Record<string, ScriptSpec<string, string, unknown>>>(redis: Redis, namespace: string, dir: string, specs: T): ScriptFunctions<T> {
  const functions: Record<string, unknown> = {};
  const client = redis as unknown as Record<string, unknown>;
  for (const [name, spec] of Object.entries(specs)) {
    const command = `${namespace}_${name}`;
    if (typeof client[command] !== 'function') {
      redis.defineCommand(command, { numberOfKeys: spec.keys.length, lua: source(join(dir, spec.file)) });
    }
    functions[name] = (keys: Record<string, string>, args: Record<string, string | number>) => {
      const values = [...spec.keys.map((k) => required(keys, k, command)), ...spec.args.map((a) => String(required(args, a, command)))];
      return (client[command] as (...values: string[]) => Promise<unknown>).apply(redis, values);
    };
  }
  return functions as ScriptFunctions<T>;
}

function required<V>(values: Record<string, V>, name: string, command: string): V {
  const value = values[name];
  if (value === undefined) throw new TypeError(`Redis script ${command}: missing ${name}`);
  return value;
}

/**
 * A hash tag that puts a key in the same Redis Cluster slot as `key`: Cluster hashes the part between the first
 * `{` and the next `}` when that part is not empty, and otherwise the whole key. So `{tag}` inside another key
 * name (before any other `{`) lands it next to `key`.
 */
export function sameSlotTag(key: string): string {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return `{${key.slice(open + 1, close)}}`;
  }
  return `{${key}}`;
}
