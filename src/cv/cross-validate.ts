// Cross-validation of any Estimator: stratified folds (stratified-k-fold.ts),
// one fit per fold on the other folds, ROC AUC on the held-out fold.
import { takeLabels, takeRows, type DenseMatrix } from '../io/dense-matrix.js';
import type { Estimator, FitContext } from '../models/estimator.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { foldRows, stratifiedFoldIds } from './stratified-k-fold.js';

export interface FoldScore {
  /** 1-based, as printed. */
  readonly fold: number;
  readonly auc: number;
  readonly nTrain: number;
  readonly nTest: number;
}

export interface CvResult {
  readonly folds: readonly FoldScore[];
  readonly meanAuc: number;
  /** Population standard deviation over folds (numpy's default, ddof = 0). */
  readonly stdAuc: number;
}

export interface CrossValidateOptions {
  readonly nFolds: number;
  readonly seed: number;
  /** Called after each fold. */
  readonly onFold?: (score: FoldScore) => void;
  readonly fitContext?: FitContext;
}

/** `makeEstimator` gives a fresh, unfitted model per fold. */
export async function crossValidate(makeEstimator: () => Estimator, X: DenseMatrix, y: Uint8Array, opts: CrossValidateOptions): Promise<CvResult> {
  const foldIds = stratifiedFoldIds(y, opts.nFolds, opts.seed);
  const folds: FoldScore[] = [];
  for (let fold = 0; fold < opts.nFolds; fold++) {
    const { train, test } = foldRows(foldIds, fold);
    const model = await makeEstimator().fit(takeRows(X, train), takeLabels(y, train), opts.fitContext);
    const auc = rocAuc(takeLabels(y, test), await model.predictProba(takeRows(X, test), { threads: opts.fitContext?.threads }));
    const score = { fold: fold + 1, auc, nTrain: train.length, nTest: test.length };
    folds.push(score);
    opts.onFold?.(score);
  }
  const meanAuc = folds.reduce((s, f) => s + f.auc, 0) / folds.length;
  const stdAuc = Math.sqrt(folds.reduce((s, f) => s + (f.auc - meanAuc) ** 2, 0) / folds.length);
  return { folds, meanAuc, stdAuc };
}
