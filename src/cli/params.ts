// One table per model of its tunable flags: flag, option key, default, parser
// and help text. Commands add every model's flags from here, so help,
// defaults and validation never drift apart.
import { DEFAULT_LOGISTIC_OPTIONS } from '../linear/logistic.js';
import type { ModelKind } from '../models/estimator.js';
import { intAtLeast, numberAtLeast } from './parsers.js';

export interface ParamSpec {
  /** commander flags, e.g. `--max-iter <n>`. */
  readonly flags: string;
  /** Option key of the model and of commander's parsed options. */
  readonly key: string;
  readonly defaultValue: number;
  readonly parse: (raw: string) => number;
  readonly help: string;
}

export const LOGISTIC_PARAMS: readonly ParamSpec[] = [
  { flags: '--l2 <lambda>', key: 'l2', defaultValue: DEFAULT_LOGISTIC_OPTIONS.l2, parse: numberAtLeast(0), help: "logistic: L2 penalty on the weights (scikit-learn's C = 1 / l2)" },
  { flags: '--max-iter <n>', key: 'maxIter', defaultValue: DEFAULT_LOGISTIC_OPTIONS.maxIter, parse: intAtLeast(1), help: 'logistic: L-BFGS iteration cap' },
  { flags: '--tol <x>', key: 'tol', defaultValue: DEFAULT_LOGISTIC_OPTIONS.tol, parse: numberAtLeast(0, { exclusive: true }), help: 'logistic: stop when the largest gradient entry is below this' },
];

export const MODEL_PARAMS: Readonly<Record<ModelKind, readonly ParamSpec[]>> = {
  logistic: LOGISTIC_PARAMS,
};
