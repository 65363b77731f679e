// One challenge metric of scored rows, computed as scikit-learn does
// (classification.ts, roc-auc.ts); the decision threshold and the meaning of
// the values (probability or logit) come from the prediction's format.
import type { Metric } from '../io/submission-formats.js';
import { accuracy, balancedAccuracy, logLoss, tprAtFpr } from './classification.js';
import { rocAuc } from './roc-auc.js';
import type { ScoredRows } from './score-files.js';

/** `fpr` is tpr-at-fpr's false-positive rate. */
export function computeMetric(metric: Metric, rows: ScoredRows, fpr: number): number {
  const { threshold, value } = rows.format;
  switch (metric) {
    case 'auc':
      return rocAuc(rows.labels, rows.values);
    case 'accuracy':
      return accuracy(rows.labels, rows.values, threshold);
    case 'balanced-accuracy':
      return balancedAccuracy(rows.labels, rows.values, threshold);
    case 'log-loss':
      return logLoss(rows.labels, value === 'logit' ? rows.values.map((z) => 1 / (1 + Math.exp(-z))) : rows.values);
    case 'tpr-at-fpr':
      return tprAtFpr(rows.labels, rows.values, fpr);
  }
}
