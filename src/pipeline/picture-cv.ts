// Cross-validation from pictures, without the leak of `pca` then `cv`: every
// picture is decoded once (features pool) into its full-resolution values,
// which need no fitting and are reused by every fold, and, with pca, its
// thumbnail, held in memory; then in each fold the featurizer is fitted on
// the training folds only (its PCA on their thumbnails) and transforms both
// parts, and the model is fitted and scored. The leaky protocol (PCA fitted once on every picture,
// held-out ones included) is run on the same folds for comparison.
//
// With augmentation each picture is also decoded as K processed copies,
// which join the training rows of the folds that train on their picture
// (never a held-out fold). With a test condition every picture is also
// decoded once processed, and each fold model scores the held-out pictures
// both as they are and processed. With groups, a group's pictures stay in
// one fold.
import { takeRows, type DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, FitContext } from '../core/estimator.js';
import {
  crossValidate,
  crossValidateFolds,
  type CvResult,
  type FoldPredictions,
  type FoldScore,
  type PrepareFold,
} from '../cv/cross-validate.js';
import type { FullResolutionSpec } from '../features/feature-kinds.js';
import { decodeAndHold, fit, matrixOf, type PcaSettings } from '../features/featurizer.js';
import type { Processing } from '../images/processing.js';
import { decodedSet, type PictureSet } from '../pictures/picture-sets.js';
import { withProcessedCopies, type Variant } from '../pictures/processed-sets.js';
import { InputError } from '../util/errors.js';
import type { StageProgress } from '../util/progress.js';
import type { FeatureCacheSettings } from '../features/feature-cache.js';

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
  /** The feature cache the pictures are read through. */
  readonly cache?: FeatureCacheSettings;
  /** What came from the cache. */
  readonly onNote?: (message: string) => void;
  readonly fitContext?: FitContext;
  /** Processed copies added to the training folds (augmentation). */
  readonly augment?: readonly Variant[];
  /** Score each held-out fold processed so as well. */
  readonly testTransform?: Processing;
  /** Each picture's group (by the set's names): a group stays in one fold. */
  readonly groups?: readonly string[];
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
  /** The names of the pictures cv scored (those read), in the order of the predictions' rows. */
  readonly names: string[];
  readonly skipped: Array<{ name: string; message: string }>;
}

/** The decoded pictures of a cv, and each fold's matrices from them (the featurizer fitted on its training rows). */
export interface PictureFolds {
  /** The labels of the pictures read, in their order. */
  readonly y: Uint8Array;
  /** A fold's matrices: the featurizer fitted on its training pictures (and their augmented copies) alone. */
  readonly prepare: PrepareFold;
  /** The matrices of every picture, the featurizer fitted on all of them (the leaky protocol). */
  readonly fitAll: () => Promise<{ readonly X: DenseMatrix; readonly columns: string[] }>;
  /** The columns of the last matrices made. */
  readonly columns: () => string[];
  /** Each picture's group, when folds keep groups together. */
  readonly groups?: readonly string[];
  readonly names: string[];
  readonly skipped: Array<{ name: string; message: string }>;
}

/**
 * Decodes every picture once (and its processed copies) and returns how each
 * fold's matrices are made from them: what `cv --images` and `tune --images`
 * share. Nothing is fitted yet.
 */
