import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { fitBinMapper } from '../../src/binning/bin-mapper.js';
import { RandomForest } from '../../src/forest/forest.js';
import { drawRows, growForestTree, type ForestTreeOptions } from '../../src/forest/tree-grower.js';
import { readDataset } from '../../src/io/automl.js';
import { denseMatrix, type DenseMatrix } from '../../src/core/dense-matrix.js';
import { decodeModelFile, encodeModelFile } from '../../src/models/model-file.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { forestMemoryLayout, forestScratch } from '../../src/forest/forest-memory.js';
import { sharedMemory } from '../../src/parallel/shared-memory.js';
import { FlatTree } from '../../src/trees/flat-tree.js';
import { loadTreeKernels } from '../../src/wasm/tree-kernels.js';
import { nonlinearData } from '../helpers/synthetic.js';
import { PCA_SAMPLE } from '../helpers/samples.js';

const SAMPLE = PCA_SAMPLE;
const BASE: ForestTreeOptions = { maxFeatures: 1, minLeaf: 1, maxDepth: 0, bootstrap: true, subsample: 1, seed: 0 };

/** Grows tree `k` in this thread, on memory laid out as a fit does; thresholds mapped to raw values. */
function growHere(X: DenseMatrix, y: Uint8Array, opts: ForestTreeOptions, k = 0) {
  const layout = forestMemoryLayout(X.nRows, X.nCols, 1);
  const memory = sharedMemory(layout.bytes);
  new Uint8Array(memory.buffer, layout.labels, X.nRows).set(y);
  const mapper = fitBinMapper(X, 255, new Uint8Array(memory.buffer, layout.binned, X.nRows * X.nCols));
  const env = {
    kernels: loadTreeKernels(memory),
    buffer: memory.buffer,
    nRows: X.nRows,
    nFeatures: X.nCols,
    labels: layout.labels,
    binned: layout.binned,
    scratch: forestScratch(layout, 0),
    binsPerFeature: mapper.thresholds.map((t) => t.length + 1),
  };
  const grown = growForestTree(env, opts, k);
  const tree = new FlatTree(
    grown.feature,
    Float64Array.from(grown.feature, (f, i) => (f >= 0 ? mapper.thresholds[f][grown.bin[i]] : 0)),
    grown.left,
    grown.right,
    grown.value,
  );
  return { grown, tree };
}

/** Gini impurity decrease of the best split over every feature and threshold, by brute force. */
function bruteForceBestGini(X: DenseMatrix, y: Uint8Array): { feature: number; threshold: number; decrease: number } {
  const n = X.nRows;
  const gini = (ones: number, count: number) => (count === 0 ? 0 : 2 * (ones / count) * (1 - ones / count));
  const ones = y.reduce((a, b) => a + b, 0);
  let best = { feature: -1, threshold: 0, decrease: 0 };
  for (let f = 0; f < X.nCols; f++) {
    const values = [...new Set(Array.from({ length: n }, (_, i) => X.data[i * X.nCols + f]))].sort((a, b) => a - b);
    for (let v = 0; v + 1 < values.length; v++) {
      let leftCount = 0;
      let leftOnes = 0;
      for (let i = 0; i < n; i++) {
        if (X.data[i * X.nCols + f] <= values[v]) {
          leftCount++;
          leftOnes += y[i];
        }
      }
      const decrease =
        n * gini(ones, n) -
        leftCount * gini(leftOnes, leftCount) -
        (n - leftCount) * gini(ones - leftOnes, n - leftCount);
      if (decrease > best.decrease + 1e-12) best = { feature: f, threshold: (values[v] + values[v + 1]) / 2, decrease };
    }
  }
  return best;
}

