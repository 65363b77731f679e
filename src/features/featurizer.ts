// The featurizer: pictures -> feature rows, by the kinds of the table
// (feature-kinds.ts). fit() learns what is learned (the PCA, on the train
// set) and returns every set's rows; transform() applies a fitted (or saved)
// featurizer. Both run one path: each set is loaded once, and loading is
// featurizing it (featurizing-sets.ts): full-resolution values into a store,
// thumbnails straight into the PCA's rows (never held twice). With pca the
// PCA pipeline (pca/pca-pipeline.ts) orders the loading (fit on train, then
// project each set); without, each set is loaded in turn. The columns are
// put side by side in the order of the kinds. `features`, `pca`, cv and
// train on pictures and predict on pictures all come here.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';
import type { SetName } from '../io/automl.js';
import { DEFAULT_MAX_PIXELS } from '../images/limits.js';
import { runPca, type SetFeatures } from '../pca/pca-pipeline.js';
import type { PcaModel } from '../pca/pca-model.js';
import { loadPictures, type LoadPolicy } from '../pictures/load-pictures.js';
import { imageFolderSet, type DecodedPictures, type PictureSet, type PixelRowSink } from '../pictures/picture-sets.js';
import type { StageProgress } from '../util/progress.js';
import {
  featureColumns,
  fullResolutionLength,
  placeColumns,
  specWith,
  type FullResolutionSpec,
} from './feature-kinds.js';
import { withReencoding, type Featurizer } from './featurizer-file.js';
import { featurizingSet, withFilesPool, worthCaching, type FilesRun } from './featurizing-sets.js';
import { loadFft } from './half-spectrum.js';

export interface PcaSettings {
  readonly size: number;
  readonly components: number;
  readonly fitRows?: number;
  readonly oversamples?: number;
  readonly powerIterations?: number;
}

/** How a run goes: none of it changes a value but the seed. */
export interface FeaturizerRun extends LoadPolicy, FilesRun {
  readonly seed: number;
  readonly onProgress?: StageProgress;
}

export interface FeaturizedSets {
  /** The fitted featurizer (for transform: the one given). */
  readonly featurizer: Featurizer;
  readonly columns: string[];
  /** `scores` holds every column, nRows x columns.length; rows of unreadable pictures left out (skipBad). */
  readonly sets: SetFeatures[];
  readonly skipped: Array<{ setName: SetName; name: string; message: string }>;
}

/** Fits the featurizer of `spec` on the set named train (the PCA; nothing else is fitted) and featurizes every set. */
export function fit(
  spec: FullResolutionSpec,
  pca: PcaSettings,
  sets: readonly PictureSet[],
  run: FeaturizerRun,
): Promise<FeaturizedSets> {
  return featurize(spec, { settings: pca }, sets, run);
}

/** Featurizes every set with a fitted featurizer: its columns mean what the training set's did. */
export async function transform(
  featurizer: Featurizer,
  sets: readonly PictureSet[],
  run: FeaturizerRun,
): Promise<FeaturizedSets> {
  const pca = featurizer.pca;
  const settings = { size: pca?.size ?? 0, components: pca?.nComponents ?? 0 };
  return { ...(await featurize(featurizer, { model: pca, settings }, sets, run)), featurizer };
}

