// What `persodata features` does, start to end, without the CLI: every
// picture is decoded once, on the worker pool, into its full-resolution
// values (spectrum, residual) and, when pca is asked for, a size x size x 3
// thumbnail; then the PCA (pca/pca-pipeline.ts, the code `persodata pca`
// runs) is fitted on the training thumbnails, or a saved one applied; the
// columns are put side by side in the order of the kinds. With pca alone
// this is exactly `persodata pca`.
import type { SetName } from '../io/automl.js';
import { readPixelRows } from '../images/pixel-rows.js';
import { withPool, type TypedPool } from '../parallel/pool.js';
import { runPca, type SetFeatures } from '../pca/pca-pipeline.js';
import type { PcaModel } from '../pca/pca-model.js';
import { pixelsInMemorySet, unreadablePicturesError, type PictureSet } from '../pca/picture-sets.js';
import { InputError } from '../util/errors.js';
import {
  fullResolutionKinds,
  fullResolutionLength,
  fullResolutionValues,
  kindColumns,
  kindLength,
  type FullResolutionSpec,
} from './feature-kinds.js';
import type { Featurizer } from './featurizer-file.js';
import type * as FeaturesWorkerModule from './features.worker.js';
import { loadFft } from './half-spectrum.js';

type FeaturesWorker = typeof FeaturesWorkerModule;

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
  readonly threads: number;
  readonly onProgress?: (label: string, fraction: number) => void;
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

interface FullResolutionSet {
  readonly set: PictureSet;
  /** Indices into set.names of the pictures that were read. */
  readonly kept: number[];
  /** kept.length x fullResolutionLength(spec). */
  readonly values: Float32Array;
  /** kept.length thumbnails (pcaSize^2 x 3 each) when pca is wanted and the pictures are files. */
  readonly pixels?: Uint8Array;
}

export async function runFeatures(opts: FeaturesRunOptions): Promise<FeaturesRunResult> {
  const spec: FullResolutionSpec = opts.featurizer ?? opts.spec;
  const wantPca = spec.kinds.includes('pca');
  const savedPca = opts.featurizer?.pca;
  const size = savedPca?.size ?? opts.pca.size;
  const pcaOn = (sets: readonly PictureSet[]) =>
    runPca({
      sets,
      model: savedPca,
      size,
      components: opts.pca.components,
      fitRows: opts.pca.fitRows,
      oversamples: opts.pca.oversamples,
      powerIterations: opts.pca.powerIterations,
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
      columns: pcaColumns(result.model),
      sets: result.sets,
      skipped: result.skipped,
    };
  }

  const skipped: FeaturesRunResult['skipped'] = [];
  const full = await fullResolutionPass(opts, spec, wantPca ? size : 0, skipped);
  let pcaModel: PcaModel | undefined;
  const pcaScores = new Map<SetName, Float32Array>();
  if (wantPca) {
    // thumbnails from the pass above, or (raw-pixel rows) the rows themselves, read again
    const pcaSets = full.map((f) =>
      f.pixels
        ? pixelsInMemorySet(
            f.set.setName,
            f.set.origin,
            f.kept.map((i) => f.set.names[i]),
            f.pixels,
            size,
            keptLabels(f),
          )
        : f.set,
    );
    const result = await pcaOn(pcaSets);
    pcaModel = result.model;
    for (const s of result.sets) pcaScores.set(s.setName, s.scores);
  }

  const featurizer: Featurizer = { kinds: spec.kinds, spectrumBins: spec.spectrumBins, grid: spec.grid, pca: pcaModel };
  const columns = spec.kinds.flatMap((k) => (k === 'pca' ? pcaColumns(pcaModel!) : kindColumns(k, spec)));
  const fullWidth = fullResolutionLength(spec);
  const sets = full.map((f): SetFeatures => {
    const n = f.kept.length;
    const scores = new Float32Array(n * columns.length);
    const pca = pcaScores.get(f.set.setName);
    const k = pcaModel?.nComponents ?? 0;
    for (let r = 0; r < n; r++) {
      let at = r * columns.length;
      let from = r * fullWidth;
      for (const kind of spec.kinds) {
        if (kind === 'pca') {
          scores.set(pca!.subarray(r * k, (r + 1) * k), at);
          at += k;
        } else {
          const len = kindLength(kind, spec);
          scores.set(f.values.subarray(from, from + len), at);
          at += len;
          from += len;
        }
      }
    }
    return { setName: f.set.setName, names: f.kept.map((i) => f.set.names[i]), labels: keptLabels(f), scores };
  });
  return { featurizer, columns, sets, skipped };
}

function pcaColumns(model: PcaModel): string[] {
  return Array.from({ length: model.nComponents }, (_, i) => `pc${i}`);
}

function keptLabels(f: FullResolutionSet): Uint8Array | undefined {
  return f.set.labels ? Uint8Array.from(f.kept, (i) => f.set.labels![i]) : undefined;
}