describe('forest tree grower', () => {
  it('splits the root where a brute-force Gini search does', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y } = nonlinearData(120, 5, seed);
      // integer-valued features: fewer than 255 distinct values, so bins are exact
      const Xi = denseMatrix(
        X.nRows,
        X.nCols,
        X.data.map((v) => Math.round(v * 20)),
      );
      const { grown, tree } = growHere(Xi, y, { ...BASE, maxFeatures: 5, bootstrap: false, maxDepth: 1 });
      const expected = bruteForceBestGini(Xi, y);
      expect(tree.feature[0]).toBe(expected.feature);
      expect(tree.threshold[0]).toBe(expected.threshold);
      // the kernel's gain is half the Gini decrease
      expect(2 * grown.gain[expected.feature]).toBeCloseTo(expected.decrease, 9);
    }
  });

  it('leaves every leaf pure when grown to full depth, and predicts the training rows exactly', async () => {
    const { X, y } = nonlinearData(300, 4, 5);
    const { tree } = growHere(X, y, { ...BASE, maxFeatures: 2, bootstrap: false });
    const p = new Float64Array(X.nRows);
    tree.addPredictions(X, p);
    expect(Array.from(p)).toEqual(Array.from(y, Number));
  });

  it("reports as out of bag exactly the rows its bootstrap left out, with the tree's predictions", () => {
    const { X, y } = nonlinearData(400, 6, 7);
    const opts = { ...BASE, maxFeatures: 2, seed: 11 };
    const { grown, tree } = growHere(X, y, opts, 3);
    const { weights } = drawRows(X.nRows, opts, 3);
    const leftOut = Array.from(weights.keys()).filter((r) => weights[r] === 0);
    expect(leftOut.length).toBeGreaterThan(100); // about n / e
    expect(Array.from(grown.oobRows)).toEqual(leftOut);
    const p = new Float64Array(X.nRows);
    tree.addPredictions(X, p);
    expect(Array.from(grown.oobValues)).toEqual(leftOut.map((r) => p[r]));
  });
});

describe('RandomForest', () => {
  it('builds the identical forest on 1 and 2 threads, and another with another seed', async () => {
    const { X, y } = nonlinearData(1500, 10, 1);
    const json = async (threads: number, seed = 4) =>
      JSON.stringify((await new RandomForest({ trees: 16, seed }).fit(X, y, { threads })).toJSON());
    const one = await json(1);
    expect(await json(2)).toBe(one);
    expect(await json(2, 5)).not.toBe(one);
  });

  it('learns a nonlinear problem, reports an out-of-bag AUC near the test AUC, and reloads with identical predictions', async () => {
    const train = nonlinearData(3000, 6, 2);
    const test = nonlinearData(1000, 6, 3);
    const model = await new RandomForest({ trees: 60 }).fit(train.X, train.y, { threads: 2 });
    const p = await model.predictProba(test.X);
    const auc = rocAuc(test.y, p);
    expect(auc).toBeGreaterThan(0.85);
    expect(Math.abs(model.state!.oobAuc - auc)).toBeLessThan(0.03);
    expect(model.state!.oobRows).toBe(3000); // with 60 trees every row is out of bag somewhere
    const reloaded = decodeModelFile(encodeModelFile(model, ['a', 'b', 'c', 'd', 'e', 'f']), 'model.json').model;
    expect(await reloaded.predictProba(test.X, { threads: 1 })).toEqual(p);
  });

  it('makes one-leaf trees predicting the bootstrap class share when all rows are identical', async () => {
    const X = denseMatrix(50, 3, new Float32Array(150).fill(2));
    const y = Uint8Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const model = await new RandomForest({ trees: 5 }).fit(X, y, { threads: 2 });
    expect(model.state!.trees.map((t) => t.nNodes)).toEqual([1, 1, 1, 1, 1]);
    const p = await model.predictProba(X);
    expect(p.every((v) => v === p[0] && v > 0.05 && v < 0.4)).toBe(true);
  });

  it('refuses bad options with clear messages', async () => {
    expect(() => new RandomForest({ trees: 0 })).toThrow('options.trees must be an integer >= 1, got 0');
    expect(() => new RandomForest({ maxFeatures: '0' })).toThrow(
      'options.maxFeatures must be sqrt, log2, a share in (0, 1] such as 0.3, or a count >= 1 such as 14, got 0',
    );
    expect(() => new RandomForest({ maxFeatures: 'most' })).toThrow('options.maxFeatures must be sqrt, log2');
    const { X, y } = nonlinearData(50, 4, 1);
    await expect(new RandomForest({ maxFeatures: '300' }).fit(X, y)).rejects.toThrow(
      'options.maxFeatures is 300, more than the 4 features',
    );
    await expect(new RandomForest().fit(X, new Uint8Array(50))).rejects.toThrow('random forest needs both classes');
  });
});

