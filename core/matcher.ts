/**
 * Offline matcher: which knowledge-base entry does a customer's message ask about, and is it safe to answer
 * directly? Learns only from each entry's question and examples; no network, no model files.
 *
 * How it scores: every phrasing becomes a TF-IDF vector (idf over entries) over stemmed words, word bigrams with 4-letter word
 * prefixes, and character 3-4-grams (sublinear tf; each kind L2-normalised on its own, then together). An entry's score is its centroid's cosine with the message
 * plus the cosine of its nearest single example (kNN catches one close phrasing that the average blurs).
 * A word the KB never uses, and whose stem it does not know either, is first read as the KB word one typo away
 * (understanding/spelling.ts), so "recieved my paymnet" keeps its word features and does not look out of scope.
 * Centroids sit in an inverted index; only a shortlist of the best centroids is re-scored against the
 * examples, so the cost per message barely grows with the knowledge base.
 *
 * A learned correction (understanding/correction.ts) then adjusts each entry's centroid weights so that, on
 * held-out examples, the right entry beats the ones it is confused with; it lives in the same index, so it
 * costs nothing per message and the score still reads as matched words with weights.
 *
 * How it knows when to answer: at train time each example is held out in turn (exact leave-one-out: its
 * class centroid is recomputed without it, its own vector is skipped by kNN), matched against the rest,
 * and the outcomes (with the correction trained on the other folds) teach (1) the softmax temperature that turns scores into probabilities, (2) a small
 * logistic model from (top probability, margins, best similarity, one word only) to "top1 is right" (it also sees
 * one content word of each held-out example alone, as a one-word message: "payment" is a topic, and the
 * model learns how rarely a single word picks the right entry), and (3) the
 * confidence threshold that keeps held-out wrong answers under `maxWrongRate`. Out of scope means a best
 * similarity lower than almost all held-out in-scope examples reach, or mostly words the KB never uses.
 */
import { allExamples, allQuestions, type KnowledgeEntry } from './knowledge-base';
import { STOPWORDS, stem, tokens } from './text';
import { analyse, type Analysed } from './understanding/phrasing-features';
import { DEFAULT_MATCHER_OPTIONS, type MatcherOptions } from './understanding/matcher-options';
import { correctionRow, trainCorrection, type CorrectionRow } from './understanding/correction';
import { fitOffset, fitTemperature, logit, wrongRateThreshold, type Evidence, type HeldOut } from './understanding/calibration';
import { PhrasingVectors } from './understanding/phrasing-vectors';
import { SpellingIndex } from './understanding/spelling';
import { buildIndex, dotSparse, dotWithMap, findRow, fitLogistic, sigmoid, softmax, topK, type FlatIndex, type SparseVector } from './understanding/linear';

export interface MatchCandidate {
  entryId: string;
  /** 0..1, softmax over the shortlisted entries (the rest of the KB is treated as probability ~0). */
  score: number;
}

/** Why a message scores for an entry, in words an admin can check. */
export interface MatchExplanation {
  /** The message's words and word pairs that weigh most for the entry, strongest first. */
  words: string[];
  /** The entry's phrasing (question or example) nearest to the message, and its cosine similarity. */
  example?: string;
  similarity: number;
}

export interface MatchResult {
  /** Best first, at most 5. */
  candidates: MatchCandidate[];
  /** Calibrated 0..1: estimated probability that candidates[0] is the right entry. */
  confidence: number;
  /** True only when it is safe to answer directly with candidates[0]. */
  confident: boolean;
  /** False when the text most likely matches no entry at all. */
  inScope: boolean;
}

export { DEFAULT_MATCHER_OPTIONS, type MatcherOptions } from './understanding/matcher-options';

const MAX_CANDIDATES = 5;
export class Matcher {
  private readonly vocab = new Map<string, number>();
  /** idf (times the stopword factor), per feature id. */
  private featureWeight = new Float32Array(0);
  /** Weight an unseen feature would get: it still counts in the norm, so unknown words dilute similarity. */
  private unseenWeight = 1;
  private entryIds: string[] = [];
  private centroidIndex: FlatIndex = buildIndex(0, []);
  /** Every phrasing's vector (questions and examples, grouped by entry), packed for the nearest-phrasing scan. */
  private phrasings = PhrasingVectors.pack([], [], 0);
  /** Each phrasing's text (same order as `phrasings`) and each feature's key (by id): for `explain`. */
  private texts: string[] = [];
  private keys: string[] = [];
  private readonly knownStems = new Set<string>();
  /** Typo repair: a word the KB never uses, read as the KB word one edit away. */
  private spelling = new SpellingIndex(new Map());
  /** Dense copy of the current message's vector, for fast dot products with examples; zeroed after use. */
  private scratch = new Float32Array(0);
  /** Reused per message: allocating one array of the KB's size per message shows up as GC pauses at p99. */
  private centroidBuffer = new Float32Array(0);
  private temperature = 0.1;
  private calibration = new Float64Array(CONFIDENCE_FEATURES + 1);
  private threshold = 1;
  private scopeFloor = 0;
  /** The highest confidence the held-out examples can back: 1 - 1/(n + 2) for n of them (rule of succession). */
  private maxConfidence = 1;

