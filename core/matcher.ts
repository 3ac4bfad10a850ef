import type { KnowledgeEntry } from './knowledge-base';
import { STOPWORDS, charNgrams, stem, tokens } from './text';

export interface MatchCandidate {
  entryId: string;
  score: number;
}
export interface MatchResult {
  candidates: MatchCandidate[];
  confidence: number;
  confident: boolean;
  inScope: boolean;
}

export interface MatcherOptions {
  wordWeight: number;
  bigramWeight: number;
  charWeight: number;
  stopwordWeight: number;
  centroidWeight: number;
  knnWeight: number;
  knn2Weight: number;
  maxWrongRate: number;
  scopeQuantile: number;
  maxUnknownShare: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  wordWeight: 1,
  bigramWeight: 0.5,
  charWeight: 1,
  stopwordWeight: 0.3,
  centroidWeight: 1,
  knnWeight: 0.5,
  knn2Weight: 0.5,
  maxWrongRate: 0.03,
  scopeQuantile: 0.02,
  maxUnknownShare: 0.5,
};

interface SparseVector {
  ids: Int32Array;
  values: Float32Array;
}

interface Posting {
  docs: Int32Array;
  weights: Float32Array;
}

type Features = Map<string, number>;

interface Query {
  features: Features;
  /** stems of content words */
  content: string[];
}

function analyse(text: string): Query {
  const words = tokens(text);
  const stems = words.map(stem);
  const features: Features = new Map();
  const add = (key: string) => features.set(key, (features.get(key) ?? 0) + 1);
  for (const s of stems) add('w:' + s);
  for (let i = 0; i + 1 < stems.length; i++) add('b:' + stems[i] + '_' + stems[i + 1]);
  for (const g of charNgrams(words, 3, 5)) add('c:' + g);
  return { features, content: stems.filter((s, i) => !STOPWORDS.has(words[i])) };
}

interface Evidence {
  scores: Float32Array;
  maxSim: number;
  unknownShare: number;
}

const FEATURES = 5;

export class Matcher {
  private readonly vocab = new Map<string, number>();
  private idf: Float32Array = new Float32Array(0);
  private unseenIdf = 1;
  private entryIds: string[] = [];
  private exampleClass: Int32Array = new Int32Array(0);
  private exampleIndex: Posting[] = [];
  private centroidIndex: Posting[] = [];
  private stemDf = new Map<string, number>();
  private temperature = 0.1;
  private calibration = new Float64Array(FEATURES + 1);
  private threshold = 1;
  private scopeFloor = 0;

  private constructor(readonly options: MatcherOptions) {}

  static train(entries: KnowledgeEntry[], options: Partial<MatcherOptions> = {}): Matcher {
    const m = new Matcher({ ...DEFAULT_MATCHER_OPTIONS, ...options });
    m.fit(entries);
    return m;
  }

  private blockWeight(key: string): number {
    const o = this.options;
    if (key.startsWith('w:')) return o.wordWeight * (STOPWORDS.has(key.slice(2)) ? o.stopwordWeight : 1);
    if (key.startsWith('b:')) return o.bigramWeight;
    return o.charWeight;
  }

  private vectorize(features: Features): SparseVector {
    const pairs: [number, number][] = [];
    let norm = 0;
    for (const [key, tf] of features) {
      const id = this.vocab.get(key);
      const v = (1 + Math.log(tf)) * (id === undefined ? this.unseenIdf : this.idf[id]) * this.blockWeight(key);
      norm += v * v;
      if (id !== undefined) pairs.push([id, v]);
    }
    pairs.sort((x, y) => x[0] - y[0]);
    norm = Math.sqrt(norm) || 1;
    return { ids: Int32Array.from(pairs, (p) => p[0]), values: Float32Array.from(pairs, (p) => p[1] / norm) };
  }

