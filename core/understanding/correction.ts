/**
 * A learned correction on top of the matcher's similarity scores: one extra weight per (feature, entry) pair
 * that the entry's centroid already has, trained so that, among the entries a phrasing is confused with,
 * its own entry wins (softmax over the shortlist, SGD, L2). It learns which of an entry's words tell it
 * from its neighbours ("activate" vs "arrive" for card entries) and which shared ones mislead.
 *
 * Rows come from held-out KB examples (their own entry's centroid without them), so the correction fixes
 * the mistakes the plain similarity makes on phrasings it has not seen. Weights live at the index's
 * positions (`offsets[feature] + k`), so at match time they are simply added to the centroid weights:
 * no extra cost per message, and an entry's score still reads as "these words matched, with these weights".
 */
import { findRow, type FlatIndex, type SparseVector } from './linear';

/** One training phrasing and the entries it is scored against (its shortlist, its own entry always included). */
export interface CorrectionRow {
  /** Index (into this row's lists) of the right entry. */
  truth: number;
  /** Score of each listed entry before the correction. */
  base: Float32Array;
  /** Listed entry k's slots and values are at [starts[k], starts[k + 1]). */
  starts: Int32Array;
  slots: Int32Array;
  values: Float32Array;
}

export interface CorrectionOptions {
  epochs: number;
  rate: number;
  l2: number;
  temperature: number;
}

/** The row for phrasing `v` against `entries` (base scores in the same order); `truth` is its own entry's index. */
export function correctionRow(index: FlatIndex, v: SparseVector, entries: number[], base: ArrayLike<number>, truth: number): CorrectionRow {
  const starts = new Int32Array(entries.length + 1);
  const slots: number[] = [];
  const values: number[] = [];
  entries.forEach((entry, k) => {
    for (let j = 0; j < v.ids.length; j++) {
      const id = v.ids[j];
      const pos = findRow(index.postings[id], entry);
      if (pos < 0) continue; // the entry never uses this feature: no weight to learn for it
      slots.push(index.offsets[id] + pos);
      values.push(v.values[j]);
    }
    starts[k + 1] = slots.length;
  });
  return { truth, base: Float32Array.from(base), starts, slots: Int32Array.from(slots), values: Float32Array.from(values) };
}

/** Train the correction weights (one per index position) on `rows`. Deterministic. */
export function trainCorrection(rows: CorrectionRow[], size: number, options: CorrectionOptions): Float32Array {
  const w = new Float32Array(size);
  const order = rows.map((_, i) => i);
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const { rate, l2, temperature } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const r of order) {
      const row = rows[r];
      const n = row.base.length;
      const z = new Float64Array(n);
      let max = -Infinity;
      for (let k = 0; k < n; k++) {
        let s = row.base[k];
        for (let j = row.starts[k]; j < row.starts[k + 1]; j++) s += w[row.slots[j]] * row.values[j];
        z[k] = s / temperature;
        if (z[k] > max) max = z[k];
      }
      let sum = 0;
      for (let k = 0; k < n; k++) sum += z[k] = Math.exp(z[k] - max);
      for (let k = 0; k < n; k++) {
        const g = (z[k] / sum - (k === row.truth ? 1 : 0)) / temperature;
        if (Math.abs(g) < 1e-4) continue;
        for (let j = row.starts[k]; j < row.starts[k + 1]; j++) {
          const slot = row.slots[j];
          w[slot] -= rate * (g * row.values[j] + l2 * w[slot]);
        }
      }
    }
  }
  return w;
}
