// The best split of one leaf on one feature, from its histogram: a left-to-
// right scan over bins with cumulative sums (the reference for the kernel in
// wasm/tree-kernels.wat). Choosing among features and leaves is the caller's
// job (ties go to the lower feature index, so the result does not depend on
// how features were divided among workers).

export interface SplitConstraints {
  /** L2 penalty λ on leaf values. */
  readonly l2: number;
  /** Minimum rows in each child. */
  readonly minLeaf: number;
  /** Minimum hessian sum in each child. */
  readonly minHessian: number;
}

/** A candidate split: rows with bin <= `bin` go left. Gain -Infinity = none. */
export interface SplitInfo {
  readonly feature: number;
  readonly bin: number;
  readonly gain: number;
  readonly leftGradient: number;
  readonly leftHessian: number;
  readonly leftCount: number;
}

export const NO_SPLIT: SplitInfo = Object.freeze({
  feature: -1,
  bin: -1,
  gain: Number.NEGATIVE_INFINITY,
  leftGradient: 0,
  leftHessian: 0,
  leftCount: 0,
});

/**
 * Scans bins [0, nBinsOfFeature - 1) of one feature, whose histogram starts at
 * bin index `binOffset` of `sums`/`counts`. Gain (LightGBM's and scikit-
 * learn's, without the constant 1/2):
 *   G_L^2 / (H_L + λ) + G_R^2 / (H_R + λ) - G^2 / (H + λ)
 * Only strictly positive gains count; on equal gains the lower bin wins.
 */
export function bestSplitOfFeature(
  sums: Float64Array,
  counts: Uint32Array,
  binOffset: number,
  nBinsOfFeature: number,
  feature: number,
  sumGradients: number,
  sumHessians: number,
  count: number,
  c: SplitConstraints,
): SplitInfo {
  const parentScore = (sumGradients * sumGradients) / (sumHessians + c.l2);
  let bestGain = 0;
  let bestBin = -1;
  let bestG = 0;
  let bestH = 0;
  let bestN = 0;
  let gl = 0;
  let hl = 0;
  let nl = 0;
  for (let b = 0; b < nBinsOfFeature - 1; b++) {
    const idx = binOffset + b;
    gl += sums[2 * idx];
    hl += sums[2 * idx + 1];
    nl += counts[idx];
    if (nl < c.minLeaf || hl < c.minHessian) continue;
    const nr = count - nl;
    if (nr < c.minLeaf) break; // nr only shrinks from here
    const hr = sumHessians - hl;
    if (hr < c.minHessian) continue;
    const gr = sumGradients - gl;
    const gain = (gl * gl) / (hl + c.l2) + (gr * gr) / (hr + c.l2) - parentScore;
    if (gain > bestGain) {
      bestGain = gain;
      bestBin = b;
      bestG = gl;
      bestH = hl;
      bestN = nl;
    }
  }
  if (bestBin < 0) return NO_SPLIT;
  return { feature, bin: bestBin, gain: bestGain, leftGradient: bestG, leftHessian: bestH, leftCount: bestN };
}

/** The better of two candidates: higher gain, then lower feature index. */
export function betterSplit(a: SplitInfo, b: SplitInfo): SplitInfo {
  if (b.gain > a.gain) return b;
  if (b.gain === a.gain && b.feature >= 0 && (a.feature < 0 || b.feature < a.feature)) return b;
  return a;
}
