// The warning that a fit came out constant (every prediction equal: no tree
// found a split, or a linear model kept no weight), with its likely cause in
// flag terms: a tree model's --min-leaf against the rows it was fitted on.
// cv checks each fold's held-out scores; train checks the fitted model.
import type { Estimator, ModelKind } from '../core/estimator.js';
import type { DenseMatrix } from '../core/dense-matrix.js';
import { MODEL_PARAMS } from './params.js';

/** Every value the same (an empty or one-value array counts as constant). */
export function allEqual(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Whether a fitted model predicts one value for every row: tree models by their splits, others by predicting X. */
export async function isConstantModel(model: Estimator, X: DenseMatrix, threads: number): Promise<boolean> {
  const importance = model.featureImportance?.();
  if (importance) return importance.splits.every((n) => n === 0);
  return allEqual(await model.predictProba(X, { threads }));
}

/**
 * What to tell the user: `what` says where ("in 5 of 5 folds"), `nRows` the
 * rows each fit had.
 */
export function constantModelWarning(
  what: string,
  kind: ModelKind,
  modelOptions: Readonly<Record<string, unknown>>,
  nRows: number,
): string {
  const minLeafParam = MODEL_PARAMS[kind].minLeaf;
  if (!minLeafParam)
    return `${what} the ${kind} model is constant (every prediction equal): its features gave the fit nothing to use; check that they vary`;
  const minLeaf = Number(modelOptions.minLeaf ?? minLeafParam.default);
  const suggest = Math.max(1, Math.min(minLeaf - 1, Math.floor(nRows / 10)));
  return (
    `${what} the ${kind} model is constant (no split in any tree, every prediction equal): ` +
    `a leaf needs --min-leaf ${minLeaf} rows${modelOptions.minLeaf === undefined ? ' (the default)' : ''}, and ${nRows} training rows leave no split worth making; ` +
    `try --min-leaf ${suggest}, or give it more rows`
  );
}
