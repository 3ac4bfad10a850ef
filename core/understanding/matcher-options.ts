/** The matcher's settings, each with its default and why (core/matcher.ts explains the method). */
export interface MatcherOptions {
  /**
   * Share of held-out KB examples we accept answering wrongly (confident and wrong, over all held-out
   * examples). Default 0.05: the held-out scores come from corrections trained without their fold (weaker
   * than the final one), so the estimate is pessimistic; on BANKING77 the real wrong-answer rate came out at
   * 0.025, under the 3% target.
   */
  maxWrongRate: number;
  /**
   * Share of held-out in-scope examples whose best similarity may fall under the out-of-scope floor.
   * Default 0.02: a message less similar to the KB than 98% of the KB's own held-out examples is out of scope.
   */
  scopeQuantile: number;
  /** Share of a message's content words unknown to the KB above which it is out of scope. Default 0.5. */
  maxUnknownShare: number;
  /** Weight of stopwords relative to other words: they carry little topic but tell "why" from "how". Default 0.3. */
  stopwordWeight: number;
  /**
   * Weight of the nearest single example relative to the entry centroid. Default 0.1: with the learned
   * correction the centroid carries most of the ranking (cross-validated on BANKING77's KB examples).
   */
  nearestWeight: number;
  /** How many best centroids are re-scored against their examples. Default 10. */
  shortlist: number;
  /** Passes of the learned correction over the held-out examples (0: plain similarity). Default 8. */
  correctionEpochs: number;
  /** Its learning rate and L2 penalty. */
  correctionRate: number;
  correctionL2: number;
  /** Folds for the correction's held-out scores that calibration learns from. Default 5. */
  correctionFolds: number;
}

export const DEFAULT_MATCHER_OPTIONS: Readonly<MatcherOptions> = {
  maxWrongRate: 0.05,
  scopeQuantile: 0.02,
  maxUnknownShare: 0.5,
  stopwordWeight: 0.3,
  nearestWeight: 0.1,
  shortlist: 10,
  correctionEpochs: 8,
  correctionRate: 0.001,
  correctionL2: 0.001,
  correctionFolds: 5,
};
