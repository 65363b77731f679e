// Grows one tree leaf-wise (best-first) on the binned matrix: picks the open
// leaf with the largest gain, partitions its rows, and asks the workers for the
// children's histograms and best splits. Emits a FlatTree; boosting and the
// forest decide what the tree is for.
//
// Histogram cost per split: the smaller child is built from its rows, the
// larger is parent - smaller (one pass over bins, not rows), done in place in
// the parent's slot:
//
//   parent slot s ──split──> larger child keeps slot s (s -= small)
//                            smaller child gets a free slot (built from rows)
import type { HistogramResult, HistogramTask, LeafTotals } from './histogram-task.js';
import { FlatTree } from '../trees/flat-tree.js';
import { NO_SPLIT, type SplitConstraints, type SplitInfo } from './split.js';

export interface GrowerOptions {
  readonly maxLeaves: number;
  /** Largest depth (root = 0); Infinity for none. */
  readonly maxDepth: number;
  readonly constraints: SplitConstraints;
  /** Multiplies every leaf value (boosting's learning rate; 1 for none). */
  readonly shrinkage: number;
  /**
   * Leaf values from the float gradients and hessians of the leaf's rows
   * rather than from the split's (quantized) sums: --quantized, as LightGBM's
   * quant_train_renew_leaf.
   */
  readonly renewLeaves?: boolean;
}

/** A task as the grower asks it; the fit adds the round's quantization units. */
export type GrowerTask = Omit<HistogramTask, 'gUnit' | 'hUnit'>;

/** What the grower needs from the fit: shared views and a way to run tasks. */
export interface GrowerContext {
  readonly nRows: number;
  readonly gradients: Float32Array;
  readonly hessians: Float32Array;
  /** Row ids of this tree in rows[0, nRowsInTree), ascending; partitioned in place. */
  readonly rows: Uint32Array;
  readonly thresholds: readonly Float64Array[];
  readonly nSlots: number;
  /** Runs one split's histogram work on the workers; the best split per child over all features. */
  readonly runTask: (task: GrowerTask) => Promise<HistogramResult>;
  /** Stable partition of rows[start, end) by bin <= `bin` on `feature`; returns the left count. */
  readonly partition: (start: number, end: number, feature: number, bin: number) => number;
}

export interface GrownTree {
  readonly tree: FlatTree;
  /** Each leaf's row range in ctx.rows and its (shrunk) value. */
  readonly leaves: ReadonlyArray<{ readonly start: number; readonly end: number; readonly value: number }>;
  readonly splits: ReadonlyArray<{ readonly feature: number; readonly gain: number }>;
}

interface OpenLeaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly totals: LeafTotals;
  readonly depth: number;
  slot: number;
  split: SplitInfo;
}

/**
 * `rootTotals`: the root's sums as the histograms count them, when they are
 * not the float sums of the gradients (--quantized).
 */
