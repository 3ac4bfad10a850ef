/**
 * The matcher's calibration pieces that need no matcher state: what a match produced (Evidence), the softmax
 * temperature fitted on held-out KB examples, and the confidence threshold that keeps held-out wrong answers
 * within the admin's rate.
 */
import { sigmoid, softmax } from './linear';

/** What one message's matching produced, before it is turned into a MatchResult. */
export interface Evidence {
  /** Shortlisted entry indexes, and their combined scores (same order). */
  entries: number[];
  scores: Float32Array;
  /** Cosine with the single nearest example: the out-of-scope signal. */
  nearest: number;
  /** Per shortlisted entry, the cosine with its nearest example (same order). */
  nearestOf: Float32Array;
  /** Content words in the message: a single word is a topic, not yet a question. */
  words: number;
}

/** A held-out phrasing's evidence and the entry it belongs to. */
export interface HeldOut {
  evidence: Evidence;
  entry: number;
}

/** The softmax temperature that maximises the held-out log-likelihood of the right entry. */
export function fitTemperature(heldOut: HeldOut[]): number {
  let best = -Infinity;
  let temperature = 0.1;
  for (let t = 0.01; t <= 1; t *= 1.15) {
    let logLikelihood = 0;
    for (const { evidence, entry } of heldOut) {
      const k = evidence.entries.indexOf(entry);
      logLikelihood += Math.log((k >= 0 ? softmax(evidence.scores, t)[k] : 0) + 1e-9);
    }
    if (logLikelihood > best) [best, temperature] = [logLikelihood, t];
  }
  return temperature;
}

/** The lowest confidence at which the share of wrong answers among `scored` stays within `maxWrongRate` (1: none). */
export function wrongRateThreshold(scored: { p: number; right: boolean }[], maxWrongRate: number): number {
  const ranked = [...scored].sort((a, b) => b.p - a.p);
  let wrong = 0;
  let threshold = 1;
  for (const r of ranked) {
    if (!r.right && ++wrong > maxWrongRate * ranked.length) break;
    threshold = r.p;
  }
  return threshold;
}

/** The logistic model's log-odds for `x` (weights, then the bias, as `sigmoid` reads them). */
export function logit(w: Float64Array, x: number[]): number {
  const p = Math.min(Math.max(sigmoid(w, x), 1e-12), 1 - 1e-12);
  return Math.log(p / (1 - p));
}

/**
 * The shift c that best fits "right" on rows already scored with log-odds z: maximises sum log sigmoid(z + c)
 * for the right ones and log(1 - sigmoid(z + c)) for the wrong ones (Newton's method, slightly ridged). 0 when
 * there are no rows.
 */
export function fitOffset(rows: { z: number; y: number }[]): number {
  let c = 0;
  for (let step = 0; step < 50 && rows.length; step++) {
    let gradient = 1e-3 * c;
    let curvature = 1e-3;
    for (const { z, y } of rows) {
      const p = 1 / (1 + Math.exp(-(z + c)));
      gradient += p - y;
      curvature += p * (1 - p);
    }
    const delta = gradient / curvature;
    c -= delta;
    if (Math.abs(delta) < 1e-6) break;
  }
  return c;
}
