// The space `persodata tune` searches: the parameters of a model's own table
// that declare a search range (core/params.ts), drawn at random from a seeded
// stream, so candidate i is the same whatever the budget and thread count.
import type { Param, ParamTable, SearchRange } from '../core/params.js';
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

export interface SearchedParam {
  /** The option key (`learningRate`). */
  readonly key: string;
  readonly param: Param & { readonly search: SearchRange };
}

export type Candidate = Readonly<Record<string, number | string>>;

/** The table's parameters with a search range, in table order. */
export function searchableParams(table: ParamTable): SearchedParam[] {
  return Object.entries(table)
    .filter((e): e is [string, SearchedParam['param']] => e[1].type !== 'switch' && e[1].search !== undefined)
    .map(([key, param]) => ({ key, param }));
}

/**
 * The parameters to search: `wanted` (option keys or flags, `leaves` or
 * `--leaves`), else every searchable one; minus the `fixed` keys (given on
 * the command line, which win). An unknown or unsearchable name is a UsageError.
 */
export function searchSpace(
  table: ParamTable,
  model: string,
  wanted: readonly string[] | undefined,
  fixed: readonly string[],
): SearchedParam[] {
  const all = searchableParams(table);
  let chosen = all;
  if (wanted) {
    chosen = wanted.map((name) => {
      const found = all.find((s) => s.key === name || s.param.flag === name || s.param.flag === `--${name}`);
      if (!found)
        throw new UsageError(
          `--search: ${model} has no searchable parameter "${name}" (searchable: ${all.map((s) => s.param.flag.slice(2)).join(', ')})`,
        );
      return found;
    });
  }
  return chosen.filter((s) => !fixed.includes(s.key));
}

/** One value of `p` in its search range: `u` in [0, 1) placed on the range's scale, rounded for integers. */
export function valueAt(p: SearchedParam['param'], u: number): number | string {
  const { low, high, scale } = p.search;
  let x = scale === 'log' ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
  if (p.type === 'integer') return Math.min(high, Math.max(low, Math.round(x)));
  // four significant digits: what a params file and a table show is what was fitted
  x = Number(x.toPrecision(4));
  if (p.type === 'text') return x >= 1 ? '1.0' : String(x).replace(/^0\./, '0.');
  return x;
}

/** Candidate `index` of the stream for `seed`: one uniform draw per searched parameter, in table order. */
export function drawCandidate(space: readonly SearchedParam[], seed: number, index: number): Candidate {
  const rng = new Rng(seed, 0x7e57 + index);
  return Object.fromEntries(space.map((s) => [s.key, valueAt(s.param, rng.next())]));
}
