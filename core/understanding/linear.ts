/**
 * The small pieces of linear algebra the matcher needs: sparse vectors and an inverted index, softmax, a
 * logistic model fitted by Newton's method, and top-k selection. No dependencies.
 */

/** Sparse vector; ids index the vocabulary, not sorted (we only ever scatter or look up). */
export interface SparseVector {
  ids: Int32Array;
  values: Float32Array;
}

/** Inverted index row: the rows (entries) holding a feature, and its weight in each. */
export interface Posting {
  entries: Int32Array;
  weights: Float32Array;
}

/**
 * Inverted index over rows (entries). Every posting's entries and weights are views into two flat arrays, so a
 * model can keep a second weight per (feature, entry) pair at the same position, `offsets[feature] + k`, and the
 * per-message scan walks contiguous memory rather than one small array per feature.
 */
export interface FlatIndex {
  postings: Posting[];
  offsets: Int32Array;
  entries: Int32Array;
  weights: Float32Array;
}

export function buildIndex(vocabSize: number, vectors: SparseVector[]): FlatIndex {
  const counts = new Int32Array(vocabSize);
  for (const v of vectors) for (const id of v.ids) counts[id]++;
  const offsets = new Int32Array(vocabSize + 1);
  for (let id = 0; id < vocabSize; id++) offsets[id + 1] = offsets[id] + counts[id];
  const entries = new Int32Array(offsets[vocabSize]);
  const weights = new Float32Array(offsets[vocabSize]);
  const postings: Posting[] = Array.from(counts, (n, id) => ({
    entries: entries.subarray(offsets[id], offsets[id] + n),
    weights: weights.subarray(offsets[id], offsets[id] + n),
  }));
  const filled = new Int32Array(vocabSize);
  vectors.forEach((v, row) => {
    for (let j = 0; j < v.ids.length; j++) {
      const id = v.ids[j];
      postings[id].entries[filled[id]] = row;
      postings[id].weights[filled[id]++] = v.values[j];
    }
  });
  return { postings, offsets, entries, weights };
}

/** Dot product of a sparse vector with one kept as a map (id -> value). */
export function dotWithMap(v: SparseVector, map: Map<number, number>): number {
  let dot = 0;
  for (let j = 0; j < v.ids.length; j++) dot += v.values[j] * (map.get(v.ids[j]) ?? 0);
  return dot;
}

/** Dot product of two sparse vectors (ids unsorted; allocates: for training, not per message). */
export function dotSparse(a: SparseVector, b: SparseVector): number {
  const at = new Map<number, number>();
  for (let j = 0; j < a.ids.length; j++) at.set(a.ids[j], a.values[j]);
  return dotWithMap(b, at);
}

/** Position of `row` in a posting (its entries are ascending), or -1. */
export function findRow(posting: Posting, row: number): number {
  let lo = 0;
  let hi = posting.entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = posting.entries[mid];
    if (x === row) return mid;
    if (x < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function softmax(scores: Float32Array, temperature: number): Float32Array {
  let max = -Infinity;
  for (const x of scores) if (x > max) max = x;
  const out = new Float32Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += out[i] = Math.exp((scores[i] - max) / temperature);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** Logistic model: w holds one weight per feature, then the bias. */
export function sigmoid(w: Float64Array, x: number[]): number {
  let z = w[x.length];
  for (let i = 0; i < x.length; i++) z += w[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}

/** Logistic regression by Newton's method (a few features, so a handful of exact steps), slightly ridged. */
export function fitLogistic(rows: { x: number[]; y: number }[], w: Float64Array): void {
  const d = w.length;
  const withBias = (x: number[]) => [...x, 1];
  w.fill(0);
  for (let step = 0; step < 25; step++) {
    const gradient = new Float64Array(d);
    const hessian = Array.from({ length: d }, (_, i) => Float64Array.from({ length: d }, (_, j) => (i === j ? 1e-3 : 0)));
    for (const r of rows) {
      const p = sigmoid(w, r.x);
      const x = withBias(r.x);
      for (let i = 0; i < d; i++) {
        gradient[i] += (p - r.y) * x[i];
        for (let j = 0; j < d; j++) hessian[i][j] += p * (1 - p) * x[i] * x[j];
      }
    }
    for (let i = 0; i < d; i++) gradient[i] += 1e-3 * w[i];
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i] -= delta[i];
      change = Math.max(change, Math.abs(delta[i]));
    }
    if (change < 1e-6) break;
  }
}

/** Solve A x = b by Gaussian elimination with partial pivoting (A is small, symmetric positive definite). */
export function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r][n];
    for (let c = r + 1; c < n; c++) sum -= m[r][c] * x[c];
    x[r] = sum / m[r][r];
  }
  return x;
}

/** Indexes of the k largest scores, best first (k is small: insertion into a short sorted list). */
export function topK(scores: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (best.length === k && scores[i] <= scores[best[k - 1]]) continue;
    let pos = Math.min(best.length, k - 1);
    while (pos > 0 && scores[best[pos - 1]] < scores[i]) pos--;
    best.splice(pos, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
