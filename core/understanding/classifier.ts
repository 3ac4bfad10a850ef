/**
 * A small text classifier: multinomial logistic regression over hashed word, word-pair and character
 * 3-4-gram features (character n-grams across word boundaries, so "agnet", "talkk" and "tosomebody" still
 * share most of their n-grams with "agent", "talk" and "to somebody"; CJK text gets 1-2-grams since it has
 * no spaces). Trained in memory with AdaGrad in a fraction of a second; no files, no network.
 *
 * Features are identified by their full 32-bit hash and given a weight row only when training saw them; a
 * feature training never saw is ignored. (Folding hashes into a fixed table let one unseen feature in nine
 * land on some trained feature's weights: "the payment bounced" read as hardship through a bucket it shared
 * with a hardship phrase.)
 *
 * Explainable: `explain` names the features that pushed a message into its class.
 */
import { normalize } from '../text';

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

export interface Features {
  /** The feature names, for `explain` only (`featuresOf(text, true)`); empty otherwise. */
  keys: string[];
  /** Each feature's 32-bit hash (as a signed integer). */
  hashes: Int32Array;
  values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** FNV-1a state after the character n-gram prefix "c:". */
const CHAR_PREFIX_STATE = fnvStep(fnvStep(FNV_OFFSET, 'c'.charCodeAt(0)), ':'.charCodeAt(0));

function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/**
 * The features of a text: each kind (words and pairs, character n-grams) L2-normalised on its own. Character
 * n-grams are hashed straight from the text (no string per n-gram: this runs on every message, twice per turn
 * at most, and the strings were most of its cost); a feature counts once per text, as a set.
 */
export function featuresOf(text: string, withKeys = false): Features {
  const folded = normalize(text);
  const words = folded ? folded.split(' ') : [];
  const wordKeys = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    wordKeys.add('w:' + words[i]);
    if (i + 1 < words.length) wordKeys.add('b:' + words[i] + ' ' + words[i + 1]);
  }
  const hashes: number[] = [];
  const keys: string[] = [];
  for (const key of wordKeys) {
    hashes.push(hash(key));
    if (withKeys) keys.push(key);
  }
  const seen = new Set<number>();
  const padded = ` ${folded} `;
  const cjk = CJK.test(folded);
  const [min, max] = cjk ? [1, 3] : [3, 4];
  for (let i = 0; i + min <= padded.length; i++) {
    let h = CHAR_PREFIX_STATE;
    let blank = true;
    for (let n = 1; n <= max && i + n <= padded.length; n++) {
      const code = padded.charCodeAt(i + n - 1);
      if (code !== 32) blank = false;
      h = fnvStep(h, code);
      if (n < min || blank) continue;
      const id = h | 0;
      if (seen.has(id)) continue;
      seen.add(id);
      hashes.push(id);
      if (withKeys) keys.push('c:' + padded.slice(i, i + n));
    }
  }
  const chars = seen.size;
  const wordValue = wordKeys.size ? 1 / Math.sqrt(2 * wordKeys.size) : 0;
  const charValue = chars ? 1 / Math.sqrt((wordKeys.size ? 2 : 1) * chars) : 0;
  const values = new Float32Array(hashes.length);
  for (let j = 0; j < values.length; j++) values[j] = j < wordKeys.size ? wordValue : charValue;
  return { keys, hashes: Int32Array.from(hashes), values };
}

/** FNV-1a, as a signed 32-bit integer. */
function hash(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = fnvStep(h, key.charCodeAt(i));
  return h | 0;
}

export interface Prediction {
  label: string;
  probability: number;
  /** Probability of every label, in `labels` order. */
  probabilities: Float64Array;
}

export class TextClassifier {
  /** Feature hash -> its row in `weights` (rows of `labels.length`). */
  private vocabulary = new FeatureRows();
  private weights = new Float32Array(0);
  private readonly bias: Float64Array;
  /** AdaGrad's running sums, kept so that a copy can go on learning (fine-tuning) at the same pace. */
  private gradients = new Float32Array(0);
  private biasGradients: Float64Array;

