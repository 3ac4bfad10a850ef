/**
 * The project's shape, checked: imports run one way (see ARCHITECTURE.md), no file imports itself back through
 * others, modules stay small, the core stays free of platform SDKs, queues and the OpenAI client, and atomic
 * Redis steps live in named `.lua` scripts instead of inline strings.
 *
 * Reads the source as text (import/export ... from '...'), so it needs no Redis and runs in milliseconds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/**
 * Which top-level folder may import which. A folder not listed may import nothing of ours.
 * core ← handoff ← {adapters, admin} ← bin; server (the one HTTP server) and fakes are leaves both sides use.
 */
const MAY_IMPORT: Record<string, string[]> = {
  core: ['core'],
  server: ['server', 'core'],
  handoff: ['handoff', 'core'],
  adapters: ['adapters', 'handoff', 'server', 'core'],
  admin: ['admin', 'handoff', 'server', 'core'],
  fakes: ['fakes'],
  bin: ['bin', 'bench', 'adapters', 'admin', 'handoff', 'server', 'core', 'fakes'],
  bench: ['bench', 'adapters', 'admin', 'handoff', 'server', 'core', 'fakes'],
  test: ['test', 'bench', 'bin', 'adapters', 'admin', 'handoff', 'server', 'core', 'fakes'],
};

/** Packages the platform-free core must never import. */
const FORBIDDEN_IN_CORE = [/^@slack\//, /^botbuilder/, /^botframework/, /^discord\.js$/, /^grammy/, /^bullmq$/, /^openai$/];

const SMALL_MODULE_FOLDERS = ['core', 'adapters', 'handoff', 'admin', 'server'];
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const folders = Object.keys(MAY_IMPORT).filter((folder) => {
  try {
    return statSync(join(ROOT, folder)).isDirectory();
  } catch {
    return false;
  }
});
const files = folders.flatMap((folder) => sourceFiles(join(ROOT, folder)));

function topFolder(path: string): string {
  return relative(ROOT, path).split('/')[0];
}

function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = readFileSync(file, 'utf8');
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) {
    const specifier = match[3] ?? match[4] ?? match[5];
    found.push({ specifier, typeOnly: Boolean(match[2]) });
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* try the next form */
    }
  }
  return `${base}.ts`;
}

describe('architecture', () => {
  test('imports run one way between top-level folders', () => {
    const backwards: string[] = [];
    for (const file of files) {
      const from = topFolder(file);
      for (const { specifier } of importsOf(file)) {
        const target = resolveLocal(file, specifier);
        if (!target) continue;
        const to = topFolder(target);
        if (!MAY_IMPORT[from]?.includes(to)) backwards.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
      }
    }
    expect(backwards).toEqual([]);
  });

  test('no import cycles between modules (type-only imports included)', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      if (topFolder(file) === 'test') continue;
      graph.set(
        file,
        importsOf(file)
          .map(({ specifier }) => resolveLocal(file, specifier))
          .filter((target): target is string => Boolean(target)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'visiting');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'visiting') {
          cycles.push(stack.slice(stack.indexOf(next)).concat(next).map((f) => relative(ROOT, f)).join(' → '));
        } else if (!state.has(next) && graph.has(next)) {
          visit(next);
        }
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  test(`no module in ${SMALL_MODULE_FOLDERS.join(', ')} is over ${MAX_LINES} lines`, () => {
    const large = files
      .filter((file) => SMALL_MODULE_FOLDERS.includes(topFolder(file)))
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(large).toEqual([]);
  });

  test('the core imports no platform SDK, queue or OpenAI client', () => {
    const offending = files
      .filter((file) => topFolder(file) === 'core')
      .flatMap((file) => importsOf(file).map(({ specifier }) => ({ file: relative(ROOT, file), specifier })))
      .filter(({ specifier }) => FORBIDDEN_IN_CORE.some((pattern) => pattern.test(specifier)));
    expect(offending).toEqual([]);
  });

  test('atomic Redis steps are named .lua scripts, never inline eval strings', () => {
    const lua = folders.flatMap((folder) => {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : name.endsWith('.lua') ? [path] : [];
        });
      return walk(join(ROOT, folder));
    });
    expect(lua.length).toBeGreaterThanOrEqual(5);
    for (const script of lua) {
      // Each script says what it takes and returns, as BullMQ's commands do.
      expect({ script: relative(ROOT, script), header: /Input:[\s\S]*Output:/.test(readFileSync(script, 'utf8')) }).toEqual({ script: relative(ROOT, script), header: true });
    }
    const inline = files
      .filter((file) => topFolder(file) !== 'test')
      .filter((file) => /\.eval(sha)?\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(inline).toEqual([]);
  });
});
