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
import type { PictureSet } from '../pictures/picture-sets.js';
import { loadPictures, type LoadPolicy } from '../pictures/load-pictures.js';
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
  readonly everyPicture?: LoadPolicy['everyPicture'];
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

  return PcaEngine.run({ nFeatures: d, capacity, columns, threads: opts.threads }, async (engine) => {
    /** Loads `indices` of `set` into rows 0.. ; those left out (skipBad) are listed in `skipped` when `list`. */
    const load = async (set: PictureSet, indices: number[], list = true): Promise<number[]> => {
      const label = `decode ${set.setName}`;
      const { kept, failed } = await loadPictures(set, engine, indices, size, opts, (done) =>
        opts.onProgress?.(label, done, indices.length, 'pictures'),
      );
      if (list)
        for (const f of failed) skipped.push({ setName: set.setName, name: set.names[f.index], message: f.message });
      return kept;
    };

    let model = opts.model;
    const out: SetFeatures[] = [];
    if (!model) {
      const set = train!;
      const all = Array.from({ length: set.names.length }, (_, i) => i);
      const sample =
        nFit < all.length ? Array.from(new Rng(opts.seed, 1).sample(all.length, nFit)).sort((a, b) => a - b) : all;
      // a sample's failures are listed when the whole set is loaded after the fit
      const loaded = await load(set, sample, sample === all);
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
        rows = await load(set, all);
        scores = await projectRows(engine, rows.length, model, model.nComponents);
      }
      out.push(featuresOf(set, rows, scores));
    }
    for (const set of opts.sets) {
      if (!opts.model && set === train) continue;
      const all = Array.from({ length: set.names.length }, (_, i) => i);
      const rows = await load(set, all);
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
