// Cross-validation of any Estimator: stratified folds (stratified-k-fold.ts),
// one fit per fold on the other folds, ROC AUC on the held-out fold.
import { takeLabels, takeRows, type DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, FeatureImportance, FitContext } from '../core/estimator.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { foldRows, groupFoldIds, stratifiedFoldIds } from './stratified-k-fold.js';

export interface FoldScore {
  /** 1-based, as printed. */
  readonly fold: number;
  readonly auc: number;
  readonly nTrain: number;
  readonly nTest: number;
  /** The fold model's fitNotes (rounds kept by early stopping, a forest's out-of-bag AUC), if any. */
  readonly notes?: string;
}

/** One fold's held-out rows: their labels and the fold model's scores. */
export interface FoldPredictions {
  readonly labels: Uint8Array;
  readonly scores: Float64Array;
  /** Which rows of the data they are (absent where only labels and scores were kept). */
  readonly rows?: readonly number[];
}

export interface CvResult {
  readonly folds: readonly FoldScore[];
  /** Per fold, in fold order. */
  readonly predictions: readonly FoldPredictions[];
  /** Gain and split counts summed over the fold models, for models that report them. */
  readonly importance?: FeatureImportance;
  readonly meanAuc: number;
  /** Population standard deviation over folds (numpy's default, ddof = 0). */
  readonly stdAuc: number;
  /** The same fold models scored on the held-out rows processed (cv --test-transform), when the folds gave them. */
  readonly processed?: CvResult;
}

export interface CrossValidateOptions {
  readonly nFolds: number;
  readonly seed: number;
  /** Called after each fold, with its held-out rows' labels and scores. */
  readonly onFold?: (score: FoldScore, held: FoldPredictions) => void;
  readonly fitContext?: FitContext;
  /** Each row's group: rows of a group stay in one fold (groupFoldIds) instead of stratified folds. */
  readonly groups?: readonly string[];
}

/** The matrices one fold's model is fitted and scored on. */
export interface FoldData {
  readonly trainX: DenseMatrix;
  readonly testX: DenseMatrix;
  /** Labels of trainX's rows when they are not the training rows' own (augmented copies added). */
  readonly trainY?: Uint8Array;
  /** The held-out rows once more, processed (a test condition), scored beside testX. */
  readonly processedTestX?: DenseMatrix;
}

/**
 * Builds a fold's matrices from its training and held-out row indices: the
 * rows as they are, or with whatever is fitted on the data (a PCA) fitted on
 * the training rows alone. `fold` is 0-based; the same fold of the same
 * seed always has the same rows (a caller may keep its matrices).
 */
export type PrepareFold = (
  train: readonly number[],
  test: readonly number[],
  fold: number,
) => Promise<FoldData> | FoldData;

/** The rows of X as they are: cross-validation of a fixed feature matrix. */
export const takeFoldRows =
  (X: DenseMatrix): PrepareFold =>
  (train, test) => ({ trainX: takeRows(X, train), testX: takeRows(X, test) });

/**
 * The one fold loop (cv on features, cv on pictures, calibration's
 * out-of-fold scores): stratified folds of `y`, each fold's matrices from
 * `prepare`, a fresh model from `makeEstimator` (given the 0-based fold)
 * fitted and scored on them.
 */
export async function crossValidateFolds(
  makeEstimator: (fold: number) => Estimator,
  y: Uint8Array,
  prepare: PrepareFold,
  opts: CrossValidateOptions,
): Promise<CvResult> {
  const foldIds = opts.groups
    ? groupFoldIds(y, opts.groups, opts.nFolds, opts.seed)
    : stratifiedFoldIds(y, opts.nFolds, opts.seed);
  const folds: FoldScore[] = [];
  const predictions: FoldPredictions[] = [];
  const processedFolds: FoldScore[] = [];
  const processedPredictions: FoldPredictions[] = [];
  let importance: { gain: Float64Array; splits: Uint32Array } | undefined;
  for (let fold = 0; fold < opts.nFolds; fold++) {
    const { train, test } = foldRows(foldIds, fold);
    const { trainX, testX, trainY, processedTestX } = await prepare(Array.from(train), Array.from(test), fold);
    const model = await makeEstimator(fold).fit(trainX, trainY ?? takeLabels(y, train), opts.fitContext);
    const labels = takeLabels(y, test);
    const scores = await model.predictProba(testX, { threads: opts.fitContext?.threads });
    const auc = rocAuc(labels, scores);
    const nTrain = trainX.nRows;
    const score = { fold: fold + 1, auc, nTrain, nTest: test.length, notes: model.fitNotes?.() };
    if (processedTestX) {
      const processedScores = await model.predictProba(processedTestX, { threads: opts.fitContext?.threads });
      processedFolds.push({ ...score, auc: rocAuc(labels, processedScores) });
      processedPredictions.push({ labels, scores: processedScores, rows: Array.from(test) });
    }
    folds.push(score);
    const held = { labels, scores, rows: Array.from(test) };
    predictions.push(held);
    const own = model.featureImportance?.();
    if (own) {
      importance ??= { gain: new Float64Array(own.gain.length), splits: new Uint32Array(own.splits.length) };
      own.gain.forEach((g, f) => (importance!.gain[f] += g));
      own.splits.forEach((n, f) => (importance!.splits[f] += n));
    }
    opts.onFold?.(score, held);
  }
  const processed =
    processedFolds.length > 0
      ? { folds: processedFolds, predictions: processedPredictions, ...meanAndSd(processedFolds) }
      : undefined;
  return { folds, predictions, importance, ...meanAndSd(folds), processed };
}

function meanAndSd(folds: readonly FoldScore[]): { meanAuc: number; stdAuc: number } {
  const meanAuc = folds.reduce((s, f) => s + f.auc, 0) / folds.length;
  const stdAuc = Math.sqrt(folds.reduce((s, f) => s + (f.auc - meanAuc) ** 2, 0) / folds.length);
  return { meanAuc, stdAuc };
}

/** `makeEstimator` gives a fresh, unfitted model per fold. */
export async function crossValidate(
  makeEstimator: () => Estimator,
  X: DenseMatrix,
  y: Uint8Array,
  opts: CrossValidateOptions,
): Promise<CvResult> {
  return crossValidateFolds(makeEstimator, y, takeFoldRows(X), opts);
}