  private constructor(readonly options: MatcherOptions) {}

  static train(entries: KnowledgeEntry[], options: Partial<MatcherOptions> = {}): Matcher {
    const matcher = new Matcher({ ...DEFAULT_MATCHER_OPTIONS, ...options });
    matcher.fit(entries);
    return matcher;
  }

  match(text: string): MatchResult {
    const analysed = analyse(this.wordsOf(text));
    const vector = this.vectorize(analysed.features);
    const unknown = analysed.content.filter((s) => !this.knownStems.has(s)).length;
    const unknownShare = analysed.content.length ? unknown / analysed.content.length : 0;
    const evidence = this.evidence(vector, this.centroidScores(vector), -1);
    evidence.words = analysed.content.length;
    const order = topK(evidence.scores, MAX_CANDIDATES);
    const probabilities = softmax(evidence.scores, this.temperature);
    let confidence = order.length ? sigmoid(this.calibration, this.confidenceFeatures(evidence, probabilities, order)) : 0;
    // One word names a topic, and the KB's held-out examples say little about single words: it is never surer
    // than the share of the probability its top entry takes, so "delivery" (cost 0.54, status 0.44) is asked
    // back as choices. (Capping every message this way cost right answers in cross-validation.)
    if (order.length && evidence.words <= 1) confidence = Math.min(confidence, probabilities[order[0]]);
    const inScope = order.length > 0 && evidence.nearest >= this.scopeFloor && unknownShare <= this.options.maxUnknownShare;
    return {
      candidates: order.map((k) => ({ entryId: this.entryIds[evidence.entries[k]], score: probabilities[k] })),
      confidence: Math.min(confidence, this.maxConfidence),
      confident: inScope && confidence >= this.threshold,
      inScope,
    };
  }

  /**
   * Why `text` scores for `entryId`: the message's words (and word pairs) that weigh most in the entry's score,
   * strongest first, and the entry's phrasing nearest to the message. For admins and evaluation, not per turn.
   */
  explain(text: string, entryId: string, count = 4): MatchExplanation {
    const entry = this.entryIds.indexOf(entryId);
    const words = this.wordsOf(text);
    const vector = this.vectorize(analyse(words).features);
    const byStem = new Map(words.map((w) => [stem(w), w]));
    const weighs: { text: string; weight: number }[] = [];
    for (let j = 0; j < vector.ids.length; j++) {
      const key = this.keys[vector.ids[j]];
      const parts = key.slice(2).split('_').map((s) => byStem.get(s) ?? s);
      if (entry < 0 || (!key.startsWith('w:') && !key.startsWith('b:')) || parts.every((w) => STOPWORDS.has(w))) continue;
      const posting = this.centroidIndex.postings[vector.ids[j]];
      const at = findRow(posting, entry);
      if (at >= 0) weighs.push({ text: parts.join(' '), weight: vector.values[j] * posting.weights[at] });
    }
    weighs.sort((a, b) => b.weight - a.weight);
    let example: string | undefined;
    let similarity = 0;
    const [from, to] = entry < 0 ? [0, 0] : this.phrasings.of(entry);
    for (let doc = from; doc < to; doc++) {
      const dot = dotSparse(vector, this.phrasings.vectors[doc]);
      if (dot > similarity) [similarity, example] = [dot, this.texts[doc]];
    }
    return { words: weighs.filter((w) => w.weight > 0).slice(0, count).map((w) => w.text), example, similarity: Math.min(1, similarity) };
  }

  /** The message's words, each word the KB never uses (nor its stem) read as the KB word one typo away. */
  private wordsOf(text: string): string[] {
    return tokens(text).map((word) => (this.knownStems.has(stem(word)) ? word : (this.spelling.correct(word) ?? word)));
  }

