/**
 * Matcher development loop on the knowledge base's own examples (no eval cases): each entry's examples are
 * split into folds; the matcher is trained on the rest and scored on the held-out ones. Reports top-1/top-3,
 * the calibrated right/wrong, and "right at wrong <= 3%" with the best threshold (ranking + confidence quality).
 * SEEDS=1,2,3 shuffles each entry's examples per seed (0: file order) for paired before/after comparisons.
 * TYPOS=0.3 gives each held-out word of 5+ letters that chance of one typo (a letter dropped, doubled, swapped
 * with its neighbour or replaced by a keyboard neighbour), to measure robustness to misspellings.
 * Usage: npm run build && node dist/bench/matcher-cv.js ['{"maxWrongRate":0.04}'] [folds=5] [foldsRun=folds] [kb...]
 * kb: `banking` (EVAL_DIR/banking77-faq-10.json), `demo` (kb/demo-shop.yaml) or a KB file; default both.
 */
import { readFileSync } from 'node:fs';
import { Matcher, type MatcherOptions } from '../core/matcher';
import { loadKnowledgeBaseFile, type KnowledgeEntry } from '../core/knowledge-base';

const dir = process.env.EVAL_DIR ?? '/work/shared/eval';
const opts: Partial<MatcherOptions> = JSON.parse(process.argv[2] ?? '{}');
const folds = Number(process.argv[3] ?? 5);
const run = Number(process.argv[4] ?? folds);
const kbs = process.argv.slice(5).length ? process.argv.slice(5) : ['banking', 'demo'];

function load(name: string): KnowledgeEntry[] {
  if (name === 'banking') {
    return JSON.parse(readFileSync(`${dir}/banking77-faq-10.json`, 'utf8')).map((e: KnowledgeEntry) => ({ ...e, examples: e.examples ?? [], handoff: false, answers: {} }));
  }
  return loadKnowledgeBaseFile(name === 'demo' ? 'kb/demo-shop.yaml' : name).entries;
}

/** Shuffles each entry's examples with `seed` (0: file order), so several fold assignments can be averaged. */
function shuffled(kb: KnowledgeEntry[], seed: number): KnowledgeEntry[] {
  if (!seed) return kb;
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  return kb.map((e) => {
    const x = [...e.examples];
    for (let i = x.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [x[i], x[j]] = [x[j], x[i]];
    }
    return { ...e, examples: x };
  });
}
const seeds = (process.env.SEEDS ?? '0').split(',').map(Number);
const typoShare = Number(process.env.TYPOS ?? 0);

const NEIGHBOURS: Record<string, string> = { a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n', n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x' };

/** One typo in some of the text's longer words, deterministic per (text, salt). */
function withTypos(text: string, share: number, salt: number): string {
  let s = salt * 7919 + text.length;
  const random = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  return text.replace(/[a-z]{5,}/gi, (word) => {
    if (random() >= share) return word;
    const i = 1 + Math.floor(random() * (word.length - 2));
    const kind = Math.floor(random() * 4);
    if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
    if (kind === 1) return word.slice(0, i) + word[i] + word.slice(i);
    if (kind === 2) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    const near = NEIGHBOURS[word[i].toLowerCase()] ?? word[i];
    return word.slice(0, i) + near[Math.floor(random() * near.length)] + word.slice(i + 1);
  });
}

for (const name of kbs) for (const seed of seeds) {
  const kb = shuffled(load(name), seed);
  let n = 0, r1 = 0, r3 = 0, r4 = 0, right = 0, wrong = 0, out = 0;
  const scored: { c: number; ok: boolean }[] = [];
  let trainMs = 0;
  for (let f = 0; f < run; f++) {
    const train = kb.map((e) => ({ ...e, examples: e.examples.filter((_, i) => i % folds !== f) }));
    const t0 = performance.now();
    const m = Matcher.train(train, opts);
    trainMs += performance.now() - t0;
    kb.forEach((e) => e.examples.forEach((text, i) => {
      if (i % folds !== f) return;
      const r = m.match(typoShare ? withTypos(text, typoShare, n) : text);
      const ids = r.candidates.map((c) => c.entryId);
      n++;
      if (ids[0] === e.id) r1++;
      if (ids.slice(0, 3).includes(e.id)) r3++;
      if (ids.slice(0, 4).includes(e.id)) r4++;
      if (!r.inScope) out++;
      if (r.confident) ids[0] === e.id ? right++ : wrong++;
      scored.push({ c: r.inScope ? r.confidence : -1, ok: ids[0] === e.id });
    }));
  }
  scored.sort((a, b) => b.c - a.c);
  let best = 0, w = 0, k = 0;
  for (const s of scored) { k++; if (!s.ok) w++; if (w <= 0.03 * n) best = Math.max(best, k - w); }
  const f = (x: number) => (100 * x).toFixed(1);
  console.log(`${name.padEnd(8)} seed ${seed} cv n=${n} train ${(trainMs / run).toFixed(0)}ms | top1 ${f(r1 / n)} top3 ${f(r3 / n)} top4 ${f(r4 / n)} | right ${f(right / n)} wrong ${f(wrong / n)} | right@3% ${f(best / n)} | out ${f(out / n)}`);
}
