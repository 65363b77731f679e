// The two ends of a pipeline model, on picture files: featurizing the
// labelled training pictures (the featurizer fitted on them, as
// `features --save` does) for `train --images`, and featurizing new
// pictures with a saved featurizer for `predict --model` on pictures. Both
// are `features`' run (features/features-pipeline.ts) on one set.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';
import type { FullResolutionSpec } from '../features/feature-kinds.js';
import { runFeatures, type PcaSettings } from '../features/features-pipeline.js';
import { withReencoding, type Featurizer } from '../features/featurizer-file.js';
import { DEFAULT_MAX_PIXELS } from '../images/limits.js';
import { imageFolderSet, type PictureSet } from '../pictures/picture-sets.js';
import { InputError } from '../util/errors.js';
import type { StageProgress } from '../util/progress.js';
import { DEFAULT_SIZE } from '../pca/pca-pipeline.js';

export interface PictureRunOptions {
  readonly seed: number;
  readonly threads: number;
  readonly onProgress?: StageProgress;
  readonly onWarning?: (message: string) => void;
}

export interface TrainingFeatures {
  /** Fitted on the pictures, with their re-encoding quality. */
  readonly featurizer: Featurizer;
  readonly columns: string[];
  readonly X: DenseMatrix;
  readonly y: Uint8Array;
  readonly skipped: Array<{ name: string; message: string }>;
}

/** Fits the featurizer on the labelled pictures of `set` and returns their rows. */
export async function featurizeTrainingPictures(
  set: PictureSet,
  spec: FullResolutionSpec,
  pca: PcaSettings,
  opts: PictureRunOptions & { skipBad: boolean; reencodeJpeg?: number },
): Promise<TrainingFeatures> {
  if (!set.labels) throw new InputError(`${set.origin}: training needs labelled pictures`);
  const result = await runFeatures({ sets: [set], spec, pca, ...opts });
  const [rows] = result.sets;
  return {
    featurizer: withReencoding(result.featurizer, opts.reencodeJpeg),
    columns: result.columns,
    X: denseMatrix(rows.names.length, result.columns.length, rows.scores),
    y: rows.labels!,
    skipped: result.skipped.map(({ name, message }) => ({ name, message })),
  };
}

/**
 * The rows of pictures `paths` under a saved featurizer, in the order given.
 * A path listed twice is decoded once. Every picture must be readable: a
 * submission has one row a picture.
 */
export async function featurizePictures(
  paths: readonly string[],
  origin: string,
  featurizer: Featurizer,
  opts: PictureRunOptions & { maxPixels?: number },
): Promise<DenseMatrix> {
  const unique = [...new Set(paths)];
  const set = imageFolderSet(
    'test',
    origin,
    unique,
    unique,
    undefined,
    opts.maxPixels ?? DEFAULT_MAX_PIXELS,
    featurizer.reencodeJpeg,
  );
  const result = await runFeatures({
    sets: [set],
    spec: featurizer,
    featurizer,
    pca: { size: featurizer.pca?.size ?? DEFAULT_SIZE, components: featurizer.pca?.nComponents ?? 0 },
    skipBad: false,
    everyPicture: true,
    ...opts,
  });
  const [rows] = result.sets;
  const width = result.columns.length;
  const rowOf = new Map(rows.names.map((name, i) => [name, i]));
  const out = new Float32Array(paths.length * width);
  paths.forEach((path, r) => {
    const i = rowOf.get(path)!;
    out.set(rows.scores.subarray(i * width, (i + 1) * width), r * width);
  });
  return denseMatrix(paths.length, width, out);
}
