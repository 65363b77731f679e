// What `persodata features` does, start to end, without the CLI: every
// picture is decoded once, on the worker pool, into its full-resolution
// values (spectrum, residual) and, when pca is asked for, a size x size x 3
// thumbnail. With pca, the PCA pipeline (pca/pca-pipeline.ts, the code
// `persodata pca` runs) drives: it loads the training set, fits (or applies
// a saved PCA), then loads and projects each other set, and loading a set
// is featurizing it, its thumbnails going straight into the PCA's pixel
// rows; so no set's thumbnails are held twice. The columns are put side by
// side in the order of the kinds. With pca alone this is `persodata pca`.
import type { SetName } from '../io/automl.js';
import { readPixelRows } from '../images/pixel-rows.js';
import { withPool, type TypedPool } from '../parallel/pool.js';
import { runPca, type SetFeatures } from '../pca/pca-pipeline.js';
import { unreadablePicturesError, type FileSource, type PictureSet } from '../pictures/picture-sets.js';
import { InputError } from '../util/errors.js';
import {
  fullResolutionKinds,
  fullResolutionLength,
  fullResolutionValues,
  featureColumns,
  placeColumns,
  type FullResolutionSpec,
} from './feature-kinds.js';
import type { Featurizer } from './featurizer-file.js';
import type * as FeaturesWorkerModule from './features.worker.js';
import type { FeatureTaskResult } from './features.worker.js';
import { loadFft } from './half-spectrum.js';
import type { StageProgress } from '../util/progress.js';
import { busyCores } from '../parallel/threads.js';

export type FeaturesWorker = typeof FeaturesWorkerModule;

export interface PcaSettings {
  readonly size: number;
  readonly components: number;
  readonly fitRows?: number;
  readonly oversamples?: number;
  readonly powerIterations?: number;
}

export interface FeaturesRunOptions {
  readonly sets: readonly PictureSet[];
  /** Fitting: the kinds and their parameters. */
  readonly spec: FullResolutionSpec;
  /** Applying a saved featurizer instead (its spec and PCA win over `spec`). */
  readonly featurizer?: Featurizer;
  readonly pca: PcaSettings;
  readonly seed: number;
  readonly skipBad: boolean;
  /** Every picture must be scored (predict: a submission has a row a picture; there is no --skip-bad to suggest). */
  readonly everyPicture?: boolean;
  readonly threads: number;
  readonly onProgress?: StageProgress;
  readonly onWarning?: (message: string) => void;
}

export interface FeaturesRunResult {
  readonly featurizer: Featurizer;
  readonly columns: string[];
  /** `scores` holds every column, nRows x columns.length. */
  readonly sets: SetFeatures[];
  readonly skipped: Array<{ setName: SetName; name: string; message: string }>;
}

/** Files per pool task: enough to hide the message cost for small pictures, few enough to balance big ones. */
const FILES_PER_TASK = 4;

