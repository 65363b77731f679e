// Grows one random-forest tree, whole, inside one worker: depth-first on the
// binned matrix, with a fresh random subset of features at every node, down
// to pure leaves, --min-leaf or --max-depth. It uses the histogram kernels of
// the gradient-boosted trees (wasm/tree-kernels.wat) with
//   g = -w * label,  h = w   (w = the row's bootstrap multiplicity),
// for which their split gain G_L^2/H_L + G_R^2/H_R - G^2/H is half the
// weighted Gini impurity decrease, and the leaf value -G/H is the weighted
// share of class 1. The sums are integers, so the fixed-point histograms are
// exact. Histograms are built only for the features a node draws, one at a
// time (no subtraction: the children draw other features).
//
// Why a grower of its own and not tree-learner/grower.ts: that one grows a
// single boosting tree leaf-wise across the whole pool (histogram tasks over
// feature blocks, the larger child as parent minus the smaller), because
// each boosting tree needs the one before. A forest's trees are independent,
// so each worker grows whole trees with no message per node, and each node
// draws its own features, so no child is parent minus sibling. One grower
// would give up either the forest's tree-level parallelism or boosting's
// subtraction; what the two share is below the growers: the histogram and
// split kernels (wasm/tree-kernels.wat) and the quantization.
import { quantizationFor } from '../tree-learner/quantize.js';
import type { TreeKernels } from '../wasm/tree-kernels.js';
import type { ForestScratch } from './forest-memory.js';
import { Rng } from '../util/rng.js';

export interface ForestTreeOptions {
  /** Features drawn per node (resolved to a count, 1..nFeatures). */
  readonly maxFeatures: number;
  readonly minLeaf: number;
  /** Deepest split level; 0 = unlimited. */
  readonly maxDepth: number;
  readonly bootstrap: boolean;
  /** Rows drawn per tree, as a share of all rows. */
  readonly subsample: number;
  readonly seed: number;
  /** --class-weight: each row's weight is its multiplicity times its class's weight. */
  readonly classWeights?: readonly [number, number];
}

/** What a worker needs to grow trees: its kernels and addresses in the fit's memory. */
export interface ForestGrowerEnv {
  readonly kernels: TreeKernels;
  readonly buffer: ArrayBufferLike;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly labels: number;
  readonly binned: number;
  readonly scratch: ForestScratch;
  readonly binsPerFeature: readonly number[];
}

/** A grown tree with split bins (the caller maps them to raw thresholds), its out-of-bag predictions and importances. */
export interface GrownForestTree {
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Rows the tree never drew, ascending, and the tree's prediction for each. */
  readonly oobRows: Uint32Array;
  readonly oobValues: Float64Array;
  /** Per feature: summed split gain and split count. */
  readonly gain: Float64Array;
  readonly splits: Uint32Array;
}

/**
 * Tree k's draw: each row's multiplicity (bootstrap: round(subsample * n)
 * draws with replacement; otherwise that many distinct rows), and the random
 * stream the tree goes on with. Tree k's stream depends only on the seed and
 * k, so a forest is the same whatever thread grows which tree.
 */
export function drawRows(
  nRows: number,
  opts: ForestTreeOptions,
  treeIndex: number,
): { weights: Uint32Array; rng: Rng } {
  const rng = new Rng(opts.seed, 1 + treeIndex);
  const m = Math.max(1, Math.round(opts.subsample * nRows));
  const weights = new Uint32Array(nRows);
  if (opts.bootstrap) {
    for (let k = 0; k < m; k++) weights[rng.int(nRows)]++;
  } else {
    for (const row of rng.sample(nRows, m)) weights[row] = 1;
  }
  return { weights, rng };
}

interface PendingNode {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly G: number;
  readonly H: number;
}