async function featurize(
  spec: FullResolutionSpec,
  pca: { readonly model?: PcaModel; readonly settings: PcaSettings },
  sets: readonly PictureSet[],
  run: FeaturizerRun,
): Promise<FeaturizedSets> {
  const width = fullResolutionLength(spec);
  const wantPca = spec.kinds.includes('pca');
  if (width > 0 && sets.some((s) => 'pixelRowsFile' in s.source)) await loadFft(); // raw-pixel rows are featurized here
  // pca alone decodes on the PCA engine's own workers, unless pictures are processed or worth caching (only the features pool does either)
  const onFeaturesPool =
    width > 0 ||
    sets.some((s) => 'files' in s.source && s.source.processing) ||
    (run.cache !== undefined && worthCaching(sets));
  return withFilesPool(onFeaturesPool ? sets : [], run, async (pool) => {
    const stores = new Map<SetName, Float32Array>();
    const loading = sets.map((set) => {
      if (!onFeaturesPool) return set;
      const store = new Float32Array(set.names.length * width);
      stores.set(set.setName, store);
      return featurizingSet(set, pool, spec, store, run);
    });
    const loaded = wantPca
      ? await runPca({
          ...pca.settings,
          seed: run.seed,
          skipBad: run.skipBad,
          everyPicture: run.everyPicture,
          threads: run.threads,
          onProgress: run.onProgress,
          onWarning: run.onWarning,
          sets: loading,
          model: pca.model,
        })
      : await loadEach(loading, run);
    const k = loaded.model?.nComponents ?? 0;
    const columns = featureColumns(spec, k);
    const featurizer: Featurizer = specWith(spec.kinds, spec);
    return {
      featurizer: loaded.model ? { ...featurizer, pca: loaded.model } : featurizer,
      columns,
      sets: width === 0 ? loaded.sets : loaded.sets.map((s) => sideBySide(s, sets, stores, spec, k, columns.length)),
      skipped: loaded.skipped,
    };
  });
}

/** No sink: loading featurizes, and no thumbnail is wanted (size 0). */
const NO_PIXELS: PixelRowSink = {
  pixelRows: () => new Uint8Array(0),
  decodeFiles: () => Promise.reject(new Error('no thumbnails are wanted')),
};

/** Without pca: each set loaded (featurized) in turn. */
async function loadEach(sets: readonly PictureSet[], run: FeaturizerRun) {
  const skipped: FeaturizedSets['skipped'] = [];
  const out: SetFeatures[] = [];
  for (const set of sets) {
    const all = set.names.map((_, i) => i);
    const label = `features ${set.setName}`;
    const { kept, failed } = await loadPictures(set, NO_PIXELS, all, 0, run, (done) =>
      run.onProgress?.(label, done, all.length, 'pictures'),
    );
    for (const f of failed) skipped.push({ setName: set.setName, name: set.names[f.index], message: f.message });
    out.push({
      setName: set.setName,
      names: kept.map((i) => set.names[i]),
      labels: set.labels ? Uint8Array.from(kept, (i) => set.labels![i]) : undefined,
      scores: new Float32Array(0),
    });
  }
  return { model: undefined, sets: out, skipped };
}

/** A set's rows with every kind's columns: the full-resolution values from the store, the pca scores from `s`. */
function sideBySide(
  s: SetFeatures,
  sets: readonly PictureSet[],
  stores: ReadonlyMap<SetName, Float32Array>,
  spec: FullResolutionSpec,
  k: number,
  nColumns: number,
): SetFeatures {
  const width = fullResolutionLength(spec);
  const set = sets.find((x) => x.setName === s.setName)!;
  const index = new Map(set.names.map((name, i) => [name, i]));
  const store = stores.get(s.setName)!;
  const scores = new Float32Array(s.names.length * nColumns);
  s.names.forEach((name, r) => {
    const i = index.get(name)!;
    const pcs = k > 0 ? s.scores.subarray(r * k, (r + 1) * k) : undefined;
    placeColumns(spec, store.subarray(i * width, (i + 1) * width), pcs, scores, r * nColumns);
  });
  return { ...s, scores };
}

/**
 * Decodes a set once and holds it (cv fits a featurizer per fold on it):
 * each picture's full-resolution values and, with thumbnailSize > 0, its
 * thumbnail. Unreadable pictures fail the run, or with skipBad are left out.
 * pictures/picture-sets.ts decodedSet() makes sets of its rows to fit on.
 */
