// Fitting a blend's combination on out-of-fold predictions (one column of
// log-odds per model): either non-negative weights summing to 1, searched on a
// grid over the simplex for the best metric (exhaustive: a handful of models
// and a metric like the AUC have no gradient worth trusting), or a logistic
// stacker (our logistic regression on the log-odds columns). The honest
// score of either is nested: fitted on the other folds' rows, scored on the
// held-out fold's, as cv scores a model.
import { denseMatrix } from '../core/dense-matrix.js';
import { foldMetric } from '../cv/fold-metrics.js';
import type { Metric } from '../io/submission-formats.js';
import { LogisticRegression } from '../linear/logistic.js';
import { combineLogits, type BlendMethod } from './blend-model.js';

export interface BlendFit {
  readonly weights: number[];
  readonly bias: number;
}

/** Grid steps per unit for m models: the finest with at most `maxPoints` points on the simplex (C(s+m-1, m-1)). */
export function simplexSteps(m: number, maxPoints = 1000): number {
  const points = (s: number) => {
    let c = 1;
    for (let k = 1; k < m; k++) c = (c * (s + k)) / k;
    return c;
  };
  let s = 1;
  while (s < 100 && points(s + 1) <= maxPoints) s++;
  return s;
}

/** Every weight vector with entries k/steps summing to 1, in lexicographic order of the counts. */
export function simplexGrid(m: number, steps: number): number[][] {
  const out: number[][] = [];
  const counts = new Array<number>(m).fill(0);
  const place = (i: number, left: number) => {
    if (i === m - 1) {
      counts[i] = left;
      out.push(counts.map((c) => c / steps));
      return;
    }
    for (let c = left; c >= 0; c--) {
      counts[i] = c;
      place(i + 1, left - c);
    }
  };
  place(0, steps);
  return out;
}

/** A metric's value on rows: P(label 1) `scores` against `labels`; higher is better except for log loss. */
function metricOf(metric: Metric, labels: Uint8Array, scores: Float64Array, fpr: number): number {
  const v = foldMetric(metric, { labels, scores }, fpr);
  return metric === 'log-loss' ? -v : v;
}

/**
 * Weights on the simplex grid with the best metric (the first found, in grid
 * order, among equals). For log loss the mean of log-odds alone is rarely
 * calibrated, so the stacker is the better choice there.
 */
export function fitSimplexWeights(
  logits: readonly Float64Array[],
  labels: Uint8Array,
  metric: Metric,
  fpr: number,
): BlendFit {
  let best: number[] = [];
  let bestValue = -Infinity;
  for (const w of simplexGrid(logits.length, simplexSteps(logits.length))) {
    const value = metricOf(metric, labels, combineLogits(logits, w, 0), fpr);
    if (value > bestValue) {
      bestValue = value;
      best = w;
    }
  }
  return { weights: best, bias: 0 };
}

/** Logistic regression (L2 `l2`, standardized inside) on the log-odds columns: its raw weights and intercept. */
export async function fitStacker(logits: readonly Float64Array[], labels: Uint8Array, l2 = 1): Promise<BlendFit> {
  const n = labels.length;
  const m = logits.length;
  const X = denseMatrix(n, m);
  for (let r = 0; r < n; r++) for (let j = 0; j < m; j++) X.data[r * m + j] = logits[j][r];
  const model = await new LogisticRegression({ l2 }).fit(X, labels);
  const { weights, intercept } = model.rawFeatureWeights();
  return { weights: Array.from(weights), bias: intercept };
}

export async function fitBlend(
  method: BlendMethod,
  logits: readonly Float64Array[],
  labels: Uint8Array,
  metric: Metric,
  fpr: number,
): Promise<BlendFit> {
  return method === 'logistic' ? fitStacker(logits, labels) : fitSimplexWeights(logits, labels, metric, fpr);
}

/** The rows of each fold, folds in ascending order (`folds`: 1-based fold of each row, from the out-of-fold files). */
export function rowsByFold(folds: Int32Array): number[][] {
  const byFold = new Map<number, number[]>();
  folds.forEach((f, r) => byFold.set(f, [...(byFold.get(f) ?? []), r]));
  return [...byFold.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rows);
}

/** The metric on each fold's rows of `scores` (P(label 1) per row). */
export function metricPerFold(
  metric: Metric,
  labels: Uint8Array,
  scores: Float64Array,
  folds: Int32Array,
  fpr: number,
): number[] {
  return rowsByFold(folds).map((rows) =>
    foldMetric(
      metric,
      { labels: Uint8Array.from(rows, (r) => labels[r]), scores: Float64Array.from(rows, (r) => scores[r]) },
      fpr,
    ),
  );
}

/**
 * The blend's cv score without the optimism of fitting on the rows it is
 * scored on: for each fold of `folds` (1-based, from the out-of-fold files),
 * the combination fitted on the other folds' rows scores the fold's rows.
 */
export async function nestedBlendScores(
  method: BlendMethod,
  logits: readonly Float64Array[],
  labels: Uint8Array,
  folds: Int32Array,
  metric: Metric,
  fpr: number,
): Promise<number[]> {
  const scores: number[] = [];
  const all = rowsByFold(folds);
  for (const heldRows of all) {
    const fitRows = all.filter((rows) => rows !== heldRows).flat();
    const pick = (rows: number[]) => logits.map((l) => Float64Array.from(rows, (r) => l[r]));
    const fit = await fitBlend(
      method,
      pick(fitRows),
      Uint8Array.from(fitRows, (r) => labels[r]),
      metric,
      fpr,
    );
    const heldLabels = Uint8Array.from(heldRows, (r) => labels[r]);
    scores.push(
      foldMetric(metric, { labels: heldLabels, scores: combineLogits(pick(heldRows), fit.weights, fit.bias) }, fpr),
    );
  }
  return scores;
}
