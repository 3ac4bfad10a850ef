/**
 * Build once: installing builds ("prepare"), and start/admin/eval/bench run the compiled dist/ without
 * rebuilding. When dist/ is missing or older than the sources they say so and how to fix it, instead of a stack
 * trace; a production install without TypeScript keeps an existing dist/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

/** A project-shaped directory with our build scripts and no node_modules (so no TypeScript). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-once-'));
  cpSync(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'core', 'scripts'), { recursive: true });
  writeFileSync(join(dir, 'core', 'answer.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'core', 'scripts', 'lock.lua'), 'return 1\n');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'start.ts'), 'console.log("hi");\n');
  return dir;
}

function compileInto(dir: string): void {
  mkdirSync(join(dir, 'dist', 'core', 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'core', 'answer.js'), 'exports.a = 1;\n');
  writeFileSync(join(dir, 'dist', 'core', 'scripts', 'lock.lua'), 'return 1\n');
  writeFileSync(join(dir, 'dist', 'bin', 'start.js'), 'console.log("hi");\n');
}

function run(dir: string, script: string) {
  return spawnSync(process.execPath, [join(dir, 'scripts', script)], { cwd: dir, encoding: 'utf8' });
}

describe('npm scripts', () => {
  test('install builds; start, admin, eval and bench run dist/ after a staleness check, never compiling', () => {
    expect(scripts.prepare).toBe('node scripts/build.js');
    expect(scripts.build).toBe('node scripts/build.js');
    for (const name of ['start', 'admin', 'eval', 'bench']) {
      expect(scripts[name]).toMatch(/^node scripts\/check-build\.js && node (--expose-gc )?dist\/bin\/\w+\.js$/);
    }
    expect(scripts.dev).toContain('scripts/dev.js');
  });

  test('the build copies the .lua Redis scripts beside the compiled modules', () => {
    const dir = project();
    try {
      const { copyLua } = require(join(dir, 'scripts', 'build-info.js'));
      expect(copyLua(dir)).toBe(1);
      expect(readFileSync(join(dir, 'dist', 'core', 'scripts', 'lock.lua'), 'utf8')).toBe('return 1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a missing or stale dist/', () => {
  test('missing: says so and names npm run build, without a stack trace', () => {
    const dir = project();
    try {
      const result = run(dir, 'check-build.js');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/dist\/bin\/start\.js is missing/);
      expect(result.stderr).toMatch(/Run: npm run build/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fresh: passes; a source changed after the build: names the file', () => {
    const dir = project();
    try {
      compileInto(dir);
      expect(run(dir, 'check-build.js').status).toBe(0);
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dir, 'core', 'answer.ts'), later, later);
      const stale = run(dir, 'check-build.js');
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('dist/ is older than the sources (core/answer.ts changed since the last build)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a tree without sources (the container\'s runtime stage) is never stale', () => {
    const dir = project();
    try {
      compileInto(dir);
      rmSync(join(dir, 'core'), { recursive: true });
      rmSync(join(dir, 'bin'), { recursive: true });
      expect(run(dir, 'check-build.js').status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prepare in a production install (npm ci --omit=dev: no TypeScript)', () => {
  test('keeps a built dist/ and says so', () => {
    const dir = project();
    try {
      compileInto(dir);
      const result = run(dir, 'build.js');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/TypeScript is not installed .*using the compiled dist\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a dist/ it fails, saying where to build', () => {
    const dir = project();
    try {
      const result = run(dir, 'build.js');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/dist\/ is missing and TypeScript is not installed .*npm ci && npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