export async function runFeatures(opts: FeaturesRunOptions): Promise<FeaturesRunResult> {
  const spec: FullResolutionSpec = opts.featurizer ?? opts.spec;
  const wantPca = spec.kinds.includes('pca');
  const savedPca = opts.featurizer?.pca;
  const size = savedPca?.size ?? opts.pca.size;
  const pcaOn = (sets: readonly PictureSet[]) =>
    runPca({
      sets,
      model: savedPca,
      ...opts.pca,
      size,
      seed: opts.seed,
      skipBad: opts.skipBad,
      threads: opts.threads,
      onProgress: opts.onProgress,
      onWarning: opts.onWarning,
    });

  if (fullResolutionKinds(spec.kinds).length === 0) {
    const result = await pcaOn(opts.sets);
    return {
      featurizer: { ...spec, pca: result.model },
      columns: featureColumns(spec, result.model.nComponents),
      sets: result.sets,
      skipped: result.skipped,
    };
  }

  const width = fullResolutionLength(spec);
  if (opts.sets.some((s) => 'pixelRowsFile' in s.source)) await loadFft(); // raw-pixel rows are featurized here
  if (!wantPca) {
    const skipped: FeaturesRunResult['skipped'] = [];
    const full = await withFilesPool(opts, async (pool) => {
      const out: FullResolutionSet[] = [];
      for (const set of opts.sets) out.push(await featurizeSet(pool, set, spec, 0, opts, skipped));
      return out;
    });
    const featurizer: Featurizer = { kinds: spec.kinds, spectrumBins: spec.spectrumBins, grid: spec.grid };
    const sets = full.map((f): SetFeatures => ({
      setName: f.set.setName,
      names: f.kept.map((i) => f.set.names[i]),
      labels: f.set.labels ? Uint8Array.from(f.kept, (i) => f.set.labels![i]) : undefined,
      scores: f.values,
    }));
    return { featurizer, columns: featureColumns(spec, 0), sets, skipped };
  }

  // with pca: the PCA pipeline loads each set when it needs it, and loading a set of files is
  // featurizing it: values kept here, thumbnails straight into the PCA's pixel rows
  return withFilesPool(opts, async (pool) => {
    const values = new Map<PictureSet, Float32Array>();
    const pcaSets = opts.sets.map((set) => {
      if ('files' in set.source) {
        const store = new Float32Array(set.names.length * width);
        values.set(set, store);
        return featurizingSet(set, set.source, pool!, spec, store, opts);
      }
      values.set(set, featurizeRows(set, spec, opts.onProgress));
      return set; // raw-pixel rows: the PCA reads the file again
    });
    const result = await pcaOn(pcaSets);
    const model = result.model;
    const k = model.nComponents;
    const columns = featureColumns(spec, model.nComponents);
    const sets = result.sets.map((s): SetFeatures => {
      const set = opts.sets.find((x) => x.setName === s.setName)!;
      const index = new Map(set.names.map((name, i) => [name, i]));
      const store = values.get(set)!;
      const scores = new Float32Array(s.names.length * columns.length);
      s.names.forEach((name, r) => {
        const i = index.get(name)!;
        const full = store.subarray(i * width, (i + 1) * width);
        placeColumns(spec, full, s.scores.subarray(r * k, (r + 1) * k), scores, r * columns.length);
      });
      return { ...s, scores };
    });
    return {
      featurizer: { kinds: spec.kinds, spectrumBins: spec.spectrumBins, grid: spec.grid, pca: model },
      columns,
      sets,
      skipped: result.skipped,
    };
  });
}

/** Runs `body` with a features pool when some set is files (none is needed for raw-pixel rows). */
export async function withFilesPool<T>(
  opts: Pick<FeaturesRunOptions, 'sets' | 'threads'>,
  body: (pool: TypedPool<FeaturesWorker> | undefined) => Promise<T>,
): Promise<T> {
  if (!opts.sets.some((s) => 'files' in s.source)) return body(undefined);
  return withPool<FeaturesWorker, T>(
    { worker: 'features/features.worker', threads: busyCores(opts.threads), workerData: null },
    body,
  );
}

export interface FullResolutionSet {
  readonly set: PictureSet;
  /** Indices into set.names of the pictures that were read. */
  readonly kept: number[];
  /** kept.length x fullResolutionLength(spec). */
  readonly values: Float32Array;
  /** kept.length thumbnails of pcaSize x pcaSize x 3, when asked for (picture files only). */
  readonly pixels?: Uint8Array;
}

/**
 * One set's full-resolution values and, with pcaSize > 0, its thumbnails
 * (all held: for cv, which fits a PCA per fold on them). Unreadable pictures
 * fail the run, or with skipBad are listed in `skipped` and left out.
 */
export async function featurizeSet(
  pool: TypedPool<FeaturesWorker> | undefined,
  set: PictureSet,
  spec: FullResolutionSpec,
  pcaSize: number,
  opts: Pick<FeaturesRunOptions, 'skipBad' | 'everyPicture' | 'threads' | 'onProgress'>,
  skipped: FeaturesRunResult['skipped'],
): Promise<FullResolutionSet> {
  const width = fullResolutionLength(spec);
  const source = set.source;
  if (!('files' in source))
    return { set, kept: set.names.map((_, i) => i), values: featurizeRows(set, spec, opts.onProgress) };
  const n = set.names.length;
  const d = pcaSize * pcaSize * 3;
  const values = new Float32Array(n * width);
  const pixels = pcaSize > 0 ? new Uint8Array(n * d) : undefined;
  const progress = (done: number, total: number) =>
    opts.onProgress?.(`features ${set.setName}`, done, total, 'pictures');
  const failures = await featurizeFiles(pool!, source, spec, pcaSize, opts, progress, (start, r) => {
    values.set(r.values, start * width);
    if (pixels && r.pixels) pixels.set(r.pixels, start * d);
  });
  if (failures.length > 0 && !opts.skipBad)
    throw unreadablePicturesError(
      set.origin,
      failures.map((f) => ({ name: set.names[f.index], message: f.message })),
      opts.everyPicture ? 'a submission scores every picture: replace or remove them' : undefined,
    );
  const bad = new Set(failures.map((f) => f.index));
  for (const f of failures) skipped.push({ setName: set.setName, name: set.names[f.index], message: f.message });
  const kept = set.names.map((_, i) => i).filter((i) => !bad.has(i));
  if (kept.length === 0)
    throw unreadablePicturesError(
      set.origin,
      failures.map((f) => ({ name: set.names[f.index], message: f.message })),
      `every one of them: --skip-bad would leave an empty ${set.setName} set`,
    );
  if (kept.length === n) return { set, kept, values, pixels };
  kept.forEach((from, to) => {
    values.copyWithin(to * width, from * width, (from + 1) * width);
    pixels?.copyWithin(to * d, from * d, (from + 1) * d);
  });
  return { set, kept, values: values.slice(0, kept.length * width), pixels: pixels?.slice(0, kept.length * d) };
}

