// Which data column feeds which model column: by name, never silently by
// position. A model keeps the names of the columns it was fitted on; data
// with the same names in another order is reordered to the model's order,
// data with other names is refused (naming the first difference), and only
// data without names (an AutoML folder with no NAME_feat.name, whose columns
// are called feature0, feature1...) goes by position, with a note.
import { takeColumns, type DenseMatrix } from '../core/dense-matrix.js';
import { InputError } from '../util/errors.js';

export interface ColumnAlignment {
  /** For each model column, the data column it reads; undefined when they already line up. */
  readonly order?: Int32Array;
  /** What the user should know (columns reordered, or taken by position). */
  readonly note?: string;
}

/**
 * Lines the data's columns up with the model's; `named` says whether the
 * data's names came from the data. `file` and `model` name them in messages; `model` may be another file of the same dataset, whose column
 * order the others take (`reference: 'dataset'`).
 */
export function alignColumns(
  data: { readonly file: string; readonly names: readonly string[]; readonly named: boolean },
  model: string,
  modelNames: readonly string[],
  reference: 'model' | 'dataset' = 'model',
): ColumnAlignment {
  const { file, names: dataNames } = data;
  const fitted = reference === 'model' ? 'was fitted on' : 'has';
  if (dataNames.length !== modelNames.length)
    throw new InputError(`${file}: ${dataNames.length} feature columns, but ${model} ${fitted} ${modelNames.length}`);
  if (dataNames.every((n, j) => n === modelNames[j])) return {};
  const at = new Map(dataNames.map((n, j) => [n, j]));
  if (at.size === dataNames.length && modelNames.every((n) => at.has(n)))
    return {
      order: Int32Array.from(modelNames, (n) => at.get(n)!),
      note: `${file}: the columns ${model} ${fitted}, in another order; reordered by name`,
    };
  // other names: by position only where the data has none to compare
  if (!data.named)
    return {
      note: `${file} names no columns (no feature names file): its ${dataNames.length} columns are taken by position`,
    };
  const j = modelNames.findIndex((n, k) => n !== dataNames[k]);
  throw new InputError(
    `${file}: not the columns ${model} ${fitted}: its column ${j + 1} is "${modelNames[j]}", the data's "${dataNames[j]}"` +
      (at.has(modelNames[j]) ? '' : ` (and "${modelNames[j]}" is not in the data)`),
  );
}

/** The data's matrix in the model's column order. */
export function alignedMatrix(X: DenseMatrix, alignment: ColumnAlignment): DenseMatrix {
  return alignment.order ? takeColumns(X, alignment.order) : X;
}
