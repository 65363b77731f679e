// What `persodata pca` does, start to end, without the CLI: load the
// training pictures (all, or a seeded --fit-rows sample) into the shared
// pixel block, fit the randomized PCA, then load and project every other
// set with it (or, given a saved PCA, only project). Bad pictures fail the
// run, naming them, or with skipBad are dropped and listed.
import type { SetName } from '../io/automl.js';
import { InputError, UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { PcaEngine } from './pca-engine.js';
import { nFeaturesOf, type PcaModel } from './pca-model.js';
import { unreadablePicturesError, type PictureSet } from '../pictures/picture-sets.js';
import { DEFAULT_RANDOMIZED_PCA_OPTIONS, fitRandomizedPca, productColumns, projectRows } from './randomized-pca.js';
import type { StageProgress } from '../util/progress.js';

/** --size beyond this would need more than wasm32's 4 GB for any real set, and overflows a kernel's per-row sums. */
export const MAX_SIZE = 128;
/** The challenge's thumbnails: pictures resized to 64 x 64 x 3 (--size). */
export const DEFAULT_SIZE = 64;

export interface PcaRunOptions {
  /** The sets to turn into features; with no `model`, one of them is `train` and is fitted on. */
  readonly sets: readonly PictureSet[];
  readonly model?: PcaModel;
  readonly size: number;
  readonly components: number;
  readonly fitRows?: number;
  readonly oversamples?: number;
  readonly powerIterations?: number;
  readonly seed: number;
  readonly skipBad: boolean;
  readonly threads: number;
  readonly onProgress?: StageProgress;
  readonly onWarning?: (message: string) => void;
}

export interface SetFeatures {
  readonly setName: SetName;
  readonly names: readonly string[];
  readonly labels?: Uint8Array;
  /** nRows x nComponents, row-major. */
  readonly scores: Float32Array;
}

export interface PcaRunResult {
  readonly model: PcaModel;
  readonly sets: SetFeatures[];
  readonly skipped: Array<{ setName: SetName; name: string; message: string }>;
}

export async function runPca(opts: PcaRunOptions): Promise<PcaRunResult> {
  const { size } = opts;
  if (!(Number.isInteger(size) && size >= 1 && size <= MAX_SIZE))
    throw new UsageError(`--size ${size}: expected an integer from 1 to ${MAX_SIZE}`);
  const d = nFeaturesOf(size);
  const train = opts.sets.find((s) => s.setName === 'train');
  let k = opts.model ? opts.model.nComponents : opts.components;
  let nFit = 0;
  if (!opts.model) {
    if (!train)
      throw new UsageError(
        'fitting a PCA needs training pictures (--images or --data with a train set), or a saved PCA (--model)',
      );
    nFit = Math.min(opts.fitRows ?? train.names.length, train.names.length);
    if (nFit < 2)
      throw new InputError(`${train.origin}: ${train.names.length} picture(s) to fit on; a PCA needs at least 2`);
    const kMax = Math.min(nFit - 1, d);
    if (k > kMax) {
      opts.onWarning?.(`--components ${k} capped at ${kMax} (at most min(fit rows - 1, ${size}x${size}x3 = ${d}))`);
      k = kMax;
    }
  } else if (opts.model.size !== size) {
    throw new UsageError(
      `the saved PCA was fitted on ${opts.model.size}x${opts.model.size} pictures, but --size is ${size}`,
    );
  }
  const oversamples = opts.oversamples ?? DEFAULT_RANDOMIZED_PCA_OPTIONS.oversamples;
  const columns = opts.model ? Math.ceil(k / 8) * 8 : productColumns(k, oversamples);
  const capacity = Math.max(...opts.sets.map((s) => s.names.length));
  const skipped: PcaRunResult['skipped'] = [];

  const messages = new Map<PictureSet, Map<number, string>>();
  return PcaEngine.run({ nFeatures: d, capacity, columns, threads: opts.threads }, async (engine) => {
    /** Loads `indices` of `set` into rows 0.. ; returns the indices that loaded (all, unless skipBad dropped some). */
    const load = async (set: PictureSet, indices: number[], label: string): Promise<number[]> => {
      const failures = await set.load(engine, indices, 0, size, (done) =>
        opts.onProgress?.(label, done, indices.length, 'pictures'),
      );
      if (failures.length === 0) return indices;
      if (!opts.skipBad)
        throw unreadablePicturesError(
          set.origin,
          failures.map((f) => ({ name: set.names[indices[f.index]], message: f.message })),
        );
      const bad = new Set(failures.map((f) => f.index));
      const setMessages = messages.get(set) ?? new Map<number, string>();
      for (const f of failures) setMessages.set(indices[f.index], f.message);
      messages.set(set, setMessages);
      const kept: number[] = [];
      for (let i = 0; i < indices.length; i++) {
        if (bad.has(i)) continue;
        if (kept.length !== i) engine.pixelRows(kept.length, kept.length + 1).set(engine.pixelRows(i, i + 1));
        kept.push(indices[i]);
      }
      return kept;
    };
    const dropSkipped = (set: PictureSet, all: number[], kept: number[]) => {
      if (kept.length === all.length) return;
      const keep = new Set(kept);
      for (const i of all)
        if (!keep.has(i))
          skipped.push({
            setName: set.setName,
            name: set.names[i],
            message: messages.get(set)?.get(i) ?? 'not readable',
          });
    };

    let model = opts.model;
    const out: SetFeatures[] = [];
    if (!model) {
      const set = train!;
      const all = Array.from({ length: set.names.length }, (_, i) => i);
      const sample =
        nFit < all.length ? Array.from(new Rng(opts.seed, 1).sample(all.length, nFit)).sort((a, b) => a - b) : all;
      const loaded = await load(set, sample, `decode ${set.setName}`);
      if (loaded.length < 2) throw new InputError(`${set.origin}: fewer than 2 readable pictures to fit on`);
      const fitOpts = {
        components: Math.min(k, loaded.length - 1),
        oversamples,
        powerIterations: opts.powerIterations ?? DEFAULT_RANDOMIZED_PCA_OPTIONS.powerIterations,
        seed: opts.seed,
      };
      const fit = await fitRandomizedPca(engine, loaded.length, fitOpts, (done, total) =>
        opts.onProgress?.('fit pca', done, total, 'steps'),
      );
      model = {
        size,
        nComponents: fitOpts.components,
        nFitRows: loaded.length,
        seed: opts.seed,
        mean: fit.mean,
        components: fit.components,
        explainedVariance: fit.explainedVariance,
        totalVariance: fit.totalVariance,
      };
      let rows = loaded;
      let scores = fit.scores;
      if (sample !== all) {
        rows = await load(set, all, `decode ${set.setName}`);
        scores = await projectRows(engine, rows.length, model, model.nComponents);
      }
      dropSkipped(set, all, rows);
      out.push(featuresOf(set, rows, scores));
    }
    for (const set of opts.sets) {
      if (!opts.model && set === train) continue;
      const all = Array.from({ length: set.names.length }, (_, i) => i);
      const rows = await load(set, all, `decode ${set.setName}`);
      dropSkipped(set, all, rows);
      out.push(featuresOf(set, rows, await projectRows(engine, rows.length, model, model.nComponents)));
    }
    return { model, sets: out, skipped };
  });
}

function featuresOf(set: PictureSet, rows: number[], scores: Float32Array): SetFeatures {
  return {
    setName: set.setName,
    names: rows.map((i) => set.names[i]),
    labels: set.labels ? Uint8Array.from(rows, (i) => set.labels![i]) : undefined,
    scores,
  };
}