  private constructor(readonly labels: readonly string[]) {
    this.bias = new Float64Array(labels.length);
    this.biasGradients = new Float64Array(labels.length);
  }

  /** Train on labelled texts; classes are weighted so that a large class does not drown a small one. */
  static train(examples: { text: string; label: string }[], options: { epochs?: number; seed?: number } = {}): TextClassifier {
    const model = new TextClassifier([...new Set(examples.map((e) => e.label))].sort());
    model.fit(examples, options.epochs ?? 6, options.seed ?? 7);
    return model;
  }

  /**
   * A copy that has also learned `extra` (e.g. a knowledge base's own questions as "other"), trained on it
   * together with `replay` (the original set) so that it does not forget. Labels must be known ones.
   */
  fineTuned(extra: { text: string; label: string }[], replay: { text: string; label: string }[], epochs = 2): TextClassifier {
    const copy = new TextClassifier(this.labels);
    copy.vocabulary = this.vocabulary.copy();
    copy.weights = this.weights;
    copy.gradients = this.gradients;
    copy.bias.set(this.bias);
    copy.biasGradients.set(this.biasGradients);
    copy.fit([...replay, ...extra.filter((e) => this.labels.includes(e.label))], epochs, 11);
    // The copy is final: drop its running sums (as much memory again as its weights).
    copy.gradients = new Float32Array(0);
    copy.biasGradients = new Float64Array(0);
    return copy;
  }

  /** Rows of `f`'s features (-1: never seen in training). */
  private rowsOf(f: Features): Int32Array {
    const rows = new Int32Array(f.hashes.length);
    for (let j = 0; j < rows.length; j++) rows[j] = this.vocabulary.get(f.hashes[j]);
    return rows;
  }

  /** Give every feature of `features` a weight row, in new arrays (the ones before may be shared with the model this copies). */
  private grow(features: Features[]): void {
    const before = this.vocabulary.size;
    for (const f of features) for (const h of f.hashes) this.vocabulary.add(h);
    const k = this.labels.length;
    const weights = new Float32Array(this.vocabulary.size * k);
    const gradients = new Float32Array(this.vocabulary.size * k);
    weights.set(this.weights.subarray(0, before * k));
    gradients.set(this.gradients.subarray(0, before * k));
    this.weights = weights;
    this.gradients = gradients;
  }