export async function pictureFolds(
  opts: Omit<PictureCvOptions, 'makeEstimator' | 'nFolds' | 'onFold'>,
): Promise<PictureFolds> {
  const { spec } = opts;
  const wantPca = spec.kinds.includes('pca');
  if (!opts.set.labels) throw new InputError(`${opts.set.origin}: cv needs labelled pictures`);
  const run = {
    seed: opts.seed,
    skipBad: opts.skipBad,
    threads: opts.threads,
    cache: opts.cache,
    onNote: opts.onNote,
    onWarning: opts.fitContext?.onWarning,
  };
  // block 0: the pictures; then the test condition's copies; then the augmentation's
  const augment = opts.augment ?? [];
  const variants: Variant[] = [
    ...(opts.testTransform ? [{ processing: opts.testTransform, tag: 'test' }] : []),
    ...augment,
  ];
  const n0 = opts.set.names.length;
  const expanded = withProcessedCopies(opts.set, variants, opts.seed);
  const held = await decodeAndHold(expanded, spec, wantPca ? opts.pca.size : 0, {
    ...run,
    onProgress: opts.onProgress,
  });
  const { decoded } = held;
  // a picture is kept when it and every copy of it could be read; rowOf[b][i]: decoded row of block b, kept picture i
  const decodedRow = new Map(held.kept.map((index, row) => [index, row]));
  const kept = Array.from({ length: n0 }, (_, i) => i).filter(
    (i) => decodedRow.has(i) && variants.every((_, b) => decodedRow.has((b + 1) * n0 + i)),
  );
  const rowOf = [0, ...variants.map((_, b) => b + 1)].map((b) => kept.map((i) => decodedRow.get(b * n0 + i)!));
  const n = kept.length;
  const y = Uint8Array.from(kept, (i) => opts.set.labels![i]);
  const all = Array.from({ length: n }, (_, i) => i);
  const origin = opts.set.origin;
  const testBlock = opts.testTransform ? 1 : -1;
  const augBlocks = augment.map((_, k) => (opts.testTransform ? 2 : 1) + k);
  let columns: string[] = [];

  /**
   * The featurizer fitted on pictures `fitOn` and their augmented copies (its PCA; nothing else is
   * fitted); the matrices of those, of the pictures `apply`, and of `apply` processed.
   */
  const fitted = async (fitOn: readonly number[], apply: readonly number[]) => {
    const trainRows = [0, ...augBlocks].flatMap((b) => fitOn.map((i) => rowOf[b][i]));
    const sets = [decodedSet('train', origin, decoded, trainRows)];
    if (apply.length > 0)
      sets.push(
        decodedSet(
          'test',
          origin,
          decoded,
          apply.map((i) => rowOf[0][i]),
        ),
      );
    if (apply.length > 0 && testBlock > 0)
      sets.push(
        decodedSet(
          'valid',
          origin,
          decoded,
          apply.map((i) => rowOf[testBlock][i]),
        ),
      );
    const r = await fit(spec, opts.pca, sets, { ...run, skipBad: false });
    columns = r.columns;
    const [trainX, testX, processedTestX] = r.sets.map((s) => matrixOf(s, r.columns.length));
    const trainY = Uint8Array.from({ length: trainRows.length }, (_, k) => y[fitOn[k % fitOn.length]]);
    return { trainX, testX, processedTestX, trainY };
  };
  return {
    y,
    prepare: async (train, test) => {
      const f = await fitted(train, test);
      return { trainX: f.trainX, testX: f.testX!, trainY: f.trainY, processedTestX: f.processedTestX };
    },
    fitAll: async () => {
      const f = await fitted(all, []);
      // the pictures' own rows (block 0) only: the leaky protocol is the plain pca-then-cv one
      return { X: takeRows(f.trainX, all), columns };
    },
    columns: () => columns,
    groups: opts.groups && kept.map((i) => opts.groups![i]),
    names: kept.map((i) => opts.set.names[i]),
    skipped: held.skipped,
  };
}

export async function crossValidatePictures(opts: PictureCvOptions): Promise<PictureCvResult> {
  const folds = await pictureFolds(opts);
  const { y, groups } = folds;
  // the one fold loop; in each fold the featurizer is fitted on the training rows alone
  const inFold = await crossValidateFolds(opts.makeEstimator, y, folds.prepare, {
    nFolds: opts.nFolds,
    seed: opts.seed,
    groups,
    fitContext: { threads: opts.threads, ...opts.fitContext },
    onFold: (score, held) => {
      opts.onFold?.(score, held);
      opts.onProgress?.('cv folds', score.fold, opts.nFolds, 'folds');
    },
  });
  let columns = folds.columns();

  let leaky: CvResult | undefined;
  if (opts.spec.kinds.includes('pca')) {
    const all = await folds.fitAll();
    leaky = await crossValidate(opts.makeEstimator, all.X, y, {
      nFolds: opts.nFolds,
      seed: opts.seed,
      groups,
      fitContext: opts.fitContext,
    });
    columns = all.columns;
  }
  return { inFold, leaky, columns, pictures: y.length, names: folds.names, skipped: folds.skipped };
}
