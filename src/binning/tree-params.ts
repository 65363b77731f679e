// Parameters every histogram tree model takes in the same form (gbdt and the
// forest): declared once here, placed in each model's table.
import type { NumberParam, SearchRange } from '../core/params.js';

/** --bins: the binned matrix holds one byte a value, so at most 256 bins. */
export const BINS_PARAM = {
  type: 'integer',
  flag: '--bins',
  default: 255,
  min: 2,
  max: 256,
  help: 'histogram bins per feature',
} as const satisfies NumberParam;

export const MAX_DEPTH_PARAM = {
  type: 'integer',
  flag: '--max-depth',
  default: 0,
  min: 0,
  defaultText: '0 (none)',
  help: 'deepest split level, 0 = unlimited',
} as const satisfies NumberParam;

/** --min-leaf with this model's default and the range `tune` searches. */
export function minLeafParam(defaultRows: number, search: SearchRange) {
  return {
    type: 'integer',
    flag: '--min-leaf',
    default: defaultRows,
    min: 1,
    help: 'fewest rows in a leaf',
    search,
  } as const satisfies NumberParam;
}

/** --subsample: the share of rows drawn for each tree, `help` saying how they are drawn; `tune` searches [0.5, 1]. */
export function subsampleParam(help: string) {
  return {
    type: 'number',
    flag: '--subsample',
    default: 1,
    min: 0,
    minOpen: true,
    max: 1,
    valueName: 'x',
    help,
    search: { low: 0.5, high: 1, scale: 'linear' },
  } as const satisfies NumberParam;
}