  private fit(examples: { text: string; label: string }[], epochs: number, seed: number): void {
    const labels = this.labels;
    const k = labels.length;
    const features = examples.map((e) => featuresOf(e.text));
    this.grow(features);
    const rows = examples.map((e, i) => ({ f: features[i], at: this.rowsOf(features[i]), y: labels.indexOf(e.label) }));
    const counts = labels.map((_, c) => rows.filter((r) => r.y === c).length);
    const classWeight = counts.map((n) => (n ? rows.length / (k * n) : 0));
    const { weights, bias, gradients: g2, biasGradients: b2 } = this;
    const l2 = 1e-6;
    const rate = 0.5;
    const random = seededLcg(seed);
    const order = rows.map((_, i) => i);
    const p = new Float64Array(k);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const index of order) {
        const { f, at: rowOf, y } = rows[index];
        this.scores(f.values, rowOf, p);
        for (let c = 0; c < k; c++) {
          const g = (p[c] - (c === y ? 1 : 0)) * classWeight[y];
          if (Math.abs(g) < 1e-3) continue; // already right for this class: most updates after the first epoch
          b2[c] += g * g;
          bias[c] -= (rate * g) / Math.sqrt(b2[c] + 1e-8);
          for (let j = 0; j < rowOf.length; j++) {
            const at = rowOf[j] * k + c;
            const gw = g * f.values[j] + l2 * weights[at];
            g2[at] += gw * gw;
            weights[at] -= (rate * gw) / Math.sqrt(g2[at] + 1e-8);
          }
        }
      }
    }
  }

  predict(text: string): Prediction {
    return this.predictFeatures(featuresOf(text));
  }

  predictFeatures(f: Features): Prediction {
    const probabilities = new Float64Array(this.labels.length);
    this.scores(f.values, this.rowsOf(f), probabilities);
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
    return { label: this.labels[best], probability: probabilities[best], probabilities };
  }

  /** The words (or word parts) that pushed the text towards `label` most, strongest first. */
  explain(text: string, label: string, count = 3): string[] {
    const f = featuresOf(text, true);
    const rows = this.rowsOf(f);
    const c = this.labels.indexOf(label);
    const k = this.labels.length;
    const pushes = f.keys.map((key, j) => {
      if (rows[j] < 0) return { key, push: 0 };
      let mean = 0;
      for (let other = 0; other < k; other++) mean += this.weights[rows[j] * k + other];
      return { key, push: f.values[j] * (this.weights[rows[j] * k + c] - mean / k) };
    });
    pushes.sort((a, b) => b.push - a.push);
    const shown: string[] = [];
    for (const { key, push } of pushes) {
      if (push <= 0 || shown.length >= count) break;
      const text = key.slice(2).trim();
      if (!shown.some((s) => s.includes(text) || text.includes(s))) shown.push(key[0] === 'c' ? `…${text}…` : text);
    }
    return shown;
  }

  /** Softmax of the class scores into `out`, from the features' values and weight rows (-1: unseen, skipped). */
  private scores(values: Float32Array, rows: Int32Array, out: Float64Array): void {
    const k = this.labels.length;
    for (let c = 0; c < k; c++) out[c] = this.bias[c];
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] < 0) continue;
      const base = rows[j] * k;
      const v = values[j];
      for (let c = 0; c < k; c++) out[c] += v * this.weights[base + c];
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (out[c] > max) max = out[c];
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c] - max);
    for (let c = 0; c < k; c++) out[c] /= sum;
  }
}

/**
 * Feature hash -> weight row, in an open-addressing table of typed arrays: read for every feature of every
 * message, where a Map of ~50,000 numbers cost a tenth of a millisecond at p99 and megabytes of heap.
 */
class FeatureRows {
  private keys = new Int32Array(1 << 16);
  private rows = new Int32Array(1 << 16).fill(-1);
  size = 0;

  copy(): FeatureRows {
    const out = new FeatureRows();
    out.keys = Int32Array.from(this.keys);
    out.rows = Int32Array.from(this.rows);
    out.size = this.size;
    return out;
  }

  /** The row of `hash`, or -1. */
  get(hash: number): number {
    const mask = this.keys.length - 1;
    for (let i = slot(hash, mask); ; i = (i + 1) & mask) {
      const row = this.rows[i];
      if (row < 0 || this.keys[i] === hash) return row;
    }
  }

  /** Give `hash` the next row unless it has one. */
  add(hash: number): void {
    if (this.get(hash) >= 0) return;
    if (2 * (this.size + 1) > this.keys.length) this.resize(2 * this.keys.length);
    const mask = this.keys.length - 1;
    let i = slot(hash, mask);
    while (this.rows[i] >= 0) i = (i + 1) & mask;
    this.keys[i] = hash;
    this.rows[i] = this.size++;
  }

  private resize(capacity: number): void {
    const { keys, rows } = this;
    this.keys = new Int32Array(capacity);
    this.rows = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (let j = 0; j < keys.length; j++) {
      if (rows[j] < 0) continue;
      let i = slot(keys[j], mask);
      while (this.rows[i] >= 0) i = (i + 1) & mask;
      this.keys[i] = keys[j];
      this.rows[i] = rows[j];
    }
  }
}

/** The hash's home slot: its bits mixed once more, so every table size gets well-spread low bits. */
function slot(hash: number, mask: number): number {
  const x = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) & mask;
}

function seededLcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
}