export async function decodeAndHold(
  set: PictureSet,
  spec: FullResolutionSpec,
  thumbnailSize: number,
  run: FeaturizerRun,
): Promise<{ decoded: DecodedPictures; kept: number[]; skipped: Array<{ name: string; message: string }> }> {
  const width = fullResolutionLength(spec);
  const n = set.names.length;
  const d = thumbnailSize * thumbnailSize * 3;
  const pixels = new Uint8Array(n * d);
  const held: PixelRowSink = {
    pixelRows: (start, end) => pixels.subarray(start * d, end * d),
    decodeFiles: () => Promise.reject(new Error('pictures are decoded on the features pool')),
  };
  const store = new Float32Array(n * width);
  const label = `features ${set.setName}`;
  const { kept, failed } = await withFilesPool([set], run, (pool) =>
    loadPictures(
      featurizingSet(set, pool, spec, store, run),
      held,
      set.names.map((_, i) => i),
      thumbnailSize,
      run,
      (done) => run.onProgress?.(label, done, n, 'pictures'),
    ),
  );
  const values = new Float32Array(kept.length * width);
  kept.forEach((i, r) => values.set(store.subarray(i * width, (i + 1) * width), r * width));
  return {
    decoded: { values, width, pixels: d > 0 ? pixels.slice(0, kept.length * d) : undefined, side: thumbnailSize },
    kept,
    skipped: failed.map((f) => ({ name: set.names[f.index], message: f.message })),
  };
}

/** A set's rows as a matrix. */
export function matrixOf(set: SetFeatures, nColumns: number): DenseMatrix {
  return denseMatrix(set.names.length, nColumns, set.scores);
}

export interface TrainingFeatures {
  /** Fitted on the pictures, with their re-encoding quality. */
  readonly featurizer: Featurizer;
  readonly columns: string[];
  readonly X: DenseMatrix;
  readonly y: Uint8Array;
  readonly skipped: Array<{ name: string; message: string }>;
}

/** fit() on one labelled set (train --images): its rows and the featurizer as a model keeps it. */
export async function fitOnPictures(
  set: PictureSet,
  spec: FullResolutionSpec,
  pca: PcaSettings,
  run: FeaturizerRun & { reencodeJpeg?: number },
): Promise<TrainingFeatures> {
  const result = await fit(spec, pca, [set], run);
  const [rows] = result.sets;
  return {
    featurizer: withReencoding(result.featurizer, run.reencodeJpeg),
    columns: result.columns,
    X: matrixOf(rows, result.columns.length),
    y: rows.labels!,
    skipped: result.skipped.map(({ name, message }) => ({ name, message })),
  };
}

/**
 * transform() of picture files `paths`, rows in the order given (predict on
 * pictures, train's valid pictures). A path listed twice is decoded once.
 * Every picture must be readable: a submission has one row a picture.
 */
export async function transformFiles(
  featurizer: Featurizer,
  paths: readonly string[],
  origin: string,
  run: Omit<FeaturizerRun, 'skipBad'> & { maxPixels?: number },
): Promise<DenseMatrix> {
  const unique = [...new Set(paths)];
  const maxPixels = run.maxPixels ?? DEFAULT_MAX_PIXELS;
  const set = imageFolderSet('test', origin, unique, unique, undefined, maxPixels, featurizer.reencodeJpeg);
  const result = await transform(featurizer, [set], { ...run, skipBad: false, everyPicture: true });
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

export interface FeaturesRunOptions extends FeaturizerRun {
  readonly sets: readonly PictureSet[];
  /** Fitting: the kinds and their parameters. */
  readonly spec: FullResolutionSpec;
  /** Applying a saved featurizer instead (its spec and PCA win over `spec` and `pca`). */
  readonly featurizer?: Featurizer;
  readonly pca: PcaSettings;
}

/** The library's entry (what `persodata features` runs): transform with a saved featurizer, else fit. */
export function runFeatures(opts: FeaturesRunOptions): Promise<FeaturizedSets> {
  return opts.featurizer ? transform(opts.featurizer, opts.sets, opts) : fit(opts.spec, opts.pca, opts.sets, opts);
}
