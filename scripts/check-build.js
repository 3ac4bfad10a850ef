#!/usr/bin/env node
/**
 * Run before `npm start`, `npm run admin`, `eval` and `bench`: they run the compiled dist/ without rebuilding,
 * so say clearly when dist/ is missing or older than the sources instead of failing with a stack trace.
 * Usage: node scripts/check-build.js [ROOT]
 */
'use strict';
const path = require('node:path');
const { staleness } = require('./build-info');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const why = staleness(root);
if (why) {
  console.error(`${why}\nRun: npm run build   (or npm run dev while you change the code)`);
  process.exit(1);
}