/**
 * A set of picture files that the PCA pipeline loads like any other, but
 * whose loading is featurizing: the full-resolution values go to `store`
 * (row = the picture's index in the set), the thumbnails into the PCA's rows.
 */
function featurizingSet(
  set: PictureSet,
  source: FileSource,
  pool: TypedPool<FeaturesWorker>,
  spec: FullResolutionSpec,
  store: Float32Array,
  opts: FeaturesRunOptions,
): PictureSet {
  const width = fullResolutionLength(spec);
  return {
    ...set,
    load: (engine, indices, rowStart, size, onProgress) => {
      const d = size * size * 3;
      const files = indices.map((i) => source.files[i]);
      let done = 0;
      // progress goes through the PCA pipeline's onProgress, which labels it
      return featurizeFiles(pool, { ...source, files }, spec, size, opts, undefined, (start, r) => {
        const n = r.values.length / width;
        for (let k = 0; k < n; k++) {
          store.set(r.values.subarray(k * width, (k + 1) * width), indices[start + k] * width);
          engine.pixelRows(rowStart + start + k, rowStart + start + k + 1).set(r.pixels!.subarray(k * d, (k + 1) * d));
        }
        done += n;
        onProgress?.(done);
      });
    },
  };
}

/**
 * Runs the files through the pool a few at a time, at most two tasks per
 * thread in flight, and hands each result to `take` with the position of
 * its first file as it arrives (so nothing depends on the thread count, and
 * nothing but the results in flight is held). Without --skip-bad no new
 * task starts after a failure. Returns the failures, by position.
 */
async function featurizeFiles(
  pool: TypedPool<FeaturesWorker>,
  source: FileSource,
  spec: FullResolutionSpec,
  pcaSize: number,
  opts: Pick<FeaturesRunOptions, 'skipBad' | 'threads'>,
  progress: ((done: number, total: number) => void) | undefined,
  take: (start: number, result: FeatureTaskResult) => void,
): Promise<Array<{ index: number; message: string }>> {
  const n = source.files.length;
  const failures: Array<{ index: number; message: string }> = [];
  let next = 0;
  let done = 0;
  const chain = async () => {
    while (next < n && (opts.skipBad || failures.length === 0)) {
      const start = next;
      next = Math.min(n, next + FILES_PER_TASK);
      const { maxPixels, reencodeJpeg } = source;
      const files = source.files.slice(start, next);
      const r = await pool.run('featurize', { files, spec, pcaSize, maxPixels, reencodeJpeg });
      take(start, r);
      for (const f of r.failures) failures.push({ index: start + f.index, message: f.message });
      done += r.values.length / fullResolutionLength(spec);
      progress?.(done, n);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.threads * 2) }, chain));
  return failures.sort((a, b) => a.index - b.index);
}

/**
 * Raw-pixel rows are small pictures (the challenge's 64x64): their values are
 * computed here, reading the file once, at a fraction of a millisecond each.
 */
function featurizeRows(
  set: PictureSet,
  spec: FullResolutionSpec,
  onProgress: FeaturesRunOptions['onProgress'],
): Float32Array {
  const source = set.source;
  if (!('pixelRowsFile' in source)) throw new Error(`${set.origin}: not raw-pixel rows`);
  const n = set.names.length;
  const width = fullResolutionLength(spec);
  const values = new Float32Array(n * width);
  const all = Array.from({ length: n }, (_, i) => i);
  readPixelRows(source.pixelRowsFile, source.side * source.side * 3, all, (line, pixels) => {
    try {
      fullResolutionValues(pixels, source.side, source.side, spec, values, line * width);
    } catch (err) {
      throw new InputError(`${source.pixelRowsFile}: ${(err as Error).message}`);
    }
    if ((line + 1) % 1024 === 0) onProgress?.(`features ${set.setName}`, line + 1, n, 'pictures');
  });
  return values;
}