  private fit(entries: KnowledgeEntry[]): void {
    this.entryIds = entries.map((e) => e.id);
    this.centroidBuffer = new Float32Array(entries.length);
    const docs: { entry: number; analysed: Analysed; example: boolean }[] = [];
    const wordCounts = new Map<string, number>();
    const read = (text: string): Analysed => {
      const words = tokens(text);
      for (const word of words) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
      return analyse(words);
    };
    // Every language the admin wrote the entry in is one index: a question in Spanish meets the Spanish
    // examples, whatever language the conversation was guessed to be in.
    entries.forEach((e, entry) => {
      const questions = allQuestions(e);
      const examples = allExamples(e);
      for (const text of questions) docs.push({ entry, analysed: read(text), example: false });
      for (const text of examples) docs.push({ entry, analysed: read(text), example: true });
      this.texts.push(...questions, ...examples);
    });
    this.spelling = new SpellingIndex(wordCounts);

    // Inverse *entry* frequency: how many entries use a feature, not how many phrasings. A word every example
    // of one entry repeats is that entry's best clue; counted per phrasing it looked common and was weighed
    // down. (Cross-validated on the KB's own examples: top-1 +1.3 points, top-3 +0.9 on BANKING77's KB.)
    const usedBy = new Map<string, Set<number>>();
    for (const d of docs) {
      for (const key of d.analysed.features.keys()) {
        const entriesUsing = usedBy.get(key);
        if (entriesUsing) entriesUsing.add(d.entry);
        else usedBy.set(key, new Set([d.entry]));
      }
      for (const s of d.analysed.content) this.knownStems.add(s);
    }
    const weights: number[] = [];
    for (const [key, entriesUsing] of usedBy) {
      this.vocab.set(key, weights.length);
      this.keys.push(key);
      weights.push((Math.log((1 + entries.length) / (1 + entriesUsing.size)) + 1) * this.stopwordFactor(key));
    }
    this.featureWeight = Float32Array.from(weights);
    this.unseenWeight = Math.log(1 + entries.length) + 1;
    this.scratch = new Float32Array(this.vocab.size);

    this.phrasings = PhrasingVectors.pack(docs.map((d) => this.vectorize(d.analysed.features)), docs.map((d) => d.entry), entries.length);
    const vectors = this.phrasings.vectors;

    // Centroid = normalised sum of an entry's phrasing vectors; the raw sums are kept for leave-one-out.
    const sums = entries.map(() => new Map<number, number>());
    vectors.forEach((v, i) => {
      const sum = sums[docs[i].entry];
      for (let j = 0; j < v.ids.length; j++) sum.set(v.ids[j], (sum.get(v.ids[j]) ?? 0) + v.values[j]);
    });
    const sumNorms = sums.map((sum) => Math.sqrt([...sum.values()].reduce((a, x) => a + x * x, 0)) || 1);
    const index = buildIndex(
      this.vocab.size,
      sums.map((sum, e) => ({ ids: Int32Array.from(sum.keys()), values: Float32Array.from(sum.values(), (x) => x / sumNorms[e]) })),
    );
    this.centroidIndex = index;

    // Scores of example i against every centroid (or every centroid plus a correction: `weights` at the
    // index's positions), its own entry's centroid recomputed without it (exact leave-one-out):
    // cos(v, S - v) = (v.S - 1) / |S - v|.
    // A part `u` of example i (one of its words) is scored the same way: cos(u, S - v) = (u.S - u.v) / |S - v|.
    const leaveOneOut = (i: number, weights = index.weights, u = vectors[i]): Float32Array => {
      const e = docs[i].entry;
      const v = vectors[i];
      const vS = dotWithMap(v, sums[e]);
      const uS = u === v ? vS : dotWithMap(u, sums[e]);
      const uv = u === v ? 1 : dotSparse(u, v);
      const scores = this.centroidScores(u, weights);
      const norm2 = sumNorms[e] ** 2 - 2 * vS + 1;
      scores[e] += (norm2 > 1e-6 ? (uS - uv) / Math.sqrt(norm2) : 0) - uS / sumNorms[e];
      return scores;
    };
    // One content word of a held-out example, alone: how reliable a one-word message is (calibration only).
    const oneWord = (r: number, weights = index.weights): HeldOut | undefined => {
      const i = held[r];
      const content = docs[i].analysed.content;
      if (!content.length) return undefined;
      const u = this.vectorize(analyse(tokens(content[r % content.length])).features);
      const evidence = this.evidence(u, leaveOneOut(i, weights, u), i);
      evidence.words = 1;
      return { evidence, entry: docs[i].entry };
    };
    // Entry titles are not how customers write; only examples are held out.
    const held = docs.flatMap((d, i) => (d.example ? [i] : []));
    const { correctionEpochs: epochs, correctionFolds: folds } = this.options;
    const correct = epochs > 0 && held.length >= 2 * folds;
    const rows: CorrectionRow[] = [];
    const heldOut: HeldOut[] = held.map((i) => {
      const entry = docs[i].entry;
      const scores = leaveOneOut(i);
      const evidence = this.evidence(vectors[i], scores, i);
      evidence.words = docs[i].analysed.content.length;
      if (correct) {
        // The rows the correction learns from: this example against its shortlist, its own entry always in.
        const listed = evidence.entries.includes(entry) ? evidence.entries : [...evidence.entries, entry];
        const base = listed.map((e, k) => (k < evidence.scores.length ? evidence.scores[k] : this.evidence(vectors[i], scores, i, [e]).scores[0]));
        rows.push(correctionRow(index, vectors[i], listed, base, listed.indexOf(entry)));
      }
      return { evidence, entry };
    });
    // With no examples at all there is nothing to calibrate on: the threshold stays at 1, so the matcher
    // only ever offers choices. Safe, and the admin's cue to add examples.
    if (heldOut.length === 0) return;
    // With the correction, the fold loop below fills these in with the fold's weights.
    const short = correct ? new Array<HeldOut | undefined>(held.length) : held.map((_, r) => oneWord(r));

    if (correct) {
      // Calibration learns from the corrected scores of each fold, with the correction trained on the others.
      // A large KB gets fewer passes, so that training stays within a few seconds.
      const work = rows.reduce((sum, row) => sum + row.slots.length, 0);
      const passes = Math.max(1, Math.min(epochs, Math.floor(CORRECTION_BUDGET / work)));
      const options = { epochs: passes, temperature: fitTemperature(heldOut), rate: this.options.correctionRate, l2: this.options.correctionL2 };
      for (let f = 0; f < folds; f++) {
        const w = trainCorrection(rows.filter((_, r) => r % folds !== f), index.weights.length, options);
        for (let j = 0; j < w.length; j++) w[j] += index.weights[j];
        for (let r = f; r < held.length; r += folds) {
          const i = held[r];
          heldOut[r] = { evidence: this.evidence(vectors[i], leaveOneOut(i, w), i), entry: docs[i].entry };
          heldOut[r].evidence.words = docs[i].analysed.content.length;
          short[r] = oneWord(r, w);
        }
      }
      const w = trainCorrection(rows, index.weights.length, options);
      for (let j = 0; j < w.length; j++) index.weights[j] += w[j];
    }
    this.calibrate(heldOut, short.filter((h): h is HeldOut => h !== undefined));
  }

