// How an ensemble scores rows: QuickScorer when every tree has at most 32
// leaves (gbdt's usual shape), a blocked tree walk otherwise. Both give the
// same sums bit for bit. A scorer holds the rows and the sums too, in shared
// memory when `slots` > 1, so worker threads each score a share of the rows.
import type { DenseMatrix } from '../core/dense-matrix.js';
import type { FlatTree } from './flat-tree.js';
import { packTrees, sumPackedTrees, type PackedTrees } from './packed-trees.js';
import {
  buildQuickScorer,
  placeQuickScorer,
  quickScorerSums,
  scoreQuickRows,
  type PlacedQuickScorer,
} from './quick-scorer.js';

export type RowScorer =
  | { readonly quick: PlacedQuickScorer }
  | { readonly walk: PackedTrees; readonly data: Float32Array; readonly nCols: number; readonly out: Float64Array };

/** A scorer for `trees` over X, its sums starting from `out`; `slots` threads will score shares of it. */
export function makeRowScorer(trees: readonly FlatTree[], X: DenseMatrix, out: Float64Array, slots: number): RowScorer {
  const tables = buildQuickScorer(trees);
  const quick = tables && placeQuickScorer(tables, X, out, slots);
  if (quick) return { quick };
  if (slots === 1) return { walk: packTrees(trees), data: X.data, nCols: X.nCols, out };
  const data = new Float32Array(new SharedArrayBuffer(X.data.byteLength));
  data.set(X.data);
  const shared = new Float64Array(new SharedArrayBuffer(out.byteLength));
  shared.set(out);
  return { walk: packTrees(trees, true), data, nCols: X.nCols, out: shared };
}

/** Adds the ensemble's output for rows [start, end) to the scorer's sums; `slot` is this thread's scratch. */
export function scoreRows(scorer: RowScorer, slot: number, start: number, end: number): void {
  if ('quick' in scorer) scoreQuickRows(scorer.quick, slot, start, end);
  else sumPackedTrees(scorer.walk, scorer.data, scorer.nCols, scorer.out, start, end);
}

/** The scorer's sums, one per row. */
export function scorerSums(scorer: RowScorer): Float64Array {
  return 'quick' in scorer ? quickScorerSums(scorer.quick) : scorer.out;
}
