// One table per model of its tunable flags: flag, option key, default, parser
// and help text. Commands add every model's flags from here (a flag shared by
// several models is added once, its help listing each model's default), so
// help, defaults and validation never drift apart. Defaults themselves are
// applied by the models; a flag the user did not give is not passed on.
import { InvalidArgumentError } from 'commander';
import { DEFAULT_GBDT_OPTIONS } from '../boosting/gbdt.js';
import { DEFAULT_FOREST_OPTIONS, resolveMaxFeatures } from '../forest/forest.js';
import { DEFAULT_LOGISTIC_OPTIONS } from '../linear/logistic.js';
import type { ModelKind } from '../models/estimator.js';
import { fraction, intAtLeast, intInRange, numberAtLeast } from './parsers.js';

export interface ParamSpec {
  /** commander flags, e.g. `--max-iter <n>`; a switch (no value) also gets its `--no-` form. */
  readonly flags: string;
  /** Option key of the model and of commander's parsed options. */
  readonly key: string;
  readonly defaultValue: number | string | boolean;
  /** Absent for switches. */
  readonly parse?: (raw: string) => number | string;
  readonly help: string;
}

const L2_HELP = 'L2 penalty on the weights / leaf values';

export const LOGISTIC_PARAMS: readonly ParamSpec[] = [
  {
    flags: '--l2 <lambda>',
    key: 'l2',
    defaultValue: DEFAULT_LOGISTIC_OPTIONS.l2,
    parse: numberAtLeast(0),
    help: `${L2_HELP} (logistic: scikit-learn's C = 1 / l2)`,
  },
  {
    flags: '--max-iter <n>',
    key: 'maxIter',
    defaultValue: DEFAULT_LOGISTIC_OPTIONS.maxIter,
    parse: intAtLeast(1),
    help: 'L-BFGS iteration cap',
  },
  {
    flags: '--tol <x>',
    key: 'tol',
    defaultValue: DEFAULT_LOGISTIC_OPTIONS.tol,
    parse: numberAtLeast(0, { exclusive: true }),
    help: 'stop when the largest gradient entry is below this',
  },
];

const G = DEFAULT_GBDT_OPTIONS;
export const GBDT_PARAMS: readonly ParamSpec[] = [
  { flags: '--trees <n>', key: 'trees', defaultValue: G.trees, parse: intAtLeast(1), help: 'boosting rounds (trees)' },
  {
    flags: '--learning-rate <x>',
    key: 'learningRate',
    defaultValue: G.learningRate,
    parse: numberAtLeast(0, { exclusive: true }),
    help: 'shrinkage of every tree',
  },
  {
    flags: '--leaves <n>',
    key: 'leaves',
    defaultValue: G.leaves,
    parse: intAtLeast(2),
    help: 'leaves per tree (grown best-first)',
  },
  {
    flags: '--max-depth <n>',
    key: 'maxDepth',
    defaultValue: G.maxDepth,
    parse: intAtLeast(0),
    help: 'deepest split level, 0 = unlimited',
  },
  {
    flags: '--bins <n>',
    key: 'bins',
    defaultValue: G.bins,
    parse: intInRange(2, 256),
    help: 'histogram bins per feature',
  },
  { flags: '--l2 <lambda>', key: 'l2', defaultValue: G.l2, parse: numberAtLeast(0), help: L2_HELP },
  {
    flags: '--min-leaf <n>',
    key: 'minLeaf',
    defaultValue: G.minLeaf,
    parse: intAtLeast(1),
    help: 'fewest rows in a leaf',
  },
  {
    flags: '--min-hessian <x>',
    key: 'minHessian',
    defaultValue: G.minHessian,
    parse: numberAtLeast(0),
    help: 'smallest hessian sum in a leaf',
  },
  {
    flags: '--subsample <x>',
    key: 'subsample',
    defaultValue: G.subsample,
    parse: fraction(),
    help: 'share of rows drawn for each tree',
  },
  {
    flags: '--colsample <x>',
    key: 'colsample',
    defaultValue: G.colsample,
    parse: fraction(),
    help: 'share of features each tree may split on',
  },
  {
    flags: '--early-stopping <n>',
    key: 'earlyStopping',
    defaultValue: G.earlyStopping,
    parse: intAtLeast(0),
    help: 'stop after n rounds without a better validation loss, 0 = off',
  },
  {
    flags: '--valid-fraction <x>',
    key: 'validFraction',
    defaultValue: G.validFraction,
    parse: fraction({ includeOne: false }),
    help: 'held-out share for early stopping when the data has no labelled valid set',
  },
];

