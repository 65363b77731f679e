// Cross-validation from pictures, without the leak of `pca` then `cv`: every
// picture is decoded once (features pool) into its full-resolution values,
// which need no fitting and are reused by every fold, and, with pca, its
// thumbnail, held in memory; then in each fold the featurizer is fitted on
// the training folds only (its PCA on their thumbnails) and transforms both
// parts, and the model is fitted and scored. The leaky protocol (PCA fitted once on every picture,
// held-out ones included) is run on the same folds for comparison.
import type { Estimator, FitContext } from '../core/estimator.js';
import {
  crossValidate,
  crossValidateFolds,
  type CvResult,
  type FoldPredictions,
  type FoldScore,
} from '../cv/cross-validate.js';
import type { FullResolutionSpec } from '../features/feature-kinds.js';
import { decodeAndHold, fit, matrixOf, type PcaSettings } from '../features/featurizer.js';
import { decodedSet, type PictureSet } from '../pictures/picture-sets.js';
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
  if (!opts.set.labels) throw new InputError(`${opts.set.origin}: cv needs labelled pictures`);
  const run = { seed: opts.seed, skipBad: opts.skipBad, threads: opts.threads };
  const { decoded, kept, skipped } = await decodeAndHold(opts.set, spec, wantPca ? opts.pca.size : 0, {
    ...run,
    onProgress: opts.onProgress,
  });
  const n = kept.length;
  const y = Uint8Array.from(kept, (i) => opts.set.labels![i]);
  const all = Array.from({ length: n }, (_, i) => i);
  const origin = opts.set.origin;

  /** The featurizer fitted on rows `fitOn` (its PCA; nothing else is fitted); the matrices of `fitOn` and `apply`. */
  const fitted = async (fitOn: readonly number[], apply: readonly number[]) => {
    const sets = [decodedSet('train', origin, decoded, fitOn)];
    if (apply.length > 0) sets.push(decodedSet('test', origin, decoded, apply));
    const r = await fit(spec, opts.pca, sets, { ...run, skipBad: false });
    const [trainX, testX] = r.sets.map((s) => matrixOf(s, r.columns.length));
    return { columns: r.columns, trainX, testX };
  };

  // the one fold loop; in each fold the featurizer is fitted on the training rows alone
  let columns: string[] = [];
  const inFold = await crossValidateFolds(
    opts.makeEstimator,
    y,
    async (train, test) => {
      const f = await fitted(train, test);
      columns = f.columns;
      return { trainX: f.trainX, testX: f.testX! };
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
    const f = await fitted(all, []);
    leaky = await crossValidate(opts.makeEstimator, f.trainX, y, {
      nFolds: opts.nFolds,
      seed: opts.seed,
      fitContext: opts.fitContext,
    });
    columns = f.columns;
  }
  return { inFold, leaky, columns, pictures: n, skipped };
}
