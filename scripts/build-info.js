/**
 * What `dist/` is built from, shared by build.js, check-build.js and dev.js (plain Node: no TypeScript needed,
 * so a production install that omits dev dependencies can still run them).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** Folders compiled into dist/ (tsconfig's "include", without the tests). */
const SOURCE_DIRS = ['core', 'server', 'adapters', 'handoff', 'admin', 'bin', 'bench', 'fakes'];
/** Folders whose .lua scripts the runtime loads from beside the compiled modules. */
const LUA_DIRS = ['core', 'handoff', 'admin'];
/** Written at the end of every `npm run build`. */
const STAMP = path.join(DIST, '.built');

function walk(dir, keep, found = []) {
  let names;
  try {
    names = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of names) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, keep, found);
    else if (keep(entry.name)) found.push(full);
  }
  return found;
}

/** Every source file with the dist file it becomes. */
function sources(root = ROOT) {
  const pairs = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(path.join(root, dir), (n) => (n.endsWith('.ts') && !n.endsWith('.d.ts')) || n.endsWith('.lua'))) {
      const rel = path.relative(root, file);
      pairs.push({ source: file, rel, output: path.join(root, 'dist', rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel) });
    }
  }
  return pairs;
}

function copyLua(root = ROOT, outDir = path.join(root, 'dist')) {
  let copied = 0;
  for (const dir of LUA_DIRS) {
    for (const file of walk(path.join(root, dir), (n) => n.endsWith('.lua'))) {
      const target = path.join(outDir, path.relative(root, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(file, target);
      copied++;
    }
  }
  return copied;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Why dist/ cannot be run as it is, or undefined when it can. A tree without sources (the container's runtime
 * stage) is never stale.
 */
function staleness(root = ROOT, entry = 'bin/start.js') {
  if (mtime(path.join(root, 'dist', entry)) === undefined) return `dist/${entry} is missing: the TypeScript has not been compiled.`;
  const stamp = mtime(path.join(root, 'dist', '.built')) ?? 0;
  for (const { source, rel, output } of sources(root)) {
    const built = Math.max(stamp, mtime(output) ?? 0);
    if ((mtime(source) ?? 0) > built + 1) return `dist/ is older than the sources (${rel} changed since the last build).`;
  }
  return undefined;
}

module.exports = { ROOT, DIST, STAMP, SOURCE_DIRS, LUA_DIRS, sources, copyLua, staleness };
