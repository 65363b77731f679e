// What train --calibrate and --threshold-for fit: a calibrator and a cut on
// the training set's out-of-fold scores (5 folds, as scikit-learn's
// CalibratedClassifierCV(cv=5, ensemble=False)), with the figures train
// prints about them. The command only turns flags into this request.
import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator } from '../core/estimator.js';
import { accuracy, balancedAccuracy, logLoss } from '../metrics/classification.js';
import { InputError } from '../util/errors.js';
import { fitIsotonic } from './isotonic.js';
import { outOfFoldScores } from './out-of-fold.js';
import { bestCut, calibrated, type Calibrator, type Postprocess, type ThresholdMetric } from './postprocess.js';
import { fitSigmoid } from './sigmoid.js';

/** The inner folds of the out-of-fold scores (train has no --folds). */
export const INNER_FOLDS = 5;

export interface PostprocessRequest {
  readonly calibrate?: Calibrator['kind'];
  readonly thresholdFor?: ThresholdMetric;
  readonly seed: number;
  readonly threads: number;
}

export interface FittedPostprocess {
  readonly postprocess: Postprocess;
  /** The out-of-fold scores' log loss before and after calibration (with a calibrator). */
  readonly logLoss?: { readonly before: number; readonly after: number };
  /** The metric the cut maximises, at the cut and at 0.5 (with a threshold). */
  readonly thresholdMetric?: { readonly atCut: number; readonly atHalf: number };
}

/** Undefined when neither a calibrator nor a cut is asked for. */
export async function fitPostprocess(
  makeEstimator: () => Estimator,
  X: DenseMatrix,
  y: Uint8Array,
  req: PostprocessRequest,
): Promise<FittedPostprocess | undefined> {
  if (!req.calibrate && !req.thresholdFor) return undefined;
  const positives = y.reduce((n, v) => n + v, 0);
  const fewest = Math.min(positives, y.length - positives);
  if (fewest < INNER_FOLDS)
    throw new InputError(
      `${req.calibrate ? '--calibrate' : '--threshold-for'} fits on ${INNER_FOLDS}-fold out-of-fold scores, which need ${INNER_FOLDS} training rows of each class; class ${fewest === positives ? 1 : 0} has ${fewest}`,
    );
  const oof = await outOfFoldScores(makeEstimator, X, y, {
    nFolds: INNER_FOLDS,
    seed: req.seed,
    fitContext: { threads: req.threads },
  });
  const calibration =
    req.calibrate === 'isotonic' ? fitIsotonic(oof, y) : req.calibrate === 'sigmoid' ? fitSigmoid(oof, y) : undefined;
  const p = calibrated({ calibration }, oof);
  const metric = (cut: number) => (req.thresholdFor === 'accuracy' ? accuracy(y, p, cut) : balancedAccuracy(y, p, cut));
  const threshold = req.thresholdFor ? { metric: req.thresholdFor, cut: bestCut(req.thresholdFor, y, p) } : undefined;
  return {
    postprocess: { calibration, threshold },
    logLoss: calibration ? { before: logLoss(y, oof), after: logLoss(y, p) } : undefined,
    thresholdMetric: threshold ? { atCut: metric(threshold.cut), atHalf: metric(0.5) } : undefined,
  };
}