  private calibrate(heldOut: HeldOut[], short: HeldOut[]): void {
    // 1. Temperature: maximise the held-out log-likelihood of the right entry.
    this.temperature = fitTemperature(heldOut);
    // 2. Calibrated confidence: logistic regression from the match's shape to "top1 is right".
    const row = ({ evidence, entry }: HeldOut) => {
      const order = topK(evidence.scores, 2);
      const x = this.confidenceFeatures(evidence, softmax(evidence.scores, this.temperature), order);
      return { x, y: evidence.entries[order[0]] === entry ? 1 : 0 };
    };
    const rows = heldOut.map(row);
    // The phrasing model learns from the held-out examples alone (the last feature, "one word only", left out);
    // the one-word weight is then fitted on its own, from the one-word rows, so it cannot bend the rest.
    const base = new Float64Array(CONFIDENCE_FEATURES);
    fitLogistic(rows.map((r) => ({ x: r.x.slice(0, -1), y: r.y })), base);
    this.calibration.set(base.subarray(0, -1));
    this.calibration[CONFIDENCE_FEATURES - 1] = 0;
    this.calibration[CONFIDENCE_FEATURES] = base[CONFIDENCE_FEATURES - 1];
    const oneWordRows = [...rows, ...short.map(row)].filter((r) => r.x[CONFIDENCE_FEATURES - 1] === 1);
    this.calibration[CONFIDENCE_FEATURES - 1] = fitOffset(oneWordRows.map((r) => ({ z: logit(this.calibration, r.x), y: r.y })));
    // 3. Threshold: the lowest confidence at which held-out wrong answers stay within maxWrongRate.
    this.threshold = wrongRateThreshold(rows.map((r) => ({ p: sigmoid(this.calibration, r.x), right: r.y === 1 })), this.options.maxWrongRate);
    // 4. Out-of-scope floor: a low quantile of held-out in-scope nearest similarities.
    const nearest = heldOut.map((h) => h.evidence.nearest).sort((a, b) => a - b);
    this.scopeFloor = nearest[Math.floor(this.options.scopeQuantile * nearest.length)];
    // 5. What confidence is reported: 11 held-out examples all right do not make an answer 99.9 % sure.
    this.maxConfidence = 1 - 1 / (heldOut.length + 2);
  }

