// The scores the challenges use besides ROC AUC (roc-auc.ts), computed as
// scikit-learn computes them: accuracy_score and balanced_accuracy_score of
// the thresholded scores, log_loss of probabilities clipped to
// [1e-15, 1 - 1e-15], and the true-positive rate at a false-positive rate
// (the largest TPR of roc_curve's points with FPR <= the target). Inputs are
// checked by the callers (score-files.ts); labels are 0/1.
import { DegenerateDataError } from '../util/errors.js';

export const LOG_LOSS_EPS = 1e-15;

function classCounts(labels: ArrayLike<number>): { nPos: number; nNeg: number } {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) nPos += labels[i] === 1 ? 1 : 0;
  return { nPos, nNeg: labels.length - nPos };
}

function needBothClasses(labels: ArrayLike<number>, metric: string): { nPos: number; nNeg: number } {
  const counts = classCounts(labels);
  if (counts.nPos === 0 || counts.nNeg === 0) {
    throw new DegenerateDataError(
      `${metric} needs both classes; the solution holds only class ${counts.nPos === 0 ? 0 : 1} (${labels.length} rows)`,
    );
  }
  return counts;
}

/** Share of rows whose (score >= threshold) equals the label. */
export function accuracy(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) right += (scores[i] >= threshold ? 1 : 0) === labels[i] ? 1 : 0;
  return right / labels.length;
}

/** Mean of the two classes' recalls at (score >= threshold). */
export function balancedAccuracy(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): number {
  const { nPos, nNeg } = needBothClasses(labels, 'balanced accuracy');
  let tp = 0;
  let tn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i] >= threshold ? 1 : 0;
    if (predicted === 1 && labels[i] === 1) tp++;
    if (predicted === 0 && labels[i] === 0) tn++;
  }
  return (tp / nPos + tn / nNeg) / 2;
}

/** Mean negative log-likelihood of probabilities of class 1, clipped to [eps, 1 - eps]. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, eps = LOG_LOSS_EPS): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i], eps), 1 - eps);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/** ROC curve points (FPR, TPR), one per distinct score from the highest down, starting at (0, 0). */
export function rocCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): { fpr: Float64Array; tpr: Float64Array } {
  const { nPos, nNeg } = needBothClasses(labels, 'the ROC curve');
  const order = Uint32Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end < order.length && scores[order[end]] === scores[order[start]]) {
      if (labels[order[end]] === 1) tp++;
      else fp++;
      end++;
    }
    fpr.push(fp / nNeg);
    tpr.push(tp / nPos);
    start = end;
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr) };
}

/** The largest TPR among the ROC points whose FPR is at most `maxFpr`. */
export function tprAtFpr(labels: ArrayLike<number>, scores: ArrayLike<number>, maxFpr: number): number {
  const { fpr, tpr } = rocCurve(labels, scores);
  let best = 0;
  for (let i = 0; i < fpr.length; i++) if (fpr[i] <= maxFpr && tpr[i] > best) best = tpr[i];
  return best;
}
