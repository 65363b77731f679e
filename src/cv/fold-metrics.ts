// The challenge metrics of cross-validated predictions (P(real) per held-out
// row): the definitions `persodata score` uses (metrics/classification.ts),
// with "fake" as the class the thresholded metrics detect, as the sister
// challenges ask: accuracy and balanced accuracy of P(fake) >= 0.5, and the
// share of fakes caught (TPR) at a false-positive rate on the real pictures.
import type { Metric } from '../io/submission-formats.js';
import { accuracy, balancedAccuracy, logLoss, tprAtFpr } from '../metrics/classification.js';
import { rocAuc } from '../metrics/roc-auc.js';
import type { CvResult, FoldPredictions } from './cross-validate.js';

/** One metric of one fold's held-out rows; `fpr` is tpr-at-fpr's false-positive rate. */
export function foldMetric(metric: Metric, fold: FoldPredictions, fpr: number): number {
  const { labels, scores } = fold;
  if (metric === 'auc') return rocAuc(labels, scores);
  if (metric === 'log-loss') return logLoss(labels, scores);
  const isFake = labels.map((l) => 1 - l);
  const pFake = scores.map((p) => 1 - p);
  if (metric === 'accuracy') return accuracy(isFake, pFake, 0.5);
  if (metric === 'balanced-accuracy') return balancedAccuracy(isFake, pFake, 0.5);
  return tprAtFpr(isFake, pFake, fpr);
}

/** Mean and population standard deviation (ddof = 0, numpy's default) of per-fold values. */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) };
}

export interface MetricSummary {
  readonly metric: Metric;
  /** Per fold, in fold order. */
  readonly folds: number[];
  readonly mean: number;
  /** Population standard deviation (ddof = 0), as for the AUC. */
  readonly std: number;
}

export function summarizeMetrics(result: CvResult, metrics: readonly Metric[], fpr: number): MetricSummary[] {
  return metrics.map((metric) => {
    const folds = result.predictions.map((p) => foldMetric(metric, p, fpr));
    return { metric, folds, ...meanAndStd(folds) };
  });
}

/** "tpr-at-fpr 0.001", else the metric's name. */
export function metricLabel(metric: Metric, fpr: number): string {
  return metric === 'tpr-at-fpr' ? `tpr-at-fpr ${fpr}` : metric;
}
