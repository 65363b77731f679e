import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import MlLogisticRegression from 'ml-logistic-regression';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/io/automl.js';
import { denseMatrix, type DenseMatrix } from '../../src/core/dense-matrix.js';
import { decodeModelFile, encodeModelFile } from '../../src/models/model-file.js';
import { LogisticRegression } from '../../src/linear/logistic.js';
import { logisticLossGradient } from '../../src/linear/logistic-loss.js';
import { fitStandardizer, standardize } from '../../src/linear/standardize.js';
import { Rng } from '../../src/util/rng.js';

const SAMPLE = { dir: new URL('../../data/', import.meta.url).pathname, name: 'perso' };
const sklearn = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn-logistic-sample.json', import.meta.url), 'utf8'),
) as {
  coef: number[];
  intercept: number;
  validProba: number[];
  testProba: number[];
};

/** Seeded, not separable: labels drawn from a known logistic model. */
function syntheticData(n: number, d: number, seed: number): { X: DenseMatrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const X = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0.3;
    for (let j = 0; j < d; j++) {
      X[i * d + j] = (rng.next() - 0.5) * (j + 1) * 10 + j;
      z += ((j % 2 === 0 ? 0.2 : -0.1) * X[i * d + j]) / (j + 1);
    }
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: denseMatrix(n, d, X), y };
}

describe('logistic loss', () => {
  it('is log 2 with zero weights, with gradient mean(0.5 - y) x', () => {
    const X = denseMatrix(2, 1, Float32Array.from([2, 4]));
    const grad = new Float64Array(2);
    const loss = logisticLossGradient(X, Uint8Array.from([1, 0]), new Float64Array(2), grad);
    expect(loss).toBeCloseTo(Math.LN2, 12);
    expect(grad[0]).toBeCloseTo((-0.5 * 2 + 0.5 * 4) / 2, 12);
    expect(grad[1]).toBeCloseTo(0, 12);
  });

  it('has the gradient of its finite differences (odd row count exercises the tail)', () => {
    const { X, y } = syntheticData(37, 5, 1);
    const Z = standardize(X, fitStandardizer(X));
    const params = Float64Array.from([0.3, -0.2, 0.1, 0.5, -0.4, 0.05]);
    const grad = new Float64Array(6);
    logisticLossGradient(Z, y, params, grad);
    const scratch = new Float64Array(6);
    for (let k = 0; k < 6; k++) {
      const h = 1e-6;
      const plus = Float64Array.from(params);
      const minus = Float64Array.from(params);
      plus[k] += h;
      minus[k] -= h;
      const numeric =
        (logisticLossGradient(Z, y, plus, scratch) - logisticLossGradient(Z, y, minus, scratch)) / (2 * h);
      expect(grad[k]).toBeCloseTo(numeric, 7);
    }
  });
});

describe('LogisticRegression', () => {
  it("matches scikit-learn's StandardScaler + LogisticRegression(C=1) on the real sample", async () => {
    // Tolerance: scikit-learn works in float64; we hold the inputs in float32, which rounds values
    // near 1e4 by ~5e-4, and that error adds up over 200 features in each score (seen: 7e-6 in a
    // probability). Both are solved to a tiny gradient, so 1e-4 covers it with room to spare.
    const ds = readDataset(SAMPLE, { sets: ['train', 'valid', 'test'] });
    const model = await new LogisticRegression({ tol: 1e-9 }).fit(ds.splits.train!.X, ds.splits.train!.y!);
    const state = model.state!;
    state.coef.forEach((c, j) => expect(c).toBeCloseTo(sklearn.coef[j], 4));
    expect(state.intercept).toBeCloseTo(sklearn.intercept, 4);
    model.predictProbaSync(ds.splits.valid!.X).forEach((p, i) => expect(p).toBeCloseTo(sklearn.validProba[i], 4));
    model.predictProbaSync(ds.splits.test!.X).forEach((p, i) => expect(p).toBeCloseTo(sklearn.testProba[i], 4));
  });

  it('agrees with ml-logistic-regression (unpenalised gradient ascent) on small seeded data', async () => {
    // ml-logistic-regression has no intercept or scaling: give it standardised features plus a
    // column of ones, and compare with our fit at l2 = 0. Its fixed-step ascent stops short of
    // the exact optimum, hence the 1e-3 tolerance on probabilities.
    const { X, y } = syntheticData(200, 3, 2);
    const Z = standardize(X, fitStandardizer(X));
    const rows = Array.from({ length: 200 }, (_, i) => [...Array.from(Z.data.subarray(i * 3, i * 3 + 3)), 1]);
    const reference = new MlLogisticRegression({ numSteps: 20000, learningRate: 5e-3 });
    reference.train(new Matrix(rows), Matrix.columnVector(Array.from(y)));
    // classifier 0 scores "not class 0", i.e. P(y = 1)
    const refProba = reference.classifiers[0].testScores(new Matrix(rows)) as number[];
    const ours = await new LogisticRegression({ l2: 0, tol: 1e-10 }).fit(X, y);
    ours.predictProbaSync(X).forEach((p, i) => expect(Math.abs(p - refProba[i])).toBeLessThan(1e-3));
  });

  it('survives save and reload with identical predictions', async () => {
    const ds = readDataset(SAMPLE, { sets: ['train', 'test'] });
    const model = await new LogisticRegression().fit(ds.splits.train!.X, ds.splits.train!.y!);
    const text = encodeModelFile(model, ds.featureNames);
    const { model: back, features } = decodeModelFile(text, 'm.json');
    expect(features).toEqual(ds.featureNames);
    expect(await back.predictProba(ds.splits.test!.X)).toEqual(model.predictProbaSync(ds.splits.test!.X));
  });

  it('is deterministic', async () => {
    const { X, y } = syntheticData(150, 4, 3);
    const a = await new LogisticRegression().fit(X, y);
    const b = await new LogisticRegression().fit(X, y);
    expect(a.predictProbaSync(X)).toEqual(b.predictProbaSync(X));
  });

  it('refuses one-class data, wrong shapes and bad options', async () => {
    const X = denseMatrix(3, 1, Float32Array.from([1, 2, 3]));
    await expect(new LogisticRegression().fit(X, Uint8Array.from([1, 1, 1]))).rejects.toThrow(
      'logistic regression needs both classes; all 3 training rows are class 1',
    );
    await expect(new LogisticRegression().fit(X, Uint8Array.from([1, 0]))).rejects.toThrow('fit: 2 labels for 3 rows');
    const model = await new LogisticRegression().fit(X, Uint8Array.from([1, 0, 1]));
    expect(() => model.predictProbaSync(denseMatrix(1, 2))).toThrow('predict: the model has 1 features, the data 2');
    expect(() => new LogisticRegression({ l2: -1 })).toThrow('options.l2 must be a number >= 0, got -1');
    expect(() => new LogisticRegression({ maxIter: 0 })).toThrow('options.maxIter must be an integer >= 1, got 0');
    expect(() => new LogisticRegression({ tol: 0 })).toThrow('options.tol must be a number > 0, got 0');
  });

  it('fits constant features without NaN', async () => {
    const X = denseMatrix(4, 2, Float32Array.from([5, 1, 5, 2, 5, 3, 5, 4]));
    const model = await new LogisticRegression().fit(X, Uint8Array.from([0, 0, 1, 1]));
    expect(model.predictProbaSync(X).every(Number.isFinite)).toBe(true);
  });
});
