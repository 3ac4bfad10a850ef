#!/usr/bin/env node
/**
 * npm run dev: recompile on every change (tsc --watch) and restart the bot when its compiled code changes
 * (node --watch). Arguments after `--` go to bin/start.js. Ctrl-C stops both.
 */
'use strict';
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ROOT, copyLua } = require('./build-info');

const fs = require('node:fs');
const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
// A first build (type errors are shown but do not stop development: tsc still writes the JavaScript).
spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: ROOT, stdio: 'inherit' });
if (!fs.existsSync(path.join(ROOT, 'dist', 'bin', 'start.js'))) process.exit(1);
copyLua(ROOT);
const compiler = spawn(process.execPath, [tsc, '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
const bot = spawn(process.execPath, ['--watch', path.join('dist', 'bin', 'start.js'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  compiler.kill('SIGTERM');
  bot.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
compiler.on('exit', (code) => stop(code ?? 0));
bot.on('exit', (code) => stop(code ?? 0));
