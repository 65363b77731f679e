// The model-file fields every tree model (gbdt, forest) shares, read and
// written once: kind and format version, the feature count, and the split
// importances. Each model reads its own fields (trees, baseline, out-of-bag
// figures) around these.
import type { FeatureImportance, ModelJson } from '../core/estimator.js';
import { ModelFileError } from '../util/errors.js';

/** Checks kind and version and returns the state with its feature count; messages name the model kind. */
export function treeModelState(
  json: ModelJson,
  kind: 'gbdt' | 'forest',
  formatVersion: number,
): { state: Record<string, unknown>; nFeatures: number } {
  if (json.kind !== kind) throw new ModelFileError(`expected a ${kind} model, got kind "${json.kind}"`);
  if (json.formatVersion !== formatVersion)
    throw new ModelFileError(
      `${kind} model formatVersion ${json.formatVersion} is not supported (expected ${formatVersion})`,
    );
  const state = json.state as Record<string, unknown>;
  const nFeatures = state.nFeatures;
  if (!Number.isInteger(nFeatures) || (nFeatures as number) < 1)
    throw new ModelFileError(`${kind} model: state.nFeatures must be a positive integer`);
  return { state, nFeatures: nFeatures as number };
}

/** The importance lists of a state: nFeatures numbers each. */
export function importanceFromState(
  state: Record<string, unknown>,
  nFeatures: number,
  kind: 'gbdt' | 'forest',
): FeatureImportance {
  const gain = state.importanceGain;
  const splits = state.importanceSplits;
  if (!Array.isArray(gain) || !Array.isArray(splits) || gain.length !== nFeatures || splits.length !== nFeatures)
    throw new ModelFileError(`${kind} model: importance lists must hold ${nFeatures} numbers`);
  return { gain: Float64Array.from(gain as number[]), splits: Uint32Array.from(splits as number[]) };
}

/** The importance lists as a state holds them. */
export function importanceToState(importance: FeatureImportance): {
  importanceGain: number[];
  importanceSplits: number[];
} {
  return { importanceGain: Array.from(importance.gain), importanceSplits: Array.from(importance.splits) };
}
