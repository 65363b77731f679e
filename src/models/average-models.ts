// train --folds-ensemble: k models of one kind, fitted on the k cv training
// folds, made into one model of that same kind whose output is their average,
// so that predict, export --to onnx and --to lightgbm take it as any other:
//   gbdt:     the mean raw score (log-odds): every tree, its leaves divided by
//             k, from the mean baseline;
//   forest:   the mean probability: every tree (the folds' forests have equal
//             tree counts, so the mean over all trees is the mean of means);
//   logistic: the mean log-odds: a linear model on the raw features with the
//             mean of the folds' raw weights and intercepts (standardisation
//             folded in, so mean 0 and scale 1).
import type { Estimator, ModelJson } from '../core/estimator.js';
import { UsageError } from '../util/errors.js';
import { estimatorFromJSON } from './registry.js';

type State = Record<string, unknown>;

export function averageModels(models: readonly Estimator[]): Estimator {
  if (models.length === 0) throw new UsageError('averageModels: no models');
  const jsons = models.map((m) => m.toJSON());
  const kind = jsons[0].kind;
  if (jsons.some((j) => j.kind !== kind)) throw new UsageError('averageModels: models of different kinds');
  if (jsons.length === 1) return models[0];
  const k = jsons.length;
  const states = jsons.map((j) => j.state as State);
  const first = jsons[0];
  let state: State;
  if (kind === 'gbdt') {
    state = {
      ...states[0],
      baseline: states.reduce((sum, s) => sum + (s.baseline as number), 0) / k,
      roundsKept: states.reduce((sum, s) => sum + (s.roundsKept as number), 0),
      roundsRun: states.reduce((sum, s) => sum + (s.roundsRun as number), 0),
      ...summedImportance(states),
      trees: states.flatMap((s) =>
        (s.trees as Array<{ value: number[] }>).map((t) => ({ ...t, value: t.value.map((v) => v / k) })),
      ),
    };
  } else if (kind === 'forest') {
    const counts = new Set(states.map((s) => (s.trees as unknown[]).length));
    if (counts.size > 1) throw new UsageError('averageModels: forests of different tree counts');
    state = {
      ...states[0],
      ...summedImportance(states),
      trees: states.flatMap((s) => s.trees as unknown[]),
      // each fold's trees were out of bag on other rows: no one figure holds for the whole
      oobAuc: null,
      oobRows: 0,
    };
  } else {
    const d = (states[0].coef as number[]).length;
    const weights = new Array<number>(d).fill(0);
    let intercept = 0;
    for (const s of states) {
      const [mean, scale, coef] = [s.mean, s.scale, s.coef] as number[][];
      let b = s.intercept as number;
      for (let j = 0; j < d; j++) {
        const w = coef[j] / scale[j];
        weights[j] += w / k;
        b -= w * mean[j];
      }
      intercept += b / k;
    }
    state = {
      ...states[0],
      mean: new Array<number>(d).fill(0),
      scale: new Array<number>(d).fill(1),
      coef: weights,
      intercept,
      converged: states.every((s) => s.converged === true),
    };
  }
  const json: ModelJson = { kind, formatVersion: first.formatVersion, options: first.options, state };
  return estimatorFromJSON(json);
}

function summedImportance(states: readonly State[]): { importanceGain: number[]; importanceSplits: number[] } {
  const gain = (states[0].importanceGain as number[]).map(() => 0);
  const splits = gain.map(() => 0);
  for (const s of states) {
    (s.importanceGain as number[]).forEach((g, f) => (gain[f] += g));
    (s.importanceSplits as number[]).forEach((n, f) => (splits[f] += n));
  }
  return { importanceGain: gain, importanceSplits: splits };
}