describe('RandomForest against ml-random-forest', () => {
  it('is about as accurate on the real sample (35 train rows; 15 valid + test rows scored)', async () => {
    // With 35 rows x 200 features both forests are near chance on held-out rows:
    // the tolerance is wide, and this checks that neither is far off the other.
    const ds = readDataset(SAMPLE, { sets: ['train', 'valid', 'test'] });
    const train = ds.splits.train!;
    const heldX = [ds.splits.valid!, ds.splits.test!];
    const heldY = heldX.flatMap((s) => Array.from(s.y!));
    const rowsOf = (m: DenseMatrix) =>
      Array.from({ length: m.nRows }, (_, i) => Array.from(m.data.subarray(i * m.nCols, (i + 1) * m.nCols)));
    const accuracy = (pred: number[]) => pred.filter((p, i) => p === heldY[i]).length / heldY.length;

    const ours = new RandomForest({ trees: 50, seed: 1 });
    await ours.fit(train.X, train.y!, { threads: 1 });
    const ourPred = (await Promise.all(heldX.map((s) => ours.predictProba(s.X)))).flatMap((p) =>
      Array.from(p, (v) => (v > 0.5 ? 1 : 0)),
    );

    const theirs = new RandomForestClassifier({
      nEstimators: 50,
      maxFeatures: 0.1,
      seed: 1,
      replacement: true,
      useSampleBagging: true,
    });
    theirs.train(rowsOf(train.X), Array.from(train.y!));
    const theirPred = heldX.flatMap((s) => theirs.predict(rowsOf(s.X)));

    expect(Math.abs(accuracy(ourPred) - accuracy(theirPred))).toBeLessThanOrEqual(0.34);
  });

  it('is at least as accurate on a nonlinear problem with signal (within 0.03)', async () => {
    // y = (x0 x1 > 0) xor (x2 > 0.3): an interaction that per-node sampling of
    // 2 of 6 features finds slowly; this run saw 0.60 here and 0.48 for
    // ml-random-forest (one tree per feature subset, ml-cart splits).
    const train = nonlinearData(600, 6, 12);
    const test = nonlinearData(600, 6, 13);
    const rowsOf = (m: DenseMatrix) =>
      Array.from({ length: m.nRows }, (_, i) => Array.from(m.data.subarray(i * m.nCols, (i + 1) * m.nCols)));
    const accuracy = (pred: ArrayLike<number>) =>
      Array.from(pred).filter((p, i) => p === test.y[i]).length / test.y.length;
    const ours = await new RandomForest({ trees: 30, seed: 2 }).fit(train.X, train.y, { threads: 1 });
    const ourAccuracy = accuracy(Array.from(await ours.predictProba(test.X), (v) => (v > 0.5 ? 1 : 0)));
    const theirs = new RandomForestClassifier({
      nEstimators: 30,
      maxFeatures: 0.5,
      seed: 2,
      replacement: true,
      useSampleBagging: true,
    });
    theirs.train(rowsOf(train.X), Array.from(train.y));
    const theirAccuracy = accuracy(theirs.predict(rowsOf(test.X)));
    expect(ourAccuracy).toBeGreaterThan(0.55);
    expect(ourAccuracy).toBeGreaterThanOrEqual(theirAccuracy - 0.03);
  });
});