export async function growTree(
  ctx: GrowerContext,
  nRowsInTree: number,
  opts: GrowerOptions,
  rootTotals?: LeafTotals,
): Promise<GrownTree> {
  const nodes = {
    feature: [] as number[],
    threshold: [] as number[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
  };
  const addNode = () => {
    nodes.feature.push(-1);
    nodes.threshold.push(0);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(0);
    return nodes.feature.length - 1;
  };
  const freeSlots = Array.from({ length: ctx.nSlots }, (_, i) => ctx.nSlots - 1 - i);
  const takeSlot = () => freeSlots.pop()!;
  const splits: Array<{ feature: number; gain: number }> = [];

  const root: OpenLeaf = {
    node: addNode(),
    start: 0,
    end: nRowsInTree,
    totals: rootTotals ?? { ...floatSums(ctx, 0, nRowsInTree), count: nRowsInTree },
    depth: 0,
    slot: -1,
    split: NO_SPLIT,
  };
  const open: OpenLeaf[] = [root];
  const done: OpenLeaf[] = [];
  if (mayBeSplit(root, opts)) {
    root.slot = takeSlot();
    // rows[0, n) holds ascending row ids; all n of them means rows[i] === i
    const result = await ctx.runTask({
      smallSlot: root.slot,
      rowsStart: 0,
      rowsEnd: nRowsInTree,
      identityRows: nRowsInTree === ctx.nRows,
      small: root.totals,
      largeSlot: -1,
      searchSmall: true,
      searchLarge: false,
      constraints: opts.constraints,
    });
    root.split = result.small;
  }

  while (open.length + done.length < opts.maxLeaves) {
    let pick = -1;
    for (let k = 0; k < open.length; k++) {
      const gain = open[k].split.gain;
      if (gain > 0 && (pick < 0 || gain > open[pick].split.gain)) pick = k;
    }
    if (pick < 0) break;
    const leaf = open.splice(pick, 1)[0];
    const { feature, bin } = leaf.split;
    splits.push({ feature, gain: leaf.split.gain });
    const nLeft = ctx.partition(leaf.start, leaf.end, feature, bin);
    const leftTotals = {
      sumGradients: leaf.split.leftGradient,
      sumHessians: leaf.split.leftHessian,
      count: leaf.split.leftCount,
    };
    const rightTotals = {
      sumGradients: leaf.totals.sumGradients - leftTotals.sumGradients,
      sumHessians: leaf.totals.sumHessians - leftTotals.sumHessians,
      count: leaf.totals.count - nLeft,
    };
    const left: OpenLeaf = {
      node: addNode(),
      start: leaf.start,
      end: leaf.start + nLeft,
      totals: leftTotals,
      depth: leaf.depth + 1,
      slot: -1,
      split: NO_SPLIT,
    };
    const right: OpenLeaf = {
      node: addNode(),
      start: leaf.start + nLeft,
      end: leaf.end,
      totals: rightTotals,
      depth: leaf.depth + 1,
      slot: -1,
      split: NO_SPLIT,
    };
    nodes.feature[leaf.node] = feature;
    nodes.threshold[leaf.node] = ctx.thresholds[feature][bin];
    nodes.left[leaf.node] = left.node;
    nodes.right[leaf.node] = right.node;

    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    // once this split fills the leaf budget no child will be split: skip their histograms
    const budgetLeft = open.length + done.length + 2 < opts.maxLeaves;
    const searchSmall = budgetLeft && mayBeSplit(small, opts);
    const searchLarge = budgetLeft && mayBeSplit(large, opts);
    if (searchSmall || searchLarge) {
      small.slot = takeSlot();
      large.slot = searchLarge ? leaf.slot : -1;
      if (!searchLarge) freeSlots.push(leaf.slot);
      const result = await ctx.runTask({
        smallSlot: small.slot,
        rowsStart: small.start,
        rowsEnd: small.end,
        identityRows: false,
        small: small.totals,
        largeSlot: large.slot,
        large: large.totals,
        searchSmall,
        searchLarge,
        constraints: opts.constraints,
      });
      small.split = result.small;
      large.split = result.large;
      if (!searchSmall) {
        freeSlots.push(small.slot);
        small.slot = -1;
      }
    } else {
      freeSlots.push(leaf.slot);
    }
    for (const child of [left, right]) {
      if (child.split.gain > 0) open.push(child);
      else {
        if (child.slot >= 0) freeSlots.push(child.slot);
        done.push(child);
      }
    }
  }

  const leaves = [...open, ...done]
    .sort((a, b) => a.node - b.node)
    .map((leaf) => {
      const { sumGradients, sumHessians } = opts.renewLeaves ? floatSums(ctx, leaf.start, leaf.end) : leaf.totals;
      const denominator = sumHessians + opts.constraints.l2;
      const value = denominator > 0 ? (-opts.shrinkage * sumGradients) / denominator : 0;
      nodes.value[leaf.node] = value;
      return { start: leaf.start, end: leaf.end, value };
    });
  return { tree: FlatTree.fromNumbers(nodes), leaves, splits };
}

function mayBeSplit(leaf: OpenLeaf, opts: GrowerOptions): boolean {
  const c = opts.constraints;
  return (
    leaf.depth < opts.maxDepth && leaf.totals.count >= 2 * c.minLeaf && leaf.totals.sumHessians >= 2 * c.minHessian
  );
}

/** Float sums of the gradients and hessians of rows[start, end). */
function floatSums(ctx: GrowerContext, start: number, end: number): { sumGradients: number; sumHessians: number } {
  const { rows, gradients, hessians } = ctx;
  let sumGradients = 0;
  let sumHessians = 0;
  for (let i = start; i < end; i++) {
    sumGradients += gradients[rows[i]];
    sumHessians += hessians[rows[i]];
  }
  return { sumGradients, sumHessians };
}
