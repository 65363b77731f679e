// One table per model of its tunable flags: flag, option key, default, parser
// and help text. Commands add every model's flags from here (a flag shared by
// several models is added once, its help listing each model's default), so
// help, defaults and validation never drift apart. Defaults themselves are
// applied by the models; a flag the user did not give is not passed on.
import { DEFAULT_GBDT_OPTIONS } from '../boosting/gbdt.js';
import { DEFAULT_LOGISTIC_OPTIONS } from '../linear/logistic.js';
import type { ModelKind } from '../models/estimator.js';
import { fraction, intAtLeast, intInRange, numberAtLeast } from './parsers.js';

export interface ParamSpec {
  /** commander flags, e.g. `--max-iter <n>`. */
  readonly flags: string;
  /** Option key of the model and of commander's parsed options. */
  readonly key: string;
  readonly defaultValue: number;
  readonly parse: (raw: string) => number;
  readonly help: string;
}

const L2_HELP = 'L2 penalty on the weights / leaf values';

export const LOGISTIC_PARAMS: readonly ParamSpec[] = [
  { flags: '--l2 <lambda>', key: 'l2', defaultValue: DEFAULT_LOGISTIC_OPTIONS.l2, parse: numberAtLeast(0), help: `${L2_HELP} (logistic: scikit-learn's C = 1 / l2)` },
  { flags: '--max-iter <n>', key: 'maxIter', defaultValue: DEFAULT_LOGISTIC_OPTIONS.maxIter, parse: intAtLeast(1), help: 'L-BFGS iteration cap' },
  { flags: '--tol <x>', key: 'tol', defaultValue: DEFAULT_LOGISTIC_OPTIONS.tol, parse: numberAtLeast(0, { exclusive: true }), help: 'stop when the largest gradient entry is below this' },
];

const G = DEFAULT_GBDT_OPTIONS;
export const GBDT_PARAMS: readonly ParamSpec[] = [
  { flags: '--trees <n>', key: 'trees', defaultValue: G.trees, parse: intAtLeast(1), help: 'boosting rounds (trees)' },
  { flags: '--learning-rate <x>', key: 'learningRate', defaultValue: G.learningRate, parse: numberAtLeast(0, { exclusive: true }), help: 'shrinkage of every tree' },
  { flags: '--leaves <n>', key: 'leaves', defaultValue: G.leaves, parse: intAtLeast(2), help: 'leaves per tree (grown best-first)' },
  { flags: '--max-depth <n>', key: 'maxDepth', defaultValue: G.maxDepth, parse: intAtLeast(0), help: 'deepest split level, 0 = unlimited' },
  { flags: '--bins <n>', key: 'bins', defaultValue: G.bins, parse: intInRange(2, 256), help: 'histogram bins per feature' },
  { flags: '--l2 <lambda>', key: 'l2', defaultValue: G.l2, parse: numberAtLeast(0), help: L2_HELP },
  { flags: '--min-leaf <n>', key: 'minLeaf', defaultValue: G.minLeaf, parse: intAtLeast(1), help: 'fewest rows in a leaf' },
  { flags: '--min-hessian <x>', key: 'minHessian', defaultValue: G.minHessian, parse: numberAtLeast(0), help: 'smallest hessian sum in a leaf' },
  { flags: '--subsample <x>', key: 'subsample', defaultValue: G.subsample, parse: fraction(), help: 'share of rows drawn for each tree' },
  { flags: '--colsample <x>', key: 'colsample', defaultValue: G.colsample, parse: fraction(), help: 'share of features each tree may split on' },
  { flags: '--early-stopping <n>', key: 'earlyStopping', defaultValue: G.earlyStopping, parse: intAtLeast(0), help: 'stop after n rounds without a better validation loss, 0 = off' },
  { flags: '--valid-fraction <x>', key: 'validFraction', defaultValue: G.validFraction, parse: fraction({ includeOne: false }), help: 'held-out share for early stopping when the data has no labelled valid set' },
];

export const MODEL_PARAMS: Readonly<Record<ModelKind, readonly ParamSpec[]>> = {
  logistic: LOGISTIC_PARAMS,
  gbdt: GBDT_PARAMS,
};

/** Every distinct flag once, with the models it applies to and their defaults. */
export function allParams(): Array<{ spec: ParamSpec; models: Array<{ kind: ModelKind; defaultValue: number }> }> {
  const byKey = new Map<string, { spec: ParamSpec; models: Array<{ kind: ModelKind; defaultValue: number }> }>();
  for (const [kind, specs] of Object.entries(MODEL_PARAMS) as Array<[ModelKind, readonly ParamSpec[]]>) {
    for (const spec of specs) {
      const entry = byKey.get(spec.key) ?? { spec, models: [] };
      entry.models.push({ kind, defaultValue: spec.defaultValue });
      byKey.set(spec.key, entry);
    }
  }
  return [...byKey.values()];
}