  private fit(entries: KnowledgeEntry[]): void {
    this.entryIds = entries.map((e) => e.id);
    const docs: { cls: number; query: Query; heldOut: boolean }[] = [];
    entries.forEach((e, cls) => {
      docs.push({ cls, query: analyse(e.question), heldOut: false });
      for (const ex of e.examples) docs.push({ cls, query: analyse(ex), heldOut: true });
    });
    const df = new Map<string, number>();
    for (const d of docs) {
      for (const k of d.query.features.keys()) df.set(k, (df.get(k) ?? 0) + 1);
      for (const s of new Set(d.query.content)) this.stemDf.set(s, (this.stemDf.get(s) ?? 0) + 1);
    }
    const idf: number[] = [];
    for (const [k, n] of df) {
      this.vocab.set(k, idf.length);
      idf.push(Math.log((1 + docs.length) / (1 + n)) + 1);
    }
    this.idf = Float32Array.from(idf);
    this.unseenIdf = Math.log(1 + docs.length) + 1;
    const vectors = docs.map((d) => this.vectorize(d.query.features));
    this.exampleClass = Int32Array.from(docs, (d) => d.cls);

    const C = entries.length;
    const sums: Map<number, number>[] = Array.from({ length: C }, () => new Map());
    vectors.forEach((v, i) => {
      const s = sums[docs[i].cls];
      for (let j = 0; j < v.ids.length; j++) s.set(v.ids[j], (s.get(v.ids[j]) ?? 0) + v.values[j]);
    });
    const sumNorms = sums.map((s) => Math.sqrt([...s.values()].reduce((a, x) => a + x * x, 0)) || 1);
    this.centroidIndex = buildIndex(
      this.vocab.size,
      sums.map((s, c) => ({ ids: Int32Array.from(s.keys()), values: Float32Array.from(s.values(), (x) => x / sumNorms[c]) })),
    );
    this.exampleIndex = buildIndex(this.vocab.size, vectors);

    // leave-one-out
    const loo: { ev: Evidence; cls: number }[] = [];
    vectors.forEach((v, i) => {
      if (!docs[i].heldOut) return;
      const cls = docs[i].cls;
      const cent = this.centroidScores(v);
      const dotSum = cent[cls] * sumNorms[cls];
      const n2 = sumNorms[cls] ** 2 - 2 * dotSum + 1;
      cent[cls] = n2 > 1e-6 ? (dotSum - 1) / Math.sqrt(n2) : 0;
      const content = docs[i].query.content;
      const unknown = content.filter((s) => (this.stemDf.get(s) ?? 0) <= 1).length;
      loo.push({ ev: this.evidence(v, cent, i, content.length ? unknown / content.length : 0), cls });
    });
    this.calibrate(loo);
  }

  private calibrate(loo: { ev: Evidence; cls: number }[]): void {
    // temperature by max likelihood
    let best = -Infinity;
    for (let t = 0.01; t <= 0.5; t *= 1.15) {
      let ll = 0;
      for (const { ev, cls } of loo) ll += Math.log(softmax(ev.scores, t)[cls] + 1e-12);
      if (ll > best) {
        best = ll;
        this.temperature = t;
      }
    }
    const rows = loo.map(({ ev, cls }) => {
      const top = topK(ev.scores, 2);
      return { x: this.confidenceFeatures(ev, top), y: top[0] === cls ? 1 : 0 };
    });
    fitLogistic(rows, this.calibration);
    const scored = rows.map((r) => ({ p: sigmoidDot(this.calibration, r.x), y: r.y })).sort((a, b) => b.p - a.p);
    let wrong = 0;
    this.threshold = 1;
    for (const r of scored) {
      if (r.y === 0) wrong++;
      if (wrong > this.options.maxWrongRate * scored.length) break;
      this.threshold = r.p;
    }
    const sims = loo.map((l) => l.ev.maxSim).sort((a, b) => a - b);
    this.scopeFloor = sims[Math.floor(this.options.scopeQuantile * sims.length)] ?? 0;
    (this as any).dev = { T: this.temperature, thr: this.threshold, floor: this.scopeFloor, cal: [...this.calibration], acc: rows.reduce((a, r) => a + r.y, 0) / rows.length };
  }

  private confidenceFeatures(ev: Evidence, top: number[]): number[] {
    const p = softmax(ev.scores, this.temperature);
    const s1 = ev.scores[top[0]] ?? 0;
    const s2 = ev.scores[top[1]] ?? 0;
    return [p[top[0]], p[top[0]] - (p[top[1]] ?? 0), s1 - s2, ev.maxSim, ev.unknownShare];
  }

  private centroidScores(v: SparseVector): Float32Array {
    const out = new Float32Array(this.entryIds.length);
    accumulate(this.centroidIndex, v, out);
    return out;
  }

