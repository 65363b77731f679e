// Out-of-fold scores: every training row scored by a model fitted on the
// other folds (stratified, seeded), as scikit-learn's cross_val_predict does
// for CalibratedClassifierCV(cv=5, ensemble=False).
import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, FitContext } from '../core/estimator.js';
import { crossValidate } from '../cv/cross-validate.js';

export async function outOfFoldScores(
  makeEstimator: () => Estimator,
  X: DenseMatrix,
  y: Uint8Array,
  opts: { nFolds: number; seed: number; fitContext?: FitContext },
): Promise<Float64Array> {
  const out = new Float64Array(y.length);
  const cv = await crossValidate(makeEstimator, X, y, opts);
  for (const held of cv.predictions) held.rows!.forEach((row, k) => (out[row] = held.scores[k]));
  return out;
}
