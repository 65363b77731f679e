// The one factory for models: creates an estimator by kind with its options,
// and rebuilds one from its JSON. Adding a model kind means one entry here.
import { Gbdt, type GbdtOptions } from '../boosting/gbdt.js';
import { RandomForest, type ForestOptions } from '../forest/forest.js';
import { LogisticRegression, type LogisticOptions } from '../linear/logistic.js';
import { ModelFileError } from '../util/errors.js';
import { BlendModel } from './blend-model.js';
import type { Estimator, ModelJson, ModelKind } from '../core/estimator.js';

export const MODEL_KINDS: readonly ModelKind[] = Object.freeze(['logistic', 'gbdt', 'forest']);

interface ModelEntry {
  readonly create: (options: Record<string, unknown>, seed: number) => Estimator;
  readonly fromJSON: (json: ModelJson) => Estimator;
}

const ENTRIES: Record<ModelKind, ModelEntry> = {
  logistic: {
    create: (options) => new LogisticRegression(options as Partial<LogisticOptions>),
    fromJSON: (json) => LogisticRegression.fromJSON(json),
  },
  gbdt: {
    create: (options, seed) => new Gbdt({ ...(options as Partial<GbdtOptions>), seed }),
    fromJSON: (json) => Gbdt.fromJSON(json),
  },
  forest: {
    create: (options, seed) => new RandomForest({ ...(options as Partial<ForestOptions>), seed }),
    fromJSON: (json) => RandomForest.fromJSON(json),
  },
};

/** A new, unfitted estimator; options are checked by its constructor; models that draw random numbers take `seed`. */
export function createEstimator(kind: ModelKind, options: Record<string, unknown> = {}, seed = 0): Estimator {
  return ENTRIES[kind].create(options, seed);
}

/** Rebuilds a fitted estimator; throws ModelFileError for unknown kinds. */
export function estimatorFromJSON(json: ModelJson): Estimator {
  if (json.kind === 'blend') return BlendModel.fromJSON(json, estimatorFromJSON);
  const entry = (ENTRIES as Record<string, ModelEntry | undefined>)[json.kind];
  if (!entry) throw new ModelFileError(`unknown model kind "${json.kind}" (known: ${MODEL_KINDS.join(', ')}, blend)`);
  return entry.fromJSON(json);
}