  private confidenceFeatures(evidence: Evidence, probabilities: Float32Array, order: number[]): number[] {
    const [first, second] = order;
    const p2 = second === undefined ? 0 : probabilities[second];
    const s2 = second === undefined ? 0 : evidence.scores[second];
    return [probabilities[first], probabilities[first] - p2, evidence.scores[first] - s2, evidence.nearest, evidence.words <= 1 ? 1 : 0];
  }

  private stopwordFactor(key: string): number {
    return key.startsWith('w:') && STOPWORDS.has(key.slice(2)) ? this.options.stopwordWeight : 1;
  }

  /**
   * Sublinear tf x idf, each kind (words, bigrams and word prefixes, char n-grams) L2-normalised on its own and then together:
   * otherwise the many char n-grams would drown the few words. Unseen features are dropped but still count
   * in the norms, so a message full of words the KB never uses looks less similar to everything.
   */
  private vectorize(features: Map<string, number>): SparseVector {
    const ids: number[] = [];
    const values: number[] = [];
    const kinds: number[] = [];
    const norms = [0, 0, 0];
    for (const [key, tf] of features) {
      const id = this.vocab.get(key);
      const value = (1 + Math.log(tf)) * (id === undefined ? this.unseenWeight * this.stopwordFactor(key) : this.featureWeight[id]);
      const kind = key[1] === ':' ? (key[0] === 'w' ? 0 : 1) : 2;
      norms[kind] += value * value;
      if (id !== undefined) {
        ids.push(id);
        values.push(value);
        kinds.push(kind);
      }
    }
    const present = norms.filter((n) => n > 0).length;
    const scale = norms.map((n) => (n > 0 ? 1 / Math.sqrt(n * present) : 0));
    return { ids: Int32Array.from(ids), values: Float32Array.from(values, (x, i) => x * scale[kinds[i]]) };
  }

  /**
   * Cosine with every centroid, via the inverted index (or, given `weights` at the index's positions, the
   * dot product with those). Returns a shared buffer, valid until the next call.
   */
  private centroidScores(v: SparseVector, weights?: Float32Array): Float32Array {
    const scores = this.centroidBuffer;
    scores.fill(0);
    const { offsets, entries } = this.centroidIndex;
    const w = weights ?? this.centroidIndex.weights;
    const ids = v.ids;
    const values = v.values;
    for (let j = 0; j < ids.length; j++) {
      const q = values[j];
      for (let at = offsets[ids[j]], end = offsets[ids[j] + 1]; at < end; at++) scores[entries[at]] += q * w[at];
    }
    return scores;
  }

  /** Re-score the best centroids with their nearest example. `skip` is a held-out example's own index. */
  private evidence(v: SparseVector, centroids: Float32Array, skip: number, only?: number[]): Evidence {
    const entries = only ?? topK(centroids, this.options.shortlist);
    const scratch = this.scratch;
    for (let j = 0; j < v.ids.length; j++) scratch[v.ids[j]] = v.values[j];
    const scores = new Float32Array(entries.length);
    const nearestOf = new Float32Array(entries.length);
    let nearest = 0;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k];
      const best = this.phrasings.nearest(entry, scratch, skip);
      nearest = Math.max(nearest, best);
      nearestOf[k] = best;
      scores[k] = centroids[entry] + this.options.nearestWeight * best;
    }
    for (let j = 0; j < v.ids.length; j++) scratch[v.ids[j]] = 0;
    return { entries, scores, nearest, nearestOf, words: 0 };
  }
}

const CONFIDENCE_FEATURES = 5;
/** Feature-weight visits one correction training may make (BANKING77, 770 examples, needs ~1e7 for 8 passes). */
const CORRECTION_BUDGET = 1.5e7;
