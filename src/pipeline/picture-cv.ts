// Cross-validation from pictures, without the leak of `pca` then `cv`: every
// picture is decoded once (features pool) into its full-resolution values,
// which need no fitting and are reused by every fold, and, with pca, its
// thumbnail, held in memory; then in each fold the PCA is fitted on the
// training folds' thumbnails only and projects both parts, and the model is
// fitted and scored. The leaky protocol (PCA fitted once on every picture,
// held-out ones included) is run on the same folds for comparison.
import { denseMatrix, takeLabels, type DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, FitContext } from '../core/estimator.js';
import { crossValidate, type CvResult, type FoldPredictions, type FoldScore } from '../cv/cross-validate.js';
import { foldRows, stratifiedFoldIds } from '../cv/stratified-k-fold.js';
import {
  fullResolutionLength,
  featureColumns,
  placeColumns,
  type FullResolutionSpec,
} from '../features/feature-kinds.js';
import { featurizeSet, withFilesPool, type PcaSettings } from '../features/features-pipeline.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { runPca } from '../pca/pca-pipeline.js';
import { pixelsInMemorySet, type PictureSet } from '../pca/picture-sets.js';
import { InputError } from '../util/errors.js';
import type { StageProgress } from '../util/progress.js';

export interface PictureCvOptions {
  /** The labelled training pictures (files). */
  readonly set: PictureSet;
  readonly spec: FullResolutionSpec;
  readonly pca: PcaSettings;
  readonly makeEstimator: () => Estimator;
  readonly nFolds: number;
  readonly seed: number;
  readonly skipBad: boolean;
  readonly threads: number;
  readonly fitContext?: FitContext;
  readonly onProgress?: StageProgress;
  readonly onFold?: (score: FoldScore, held: FoldPredictions) => void;
}

export interface PictureCvResult {
  /** The PCA fitted on the training folds only, in every fold. */
  readonly inFold: CvResult;
  /** The PCA fitted once on every picture (what `pca` then `cv` measures); absent without pca. */
  readonly leaky?: CvResult;
  readonly columns: string[];
  readonly pictures: number;
  readonly skipped: Array<{ name: string; message: string }>;
}

export async function crossValidatePictures(opts: PictureCvOptions): Promise<PictureCvResult> {
  const { spec } = opts;
  const wantPca = spec.kinds.includes('pca');
  const size = opts.pca.size;
  const skipped: Array<{ setName: 'train' | 'valid' | 'test'; name: string; message: string }> = [];
  const decoded = await withFilesPool({ sets: [opts.set], threads: opts.threads }, (pool) =>
    featurizeSet(pool, opts.set, spec, wantPca ? size : 0, opts, skipped),
  );
  const n = decoded.kept.length;
  if (!opts.set.labels) throw new InputError(`${opts.set.origin}: cv needs labelled pictures`);
  const y = Uint8Array.from(decoded.kept, (i) => opts.set.labels![i]);
  const width = fullResolutionLength(spec);
  const all = Array.from({ length: n }, (_, i) => i);

  /** PCA fitted on thumbnails `fitRows`, scores of `rows` (nComponents each). */
  const pcaScores = async (fitRows: readonly number[], projectRows: readonly number[]) => {
    const sets = [pixelsInMemorySet('train', opts.set.origin, decoded.pixels!, size, fitRows)];
    if (projectRows.length > 0)
      sets.push(pixelsInMemorySet('test', opts.set.origin, decoded.pixels!, size, projectRows));
    const r = await runPca({
      sets,
      ...opts.pca,
      seed: opts.seed,
      skipBad: false,
      threads: opts.threads,
    });
    return { k: r.model.nComponents, fit: r.sets[0].scores, projected: r.sets[1]?.scores };
  };

  /** Rows `rows` with every kind's columns, in the order of the kinds; pca scores given row by row. */
  const matrix = (rows: readonly number[], k: number, scores?: Float32Array): DenseMatrix => {
    const cols = width + (wantPca ? k : 0);
    const out = new Float32Array(rows.length * cols);
    rows.forEach((row, r) => {
      const full = decoded.values.subarray(row * width, (row + 1) * width);
      placeColumns(spec, full, scores?.subarray(r * k, (r + 1) * k), out, r * cols);
    });
    return denseMatrix(rows.length, cols, out);
  };

  const foldIds = stratifiedFoldIds(y, opts.nFolds, opts.seed);
  const folds: FoldScore[] = [];
  const predictions: FoldPredictions[] = [];
  let k = 0;
  for (let fold = 0; fold < opts.nFolds; fold++) {
    const { train, test } = foldRows(foldIds, fold);
    let trainX: DenseMatrix;
    let testX: DenseMatrix;
    if (wantPca) {
      const s = await pcaScores(Array.from(train), Array.from(test));
      k = s.k;
      trainX = matrix(Array.from(train), k, s.fit);
      testX = matrix(Array.from(test), k, s.projected);
    } else {
      trainX = matrix(Array.from(train), 0);
      testX = matrix(Array.from(test), 0);
    }
    const model = await opts.makeEstimator().fit(trainX, takeLabels(y, train), opts.fitContext);
    const labels = takeLabels(y, test);
    const scores = await model.predictProba(testX, { threads: opts.threads });
    const score = { fold: fold + 1, auc: rocAuc(labels, scores), nTrain: train.length, nTest: test.length };
    folds.push(score);
    predictions.push({ labels, scores });
    opts.onFold?.(score, { labels, scores });
    opts.onProgress?.('cv folds', fold + 1, opts.nFolds, 'folds');
  }
  const meanAuc = folds.reduce((s, f) => s + f.auc, 0) / folds.length;
  const stdAuc = Math.sqrt(folds.reduce((s, f) => s + (f.auc - meanAuc) ** 2, 0) / folds.length);
  const inFold: CvResult = { folds, predictions, meanAuc, stdAuc };

  let leaky: CvResult | undefined;
  if (wantPca) {
    const s = await pcaScores(all, []);
    leaky = await crossValidate(opts.makeEstimator, matrix(all, s.k, s.fit), y, {
      nFolds: opts.nFolds,
      seed: opts.seed,
      fitContext: opts.fitContext,
    });
    k = s.k;
  }
  const columns = featureColumns(spec, k);
  return { inFold, leaky, columns, pictures: n, skipped: skipped.map(({ name, message }) => ({ name, message })) };
}
