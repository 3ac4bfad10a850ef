#!/usr/bin/env node
/**
 * npm run build (also run by `npm install` / `npm ci` through "prepare"): compile the TypeScript into dist/ and
 * copy the .lua Redis scripts beside the compiled modules. Incremental, so a rebuild with few changes is quick.
 *
 * A production install (`npm ci --omit=dev`) has no TypeScript: then an existing dist/ is kept as it is.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, DIST, STAMP, copyLua, sources } = require('./build-info');

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
} catch {
  if (fs.existsSync(path.join(DIST, 'bin', 'start.js'))) {
    console.log('TypeScript is not installed (a production install): using the compiled dist/ as it is.');
    process.exit(0);
  }
  console.error('dist/ is missing and TypeScript is not installed (npm ci --omit=dev?). Build where dev dependencies are installed: npm ci && npm run build.');
  process.exit(1);
}

// Incremental builds trust dist/.tsbuildinfo; when an output was deleted by hand, compile everything again.
const info = path.join(DIST, '.tsbuildinfo');
if (fs.existsSync(info) && sources(ROOT).some(({ output }) => !fs.existsSync(output))) fs.rmSync(info);

const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join(DIST, '.tsbuildinfo')], {
  cwd: ROOT,
  stdio: 'inherit',
});
copyLua(ROOT);
if (result.status !== 0) process.exit(result.status ?? 1);
fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
