// Cross-validation from pictures, without the leak of `pca` then `cv`: every
// picture is decoded once (features pool) into its full-resolution values,
// which need no fitting and are reused by every fold, and, with pca, its
// thumbnail, held in memory; then in each fold the PCA is fitted on the
// training folds' thumbnails only and projects both parts, and the model is
// fitted and scored. The leaky protocol (PCA fitted once on every picture,
// held-out ones included) is run on the same folds for comparison.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, FitContext } from '../core/estimator.js';
import {
  crossValidate,
  crossValidateFolds,
  type CvResult,
  type FoldPredictions,
  type FoldScore,
} from '../cv/cross-validate.js';
import {
  fullResolutionLength,
  featureColumns,
  placeColumns,
  type FullResolutionSpec,
} from '../features/feature-kinds.js';
import { featurizeSet, withFilesPool, type PcaSettings } from '../features/features-pipeline.js';
import { runPca } from '../pca/pca-pipeline.js';
import { pixelsInMemorySet, type PictureSet } from '../pictures/picture-sets.js';
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

  // the one fold loop; in each fold the PCA is fitted on the training rows' thumbnails alone
  let k = 0;
  const inFold = await crossValidateFolds(
    opts.makeEstimator,
    y,
    async (train, test) => {
      if (!wantPca) return { trainX: matrix(train, 0), testX: matrix(test, 0) };
      const s = await pcaScores(train, test);
      k = s.k;
      return { trainX: matrix(train, k, s.fit), testX: matrix(test, k, s.projected) };
    },
    {
      nFolds: opts.nFolds,
      seed: opts.seed,
      fitContext: { threads: opts.threads, ...opts.fitContext },
      onFold: (score, held) => {
        opts.onFold?.(score, held);
        opts.onProgress?.('cv folds', score.fold, opts.nFolds, 'folds');
      },
    },
  );

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