/** Every set's full-resolution values (and thumbnails), with the unreadable pictures failed or skipped. */
async function fullResolutionPass(
  opts: FeaturesRunOptions,
  spec: FullResolutionSpec,
  pcaSize: number,
  skipped: FeaturesRunResult['skipped'],
): Promise<FullResolutionSet[]> {
  const out: FullResolutionSet[] = [];
  const onFiles = async (pool?: TypedPool<FeaturesWorker>) => {
    for (const set of opts.sets) {
      const label = `features ${set.setName}`;
      const progress = (fraction: number) => opts.onProgress?.(label, fraction);
      const source = set.source;
      if ('files' in source) {
        const r = await featurizeFiles(pool!, source.files, source.maxPixels, spec, pcaSize, opts, progress);
        if (r.failures.length > 0 && !opts.skipBad)
          throw unreadablePicturesError(
            set.origin,
            r.failures.map((f) => ({ name: set.names[f.index], message: f.message })),
          );
        const bad = new Set(r.failures.map((f) => f.index));
        for (const f of r.failures)
          skipped.push({ setName: set.setName, name: set.names[f.index], message: f.message });
        const kept = set.names.map((_, i) => i).filter((i) => !bad.has(i));
        out.push({ set, kept, ...compact(r, kept, set.names.length) });
      } else if ('pixelRowsFile' in source) {
        await loadFft();
        out.push(featurizeRows(set, source.pixelRowsFile, source.side, spec, progress));
      } else {
        throw new InputError(`${set.origin}: pictures held in memory are not featurized here`);
      }
    }
  };
  const hasFiles = opts.sets.some((s) => 'files' in s.source);
  if (!hasFiles) await onFiles();
  else
    await withPool<FeaturesWorker, void>(
      { worker: 'features/features.worker', threads: opts.threads, workerData: null },
      onFiles,
    );
  return out;
}

interface FilesResult {
  values: Float32Array;
  pixels?: Uint8Array;
  failures: Array<{ index: number; message: string }>;
}

/**
 * Runs the files through the pool a few at a time, at most two tasks per
 * thread in flight, each result written at its files' rows (so the order,
 * and the values, do not depend on the thread count). Without --skip-bad no
 * new task starts after a failure.
 */
async function featurizeFiles(
  pool: TypedPool<FeaturesWorker>,
  files: readonly string[],
  maxPixels: number,
  spec: FullResolutionSpec,
  pcaSize: number,
  opts: FeaturesRunOptions,
  progress: (fraction: number) => void,
): Promise<FilesResult> {
  const n = files.length;
  const width = fullResolutionLength(spec);
  const d = pcaSize * pcaSize * 3;
  const values = new Float32Array(n * width);
  const pixels = pcaSize > 0 ? new Uint8Array(n * d) : undefined;
  const failures: FilesResult['failures'] = [];
  let next = 0;
  let done = 0;
  const chain = async () => {
    while (next < n && (opts.skipBad || failures.length === 0)) {
      const start = next;
      next = Math.min(n, next + FILES_PER_TASK);
      const r = await pool.run('featurize', { files: files.slice(start, next), spec, pcaSize, maxPixels });
      values.set(r.values, start * width);
      if (pixels && r.pixels) pixels.set(r.pixels, start * d);
      for (const f of r.failures) failures.push({ index: start + f.index, message: f.message });
      done += r.values.length / width;
      progress(done / n);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.threads * 2) }, chain));
  failures.sort((a, b) => a.index - b.index);
  return { values, pixels, failures };
}

/** Keeps rows `kept` (ascending) of the values and thumbnails, in place. */
function compact(r: FilesResult, kept: number[], n: number): Pick<FullResolutionSet, 'values' | 'pixels'> {
  if (kept.length === n) return { values: r.values, pixels: r.pixels };
  const width = r.values.length / n;
  const d = r.pixels ? r.pixels.length / n : 0;
  kept.forEach((from, to) => {
    r.values.copyWithin(to * width, from * width, (from + 1) * width);
    r.pixels?.copyWithin(to * d, from * d, (from + 1) * d);
  });
  return { values: r.values.slice(0, kept.length * width), pixels: r.pixels?.slice(0, kept.length * d) };
}

/**
 * Raw-pixel rows are small pictures (the challenge's 64x64): their values are
 * computed here, reading the file once, at a fraction of a millisecond each.
 */
function featurizeRows(
  set: PictureSet,
  file: string,
  side: number,
  spec: FullResolutionSpec,
  progress: (fraction: number) => void,
): FullResolutionSet {
  const n = set.names.length;
  const width = fullResolutionLength(spec);
  const values = new Float32Array(n * width);
  const all = Array.from({ length: n }, (_, i) => i);
  readPixelRows(file, side * side * 3, all, (line, pixels) => {
    try {
      fullResolutionValues(pixels, side, side, spec, values, line * width);
    } catch (err) {
      throw new InputError(`${file}: ${(err as Error).message}`);
    }
    if ((line + 1) % 1024 === 0) progress((line + 1) / n);
  });
  progress(1);
  return { set, kept: all, values };
}
