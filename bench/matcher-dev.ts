/**
 * Matcher dev loop: eval figures on the BANKING77 set and match()/train() timings at 77 and ~1,000 entries.
 * Usage: npx tsc -p tsconfig.json && node dist/bench/matcher-dev.js ['{"maxWrongRate":0.04}']
 * (EVAL_DIR overrides the eval folder; the optional argument is a JSON Partial<MatcherOptions>.)
 */
import { readFileSync } from 'node:fs';
import { Matcher, type MatcherOptions } from '../core/matcher';
import type { KnowledgeEntry } from '../core/knowledge-base';

const dir = process.env.EVAL_DIR ?? '/work/shared/eval';
const kb: KnowledgeEntry[] = JSON.parse(readFileSync(`${dir}/banking77-faq-10.json`, 'utf8')).map((e: KnowledgeEntry) => ({ ...e, examples: e.examples ?? [], handoff: false, answers: {} }));
const cases: { text: string; expect: string }[] = readFileSync(`${dir}/banking77-cases.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const opts: Partial<MatcherOptions> = JSON.parse(process.argv[2] ?? '{}');
const t0 = performance.now();
const m = Matcher.train(kb, opts);
const trainMs = performance.now() - t0;
const scored: { c: number; ok: boolean }[] = [];
let n = 0, r1 = 0, r3 = 0, right = 0, wrong = 0, offered = 0, none = 0, noneConf = 0, noneOut = 0, faqOut = 0;
for (const c of cases) {
  if (c.expect === 'human') continue;
  const r = m.match(c.text);
  if (c.expect === 'none') { none++; if (r.confident) noneConf++; if (!r.inScope) noneOut++; continue; }
  n++;
  const ids = r.candidates.map((x) => x.entryId);
  if (ids[0] === c.expect) r1++;
  if (ids.slice(0, 3).includes(c.expect)) r3++;
  if (!r.inScope) faqOut++;
  if (r.confident) { if (ids[0] === c.expect) right++; else wrong++; }
  scored.push({ c: r.inScope ? r.confidence : -1, ok: ids[0] === c.expect });
  if (r.confident ? ids[0] === c.expect : ids.slice(0, 3).includes(c.expect)) offered++;
}
const f = (x: number) => x.toFixed(3);
scored.sort((a, b) => b.c - a.c);
let best = 0, w = 0, k = 0;
for (const s of scored) { k++; if (!s.ok) w++; if (w <= 0.03 * n) best = Math.max(best, k - w); }
console.log(`right at wrong <= 3% (best threshold, whole set): ${f(best / n)}`);
console.log(`train ${trainMs.toFixed(0)}ms`);
console.log(`top1 ${f(r1 / n)} top3 ${f(r3 / n)} | right ${f(right / n)} wrong ${f(wrong / n)} offered ${f(offered / n)} | none conf ${f(noneConf / none)} noneOut ${f(noneOut / none)} faqOut ${f(faqOut / n)}`);

// Scale check: the 77 entries replicated 13x (ids suffixed, examples lightly varied).
const big: KnowledgeEntry[] = [];
for (let r = 0; r < 13; r++) for (const e of kb) big.push({ ...e, id: `${e.id}-${r}`, examples: e.examples.map((x, i) => (i % 13 === r ? `${x} please` : r % 2 ? x.toLowerCase() : `${x} ${r}`)) });
for (const [name, entries] of [['77', kb], ['1000', big]] as const) {
  const t1 = performance.now();
  const mm = Matcher.train(entries as KnowledgeEntry[], opts);
  const tt = performance.now() - t1;
  const times: number[] = [];
  for (let rep = 0; rep < 2; rep++) for (const c of cases) { const s = performance.now(); mm.match(c.text); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  console.log(`${name} entries: train ${tt.toFixed(0)}ms p50 ${times[times.length >> 1].toFixed(3)}ms p99 ${times[Math.floor(times.length * 0.99)].toFixed(3)}ms heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)}MB`);
}
