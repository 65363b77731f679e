// `tune`'s search on one data set: successive halving (successive-halving.ts)
// over a model's searchable parameters (search-space.ts), each candidate
// scored by the mean of a metric over the same stratified folds `cv` deals
// (cv/cross-validate.ts), with the resource of tune-resources.ts. Each
// fold's matrices are made once and kept for every trial; a survivor of a
// resource that `continues` goes on from its last rung's fit.
import { takeLabels, takeRows } from '../core/dense-matrix.js';
import { BinCache } from '../core/bin-cache.js';
import type { Estimator, FitContext, ModelKind } from '../core/estimator.js';
import { Gbdt, type GbdtCheckpoint } from '../boosting/gbdt.js';
import { crossValidateFolds, type FoldData, type PrepareFold } from '../cv/cross-validate.js';
import { foldMetric, meanAndStd } from '../cv/fold-metrics.js';
import type { Metric } from '../io/submission-formats.js';
import { createEstimator } from '../models/registry.js';
import { Rng } from '../util/rng.js';
import { drawCandidate, type Candidate, type SearchedParam } from './search-space.js';
import { rungResources, successiveHalving, type Budget, type HalvingResult, type Trial } from './successive-halving.js';
import { TUNE_RESOURCES } from './tune-resources.js';

export interface TuneOptions {
  readonly model: ModelKind;
  /** Parameters every trial takes as they are (given on the command line). */
  readonly fixed: Readonly<Record<string, number | string | boolean>>;
  readonly space: readonly SearchedParam[];
  readonly metric: Metric;
  readonly fpr: number;
  readonly nFolds: number;
  readonly seed: number;
  readonly budget: Budget;
  readonly eta: number;
  readonly minResource?: number;
  readonly maxResource?: number;
  readonly groups?: readonly string[];
  readonly fitContext?: FitContext;
  readonly onTrial?: (
    bracket: number,
    rung: number,
    done: number,
    planned: number | undefined,
    trial: Trial<Candidate>,
  ) => void;
  readonly now?: () => number;
}

/** Lower is better for log loss only. */
export const higherIsBetter = (metric: Metric): boolean => metric !== 'log-loss';

/** The options a trial fits with: the fixed ones, the candidate's, and the resource when it is a parameter. */
export function trialOptions(
  o: Pick<TuneOptions, 'model' | 'fixed'>,
  candidate: Candidate,
  resource: number,
): Record<string, number | string | boolean> {
  const param = TUNE_RESOURCES[o.model].param;
  return { ...o.fixed, ...candidate, ...(param ? { [param]: resource } : {}) };
}

/**
 * The rows a fold trains on when the resource is rows: of each class, the
 * first ceil(share x its count) rows of a shuffle seeded by the fold (at
 * least one), so both classes stay and a larger share keeps a smaller one's rows.
 */
function withRowShare(
  data: FoldData,
  y: Uint8Array,
  train: readonly number[],
  share: number,
  seed: number,
  fold: number,
): FoldData {
  if (share >= 1) return data;
  const n = data.trainX.nRows;
  const trainY = data.trainY ?? takeLabels(y, train);
  const counts = [0, 0];
  for (const label of trainY) counts[label]++;
  const quota = counts.map((c) => Math.max(1, Math.ceil(share * c)));
  const order = new Rng(seed, 0x5a5e + fold).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const rows: number[] = [];
  for (const row of order) if (quota[trainY[row]]-- > 0) rows.push(row);
  rows.sort((a, b) => a - b);
  return { ...data, trainX: takeRows(data.trainX, rows), trainY: takeLabels(trainY, rows) };
}

export async function tuneModel(
  y: Uint8Array,
  prepare: PrepareFold,
  o: TuneOptions,
): Promise<HalvingResult<Candidate>> {
  const resource = TUNE_RESOURCES[o.model];
  const resources = rungResources(
    o.minResource ?? resource.min,
    o.maxResource ?? resource.max,
    o.eta,
    resource.integer,
  );
  // each fold's matrices are made once and kept for every trial: pictures cost a featurizer fit to
  // make, and a gbdt fit bins a kept matrix once (binCache) instead of once a trial
  const kept = new Map<number, FoldData>();
  const folds: PrepareFold = async (train, test, fold) => {
    let data = kept.get(fold);
    if (!data) kept.set(fold, (data = await prepare(train, test, fold)));
    return data;
  };
  const fitContext: FitContext = { ...o.fitContext, binCache: new BinCache(), resumable: true };
  // gbdt survivors go on from their last rung's trees (Gbdt.continuing; the same trees as a fit
  // from scratch): per trial id, each fold's checkpoint, kept for the next rung only
  const checkpoints = new Map<number, Array<GbdtCheckpoint | undefined>>();
  return successiveHalving<Candidate>({
    resources,
    eta: o.eta,
    budget: o.budget,
    higherIsBetter: higherIsBetter(o.metric),
    continued: resource.continues === true,
    draw: (id) => drawCandidate(o.space, o.seed, id),
    now: o.now,
    onTrial: o.onTrial,
    evaluate: async (candidate, r, id) => {
      const options = trialOptions(o, candidate, r);
      if (r === resources[0]) checkpoints.clear(); // a new bracket: the last one's survivors are done
      const previous = checkpoints.get(id);
      checkpoints.delete(id);
      const models: Estimator[] = [];
      const result = await crossValidateFolds(
        (fold) => {
          const fresh = createEstimator(o.model, options, o.seed);
          const from = previous?.[fold];
          const model = from && fresh instanceof Gbdt ? Gbdt.continuing(from, fresh.options) : fresh;
          models.push(model);
          return model;
        },
        y,
        resource.param
          ? folds
          : async (train, test, fold) => withRowShare(await folds(train, test, fold), y, train, r, o.seed, fold),
        { nFolds: o.nFolds, seed: o.seed, groups: o.groups, fitContext },
      );
      if (resource.continues && r < resources[resources.length - 1] && models.every((m) => m instanceof Gbdt))
        checkpoints.set(
          id,
          models.map((m) => (m as Gbdt).checkpoint()),
        );
      const { mean, std } = meanAndStd(result.predictions.map((p) => foldMetric(o.metric, p, o.fpr)));
      return { score: mean, std };
    },
  });
}