export function growForestTree(env: ForestGrowerEnv, opts: ForestTreeOptions, treeIndex: number): GrownForestTree {
  const { kernels, buffer, nRows: n, nFeatures: d, scratch: s, binsPerFeature } = env;
  const { weights, rng } = drawRows(n, opts, treeIndex);
  const labels = new Uint8Array(buffer, env.labels, n);
  const rows = new Uint32Array(buffer, s.rows, n);
  const grad = new Float32Array(buffer, s.grad, n);
  const hess = new Float32Array(buffer, s.hess, n);
  let nIn = 0;
  let maxWeight = 1;
  let G = 0;
  let H = 0;
  const [c0, c1] = opts.classWeights ?? [1, 1];
  for (let r = 0; r < n; r++) {
    if (weights[r] === 0) continue;
    // a class weight of 1 multiplies exactly: without --class-weight the integer weights as before
    const w = weights[r] * (labels[r] === 1 ? c1 : c0);
    rows[nIn++] = r;
    grad[r] = -w * labels[r];
    hess[r] = w;
    G += grad[r];
    H += w;
    if (w > maxWeight) maxWeight = w;
  }
  const q = quantizationFor(n, maxWeight, maxWeight);
  const results = new DataView(buffer, s.out, 32);
  const maxDepth = opts.maxDepth > 0 ? opts.maxDepth : Number.POSITIVE_INFINITY;
  const nodes = {
    feature: [] as number[],
    bin: [] as number[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
  };
  const addNode = () => {
    nodes.feature.push(-1);
    nodes.bin.push(-1);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(0);
    return nodes.feature.length - 1;
  };
  const gain = new Float64Array(d);
  const splits = new Uint32Array(d);
  const order = Int32Array.from({ length: d }, (_, f) => f);

  const stack: PendingNode[] = [{ node: addNode(), start: 0, end: nIn, depth: 0, G, H }];
  while (stack.length > 0) {
    const t = stack.pop()!;
    const count = t.end - t.start;
    nodes.value[t.node] = t.G === 0 ? 0 : -t.G / t.H; // not -0
    // pure (all class 0: G = 0; all class 1: G = -H), too small or too deep: a leaf
    if (count < 2 * opts.minLeaf || t.depth >= maxDepth || t.G === 0 || t.G === -t.H) continue;
    kernels.gather(s.rows, t.start, t.end, s.grad, s.hess, s.gh, q.gScale, q.hScale, q.countBits);
    let bestFeature = -1;
    let bestGain = 0;
    let bestBin = 0;
    let bestLeftG = 0;
    let bestLeftH = 0;
    // Features in a fresh random order; those with no allowed split in this
    // node (constant here) do not count towards maxFeatures, as in scikit-learn.
    for (let i = 0, visited = 0; i < d && visited < opts.maxFeatures; i++) {
      const j = i + rng.int(d - i);
      const f = order[j];
      order[j] = order[i];
      order[i] = f;
      const nBins = binsPerFeature[f];
      if (nBins < 2) continue;
      kernels.clear(s.hist, nBins * 16);
      kernels.build(env.binned + f * n, s.rows, t.start, t.end, s.gh, s.hist);
      const g = kernels.bestSplit(
        s.hist,
        nBins,
        q.gUnit,
        q.hUnit,
        q.countBits,
        t.G,
        t.H,
        count,
        0,
        opts.minLeaf,
        0,
        s.out,
      );
      if (!(g > 0)) continue;
      visited++;
      if (g > bestGain) {
        bestFeature = f;
        bestGain = g;
        bestBin = results.getInt32(0, true);
        bestLeftG = results.getFloat64(8, true);
        bestLeftH = results.getFloat64(16, true);
      }
    }
    if (bestFeature < 0) continue;
    const nLeft = kernels.partition(s.rows, t.start, t.end, env.binned + bestFeature * n, bestBin, s.partition);
    const left = addNode();
    const right = addNode();
    nodes.feature[t.node] = bestFeature;
    nodes.bin[t.node] = bestBin;
    nodes.left[t.node] = left;
    nodes.right[t.node] = right;
    gain[bestFeature] += bestGain;
    splits[bestFeature]++;
    stack.push({
      node: right,
      start: t.start + nLeft,
      end: t.end,
      depth: t.depth + 1,
      G: t.G - bestLeftG,
      H: t.H - bestLeftH,
    });
    stack.push({ node: left, start: t.start, end: t.start + nLeft, depth: t.depth + 1, G: bestLeftG, H: bestLeftH });
  }

  const feature = Int32Array.from(nodes.feature);
  const bin = Int32Array.from(nodes.bin);
  const leftOf = Int32Array.from(nodes.left);
  const rightOf = Int32Array.from(nodes.right);
  const value = Float64Array.from(nodes.value);
  // out-of-bag rows, walked down the tree on their bins
  const binned = new Uint8Array(buffer, env.binned, n * d);
  const oobRows = new Uint32Array(n - nIn);
  const oobValues = new Float64Array(n - nIn);
  for (let r = 0, k = 0; r < n; r++) {
    if (weights[r] !== 0) continue;
    let node = 0;
    while (feature[node] >= 0) node = binned[feature[node] * n + r] <= bin[node] ? leftOf[node] : rightOf[node];
    oobRows[k] = r;
    oobValues[k++] = value[node];
  }
  return { feature, bin, left: leftOf, right: rightOf, value, oobRows, oobValues, gain, splits };
}