/** --max-features: the forms RandomForest accepts; whether a count fits the data is checked at fit time. */
function maxFeatures(raw: string): string {
  try {
    resolveMaxFeatures(raw, Number.MAX_SAFE_INTEGER);
  } catch {
    throw new InvalidArgumentError('expected sqrt, log2, a share in (0, 1] such as 0.3, or a count >= 1 such as 14');
  }
  return raw.trim();
}

const F = DEFAULT_FOREST_OPTIONS;
export const FOREST_PARAMS: readonly ParamSpec[] = [
  { flags: '--trees <n>', key: 'trees', defaultValue: F.trees, parse: intAtLeast(1), help: 'trees in the forest' },
  {
    flags: '--max-features <m>',
    key: 'maxFeatures',
    defaultValue: F.maxFeatures,
    parse: maxFeatures,
    help: 'features drawn at each split: sqrt, log2, a share such as 0.3, or a count',
  },
  {
    flags: '--bootstrap',
    key: 'bootstrap',
    defaultValue: F.bootstrap,
    help: "draw each tree's rows with replacement (--no-bootstrap: without)",
  },
  {
    flags: '--subsample <x>',
    key: 'subsample',
    defaultValue: F.subsample,
    parse: fraction(),
    help: 'share of rows drawn for each tree',
  },
  {
    flags: '--min-leaf <n>',
    key: 'minLeaf',
    defaultValue: F.minLeaf,
    parse: intAtLeast(1),
    help: 'fewest rows in a leaf',
  },
  {
    flags: '--max-depth <n>',
    key: 'maxDepth',
    defaultValue: F.maxDepth,
    parse: intAtLeast(0),
    help: 'deepest split level, 0 = unlimited',
  },
  {
    flags: '--bins <n>',
    key: 'bins',
    defaultValue: F.bins,
    parse: intInRange(2, 256),
    help: 'histogram bins per feature',
  },
];

export const MODEL_PARAMS: Readonly<Record<ModelKind, readonly ParamSpec[]>> = {
  logistic: LOGISTIC_PARAMS,
  gbdt: GBDT_PARAMS,
  forest: FOREST_PARAMS,
};

/**
 * A library message in the CLI's words: `options.learningRate` becomes
 * `--learning-rate`, for every option key a model flag sets.
 */
export function inFlagTerms(message: string): string {
  const flags = new Map(
    Object.values(MODEL_PARAMS)
      .flat()
      .map((spec) => [spec.key, spec.flags.split(' ')[0]]),
  );
  return message.replace(/\boptions\.([A-Za-z]+)/g, (whole, key: string) => flags.get(key) ?? whole);
}

/** Every distinct flag once, with the models it applies to and their defaults. */
export function allParams(): Array<{
  spec: ParamSpec;
  models: Array<{ kind: ModelKind; defaultValue: ParamSpec['defaultValue'] }>;
}> {
  const byKey = new Map<
    string,
    { spec: ParamSpec; models: Array<{ kind: ModelKind; defaultValue: ParamSpec['defaultValue'] }> }
  >();
  for (const [kind, specs] of Object.entries(MODEL_PARAMS) as Array<[ModelKind, readonly ParamSpec[]]>) {
    for (const spec of specs) {
      const entry = byKey.get(spec.key) ?? { spec, models: [] };
      entry.models.push({ kind, defaultValue: spec.defaultValue });
      byKey.set(spec.key, entry);
    }
  }
  return [...byKey.values()];
}
