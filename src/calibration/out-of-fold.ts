// Out-of-fold scores: every training row scored by a model fitted on the
// other folds (stratified, seeded), as scikit-learn's cross_val_predict does
// for CalibratedClassifierCV(cv=5, ensemble=False).
import { takeLabels, takeRows, type DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, FitContext } from '../core/estimator.js';
import { foldRows, stratifiedFoldIds } from '../cv/stratified-k-fold.js';

export async function outOfFoldScores(
  makeEstimator: () => Estimator,
  X: DenseMatrix,
  y: Uint8Array,
  opts: { nFolds: number; seed: number; fitContext?: FitContext },
): Promise<Float64Array> {
  const foldIds = stratifiedFoldIds(y, opts.nFolds, opts.seed);
  const out = new Float64Array(y.length);
  for (let fold = 0; fold < opts.nFolds; fold++) {
    const { train, test } = foldRows(foldIds, fold);
    const model = await makeEstimator().fit(takeRows(X, train), takeLabels(y, train), opts.fitContext);
    const scores = await model.predictProba(takeRows(X, test), { threads: opts.fitContext?.threads });
    test.forEach((row, k) => (out[row] = scores[k]));
  }
  return out;
}
