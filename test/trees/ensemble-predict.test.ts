import { describe, expect, it } from 'vitest';
import { denseMatrix, type DenseMatrix } from '../../src/core/dense-matrix.js';
import { addTreeOutputs } from '../../src/trees/ensemble-predict.js';
import { FlatTree } from '../../src/trees/flat-tree.js';
import { buildQuickScorer } from '../../src/trees/quick-scorer.js';
import { Rng } from '../../src/util/rng.js';

/** A random tree of `nLeaves` leaves whose thresholds are values found in X (so ties with x occur; never NaN, as in fitted trees). */
function randomTree(X: DenseMatrix, nLeaves: number, rng: Rng): FlatTree {
  const feature = [-1];
  const threshold = [0];
  const left = [-1];
  const right = [-1];
  const value = [rng.next() - 0.5];
  const leaves = [0];
  while (leaves.length < nLeaves) {
    const node = leaves.splice(Math.floor(rng.next() * leaves.length), 1)[0];
    const f = Math.floor(rng.next() * X.nCols);
    feature[node] = f;
    let t = Number.NaN;
    while (Number.isNaN(t)) t = X.data[Math.floor(rng.next() * X.nRows) * X.nCols + f];
    threshold[node] = t;
    left[node] = feature.length;
    right[node] = feature.length + 1;
    for (let k = 0; k < 2; k++) {
      leaves.push(feature.length);
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      value.push(rng.next() - 0.5);
    }
  }
  return new FlatTree(
    Int32Array.from(feature),
    Float64Array.from(threshold),
    Int32Array.from(left),
    Int32Array.from(right),
    Float64Array.from(value),
  );
}

/** Rows of small integers (many ties with thresholds), some NaN. */
function randomRows(nRows: number, nCols: number, rng: Rng): DenseMatrix {
  const data = Float32Array.from({ length: nRows * nCols }, () =>
    rng.next() < 0.01 ? Number.NaN : Math.floor(rng.next() * 20) - 10,
  );
  return denseMatrix(nRows, nCols, data);
}

/** The reference: each tree walked on its own, outputs added in tree order. */
function walkedSums(trees: FlatTree[], X: DenseMatrix, start: number): Float64Array {
  const out = new Float64Array(X.nRows).fill(start);
  for (const tree of trees) tree.addPredictions(X, out);
  return out;
}

describe('addTreeOutputs', () => {
  const rng = new Rng(11);
  const X = randomRows(700, 12, rng);

  it.each([1, 2, 7, 31, 32])('equals walking every tree, bit for bit, with %i-leaf trees (QuickScorer)', (nLeaves) => {
    const trees = Array.from({ length: 40 }, () => randomTree(X, nLeaves, rng));
    expect(buildQuickScorer(trees)).toBeDefined();
    const out = new Float64Array(X.nRows).fill(0.25);
    return addTreeOutputs(trees, X, out, 1).then(() => expect(out).toEqual(walkedSums(trees, X, 0.25)));
  });

  it('walks the trees when one has more than 32 leaves, with the same sums', async () => {
    const trees = [randomTree(X, 31, rng), randomTree(X, 33, rng), randomTree(X, 200, rng)];
    expect(buildQuickScorer(trees)).toBeUndefined();
    const out = new Float64Array(X.nRows);
    await addTreeOutputs(trees, X, out, 1);
    expect(out).toEqual(walkedSums(trees, X, 0));
  });

  it.each([[31], [64]])(
    'gives the same sums on 1 and 3 threads (%i-leaf trees, large enough for workers)',
    async (nLeaves) => {
      const big = randomRows(5000, 20, rng);
      const trees = Array.from({ length: 210 }, () => randomTree(big, nLeaves, rng));
      const one = new Float64Array(big.nRows);
      const three = new Float64Array(big.nRows);
      await addTreeOutputs(trees, big, one, 1);
      await addTreeOutputs(trees, big, three, 3);
      expect(three).toEqual(one);
      expect(one).toEqual(walkedSums(trees, big, 0));
    },
  );
});
