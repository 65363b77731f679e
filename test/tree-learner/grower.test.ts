// The grower on both learners against a brute force: on a small input every
// split it makes is the best (feature, threshold) an exhaustive search finds
// for that leaf's rows, leaves hold -G / (H + l2) times the shrinkage, and the
// leaves' row ranges are exactly the rows the tree sends there.
import { describe, expect, it } from 'vitest';
import { growTree, type GrownTree } from '../../src/tree-learner/grower.js';
import { withTreeFit } from '../../src/tree-learner/tree-fit.js';
import { nonlinearData } from '../helpers/synthetic.js';

const N = 240;
const D = 4;
const L2 = 1;
const MIN_LEAF = 10;

/** Exhaustive best split of `rows` over every feature and every threshold the binning offers. */
function bruteForceSplit(
  X: Float32Array,
  g: Float32Array,
  h: Float32Array,
  rows: number[],
  thresholds: readonly Float64Array[],
): { feature: number; threshold: number; gain: number } {
  const score = (G: number, H: number) => (G * G) / (H + L2);
  const G = rows.reduce((s, r) => s + g[r], 0);
  const H = rows.reduce((s, r) => s + h[r], 0);
  let best = { feature: -1, threshold: Number.NaN, gain: 0 };
  for (let f = 0; f < D; f++) {
    for (const t of thresholds[f]) {
      const left = rows.filter((r) => X[r * D + f] <= t);
      if (left.length < MIN_LEAF || rows.length - left.length < MIN_LEAF) continue;
      const GL = left.reduce((s, r) => s + g[r], 0);
      const HL = left.reduce((s, r) => s + h[r], 0);
      const gain = (score(GL, HL) + score(G - GL, H - HL) - score(G, H)) / 2;
      if (gain > best.gain + 1e-9) best = { feature: f, threshold: t, gain };
    }
  }
  return best;
}

async function grow(
  learner: 'serial' | 'pooled',
): Promise<{ grown: GrownTree; thresholds: readonly Float64Array[]; rows: number[][] }> {
  const { X, y } = nonlinearData(N, D, 11);
  return withTreeFit(
    X,
    { bins: 32, maxAbsGradient: 1, maxHessian: 0.25, threads: 2, nSlots: 9, label: 'test', learner },
    async (ctx) => {
      for (let i = 0; i < N; i++) {
        const p = 0.3 + (0.4 * (i % 3)) / 2; // any fixed scores: log-loss gradients p - y, hessians p (1 - p)
        ctx.gradients[i] = p - y[i];
        ctx.hessians[i] = p * (1 - p);
        ctx.rows[i] = i;
      }
      const grown = await growTree(ctx, N, {
        maxLeaves: 8,
        maxDepth: Infinity,
        constraints: { l2: L2, minLeaf: MIN_LEAF, minHessian: 0 },
        shrinkage: 0.5,
      });
      const rows = grown.leaves.map((leaf) => Array.from(ctx.rows.subarray(leaf.start, leaf.end)));
      return { grown, thresholds: ctx.thresholds, rows };
    },
  );
}

describe('growTree', () => {
  it('makes the splits an exhaustive search makes, leaf values -G/(H+l2) x shrinkage, and leaf rows the tree routes there', async () => {
    const { X, y } = nonlinearData(N, D, 11);
    const { grown, thresholds, rows } = await grow('serial');
    const g = new Float32Array(N);
    const h = new Float32Array(N);
    for (let i = 0; i < N; i++) {
      const p = 0.3 + (0.4 * (i % 3)) / 2;
      g[i] = p - y[i];
      h[i] = p * (1 - p);
    }
    const { tree } = grown;
    expect(grown.leaves).toHaveLength(8);
    // walk every internal node with the rows that reach it
    const reach = (node: number, at: number[]): void => {
      if (tree.feature[node] < 0) return;
      const best = bruteForceSplit(X.data, g, h, at, thresholds);
      expect([tree.feature[node], tree.threshold[node]]).toEqual([best.feature, best.threshold]);
      const left = at.filter((r) => X.data[r * D + tree.feature[node]] <= tree.threshold[node]);
      reach(tree.left[node], left);
      reach(
        tree.right[node],
        at.filter((r) => !left.includes(r)),
      );
    };
    reach(
      0,
      Array.from({ length: N }, (_, i) => i),
    );
    // each leaf's rows: all routed to that leaf, value from their sums (fixed-point sums: 1e-6)
    const predicted = new Float64Array(N);
    tree.addPredictions(X, predicted);
    grown.leaves.forEach((leaf, k) => {
      const G = rows[k].reduce((s, r) => s + g[r], 0);
      const H = rows[k].reduce((s, r) => s + h[r], 0);
      expect(leaf.value).toBeCloseTo((-G / (H + L2)) * 0.5, 6);
      for (const r of rows[k]) expect(predicted[r]).toBe(leaf.value);
    });
    expect(rows.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it('grows the identical tree on the serial and the pooled learner', async () => {
    const serial = await grow('serial');
    const pooled = await grow('pooled');
    expect(pooled.grown.tree.toJSON()).toEqual(serial.grown.tree.toJSON());
    expect(pooled.rows).toEqual(serial.rows);
  });
});