  private evidence(v: SparseVector, cent: Float32Array, exclude: number, unknownShare: number): Evidence {
    const o = this.options;
    const sims = new Float32Array(this.exampleClass.length);
    accumulate(this.exampleIndex, v, sims);
    if (exclude >= 0) sims[exclude] = 0;
    const C = this.entryIds.length;
    const top1 = new Float32Array(C);
    const top2 = new Float32Array(C);
    let maxSim = 0;
    for (let i = 0; i < sims.length; i++) {
      const s = sims[i];
      if (s <= 0) continue;
      const c = this.exampleClass[i];
      if (s > top1[c]) {
        top2[c] = top1[c];
        top1[c] = s;
      } else if (s > top2[c]) top2[c] = s;
      if (s > maxSim) maxSim = s;
    }
    const scores = new Float32Array(C);
    for (let c = 0; c < C; c++) scores[c] = o.centroidWeight * cent[c] + o.knnWeight * top1[c] + o.knn2Weight * top2[c];
    return { scores, maxSim, unknownShare };
  }

  match(text: string): MatchResult {
    const q = analyse(text);
    const v = this.vectorize(q.features);
    const unknown = q.content.filter((s) => !this.stemDf.has(s)).length;
    const unknownShare = q.content.length ? unknown / q.content.length : 0;
    const ev = this.evidence(v, this.centroidScores(v), -1, unknownShare);
    const order = topK(ev.scores, 5);
    const p = softmax(ev.scores, this.temperature);
    const confidence = sigmoidDot(this.calibration, this.confidenceFeatures(ev, order));
    const inScope = ev.maxSim >= this.scopeFloor && unknownShare <= this.options.maxUnknownShare;
    return {
      candidates: order.map((c) => ({ entryId: this.entryIds[c], score: p[c] })),
      confidence,
      confident: inScope && confidence >= this.threshold,
      inScope,
    };
  }
}

function softmax(scores: Float32Array, t: number): Float32Array {
  let max = -Infinity;
  for (const x of scores) if (x > max) max = x;
  const out = new Float32Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += out[i] = Math.exp((scores[i] - max) / t);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

function sigmoidDot(w: Float64Array, x: number[]): number {
  let z = w[x.length];
  for (let i = 0; i < x.length; i++) z += w[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}

function fitLogistic(rows: { x: number[]; y: number }[], w: Float64Array): void {
  const d = w.length - 1;
  const mean = new Array(d).fill(0);
  w.fill(0);
  for (let it = 0; it < 2000; it++) {
    const g = new Float64Array(d + 1);
    for (const r of rows) {
      const e = sigmoidDot(w, r.x) - r.y;
      for (let i = 0; i < d; i++) g[i] += e * r.x[i];
      g[d] += e;
    }
    for (let i = 0; i <= d; i++) w[i] -= (0.5 * g[i]) / rows.length + (i < d ? 1e-4 * w[i] : 0);
  }
  void mean;
}

function buildIndex(vocabSize: number, vectors: SparseVector[]): Posting[] {
  const counts = new Int32Array(vocabSize);
  for (const v of vectors) for (const id of v.ids) counts[id]++;
  const postings: Posting[] = Array.from(counts, (n) => ({ docs: new Int32Array(n), weights: new Float32Array(n) }));
  const fill = new Int32Array(vocabSize);
  vectors.forEach((v, doc) => {
    for (let j = 0; j < v.ids.length; j++) {
      const id = v.ids[j];
      const p = postings[id];
      p.docs[fill[id]] = doc;
      p.weights[fill[id]++] = v.values[j];
    }
  });
  return postings;
}

function accumulate(index: Posting[], v: SparseVector, out: Float32Array): void {
  for (let j = 0; j < v.ids.length; j++) {
    const p = index[v.ids[j]];
    const q = v.values[j];
    for (let k = 0; k < p.docs.length; k++) out[p.docs[k]] += q * p.weights[k];
  }
}

function topK(scores: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (best.length < k || scores[i] > scores[best[best.length - 1]]) {
      let pos = best.length < k ? best.length : k - 1;
      while (pos > 0 && scores[best[pos - 1]] < scores[i]) pos--;
      best.splice(pos, 0, i);
      if (best.length > k) best.pop();
    }
  }
  return best;
}
