// The one factory for models: creates an estimator by kind with its options,
// and rebuilds one from its JSON. Adding a model kind means one entry here.
import { LogisticRegression, type LogisticOptions } from '../linear/logistic.js';
import { ModelFileError } from '../util/errors.js';
import type { Estimator, ModelJson, ModelKind } from './estimator.js';

export const MODEL_KINDS: readonly ModelKind[] = Object.freeze(['logistic']);

interface ModelEntry {
  readonly create: (options: Record<string, unknown>) => Estimator;
  readonly fromJSON: (json: ModelJson) => Estimator;
}

const ENTRIES: Record<ModelKind, ModelEntry> = {
  logistic: {
    create: (options) => new LogisticRegression(options as Partial<LogisticOptions>),
    fromJSON: (json) => LogisticRegression.fromJSON(json),
  },
};

/** A new, unfitted estimator; options are checked by its constructor. */
export function createEstimator(kind: ModelKind, options: Record<string, unknown> = {}): Estimator {
  return ENTRIES[kind].create(options);
}

/** Rebuilds a fitted estimator; throws ModelFileError for unknown kinds. */
export function estimatorFromJSON(json: ModelJson): Estimator {
  const entry = (ENTRIES as Record<string, ModelEntry | undefined>)[json.kind];
  if (!entry) throw new ModelFileError(`unknown model kind "${json.kind}" (known: ${MODEL_KINDS.join(', ')})`);
  return entry.fromJSON(json);
}
