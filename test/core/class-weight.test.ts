// --class-weight for logistic, gbdt and forest against scikit-learn's
// class_weight on the same imbalanced set (test/fixtures/sklearn-class-weight.json,
// bench/class_weight_fixtures.py).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gbdt } from '../../src/boosting/gbdt.js';
import { classWeightsFor, isClassWeight } from '../../src/core/class-weight.js';
import { takeLabels, takeRows, type DenseMatrix } from '../../src/core/dense-matrix.js';
import { RandomForest } from '../../src/forest/forest.js';
import { readDataset } from '../../src/io/automl.js';
import { LogisticRegression } from '../../src/linear/logistic.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { makePersoData } from '../helpers/synthetic.js';

interface Scored {
  validAuc: number;
  meanValidProba: number;
}
const sklearn = JSON.parse(readFileSync(new URL('../fixtures/sklearn-class-weight.json', import.meta.url), 'utf8')) as {
  trainRows: number;
  trainPositives: number;
  validRows: number;
  logisticBalanced: { validProba: number[]; meanValidProba: number };
  logistic1to3: { validProba: number[]; meanValidProba: number };
  logisticNone: { validProba: number[]; meanValidProba: number };
  gbdtBalanced: Scored;
  gbdtNone: Scored;
  forestBalanced: Scored;
  forestNone: Scored;
};

/** Every class-0 row and every fourth class-1 row, as the fixture script cuts the set. */
function imbalanced(X: DenseMatrix, y: Uint8Array): { X: DenseMatrix; y: Uint8Array } {
  const keep: number[] = [];
  let rank = 0;
  y.forEach((label, i) => {
    if (label === 0) keep.push(i);
    else if (rank++ % 4 === 0) keep.push(i);
  });
  return { X: takeRows(X, keep), y: takeLabels(y, keep) };
}

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;

describe('--class-weight', () => {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-class-weight-'));
  let train: { X: DenseMatrix; y: Uint8Array };
  let valid: { X: DenseMatrix; y: Uint8Array };
  beforeAll(async () => {
    await makePersoData(dir, { train: 3000, valid: 3000, test: 10, features: 20, seed: 11 });
    const ds = readDataset({ dir, name: 'perso' }, { sets: ['train', 'valid'] });
    train = imbalanced(ds.splits.train!.X, ds.splits.train!.y!);
    valid = imbalanced(ds.splits.valid!.X, ds.splits.valid!.y!);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads none, balanced and two positive weights; balanced is n / (2 n_class)', () => {
    for (const ok of ['none', 'balanced', '1,3', '0.5,2', '1e-1,4']) expect(isClassWeight(ok), ok).toBe(true);
    for (const bad of ['0,1', '-1,2', '1', 'a,b', '1,3,4', '1, 3', 'Balanced', ''])
      expect(isClassWeight(bad), bad).toBe(false);
    expect(train.y.length).toBe(sklearn.trainRows);
    const positives = train.y.reduce((s, v) => s + v, 0);
    expect(positives).toBe(sklearn.trainPositives);
    expect(classWeightsFor('balanced', train.y)).toEqual([
      train.y.length / (2 * (train.y.length - positives)),
      train.y.length / (2 * positives),
    ]);
    expect(classWeightsFor('1,3', train.y)).toEqual([1, 3]);
    expect(classWeightsFor('none', train.y)).toBeUndefined();
  });

  it("logistic: scikit-learn's probabilities with class_weight balanced and {0: 1, 1: 3}, and without", async () => {
    for (const [spec, ref] of [
      ['balanced', sklearn.logisticBalanced],
      ['1,3', sklearn.logistic1to3],
      ['none', sklearn.logisticNone],
    ] as const) {
      const model = await new LogisticRegression({ l2: 1, tol: 1e-9, classWeight: spec }).fit(train.X, train.y);
      const p = await model.predictProba(valid.X);
      ref.validProba.forEach((q, i) => expect(p[i], `${spec} row ${i}`).toBeCloseTo(q, 4));
      expect(mean(p)).toBeCloseTo(ref.meanValidProba, 4);
    }
  });

  it("gbdt: scikit-learn's valid AUC and mean probability with class_weight balanced; 1,1 is the unweighted model", async () => {
    const options = { trees: 60, minLeaf: 20 };
    const balanced = await new Gbdt({ ...options, classWeight: 'balanced' }).fit(train.X, train.y, { threads: 2 });
    const none = await new Gbdt(options).fit(train.X, train.y, { threads: 2 });
    const pBalanced = await balanced.predictProba(valid.X);
    const pNone = await none.predictProba(valid.X);
    expect(Math.abs(rocAuc(valid.y, pBalanced) - sklearn.gbdtBalanced.validAuc)).toBeLessThan(0.01);
    expect(Math.abs(mean(pBalanced) - sklearn.gbdtBalanced.meanValidProba)).toBeLessThan(0.01);
    expect(Math.abs(rocAuc(valid.y, pNone) - sklearn.gbdtNone.validAuc)).toBeLessThan(0.005);
    expect(mean(pBalanced)).toBeGreaterThan(mean(pNone) + 0.05);
    const ones = await new Gbdt({ ...options, classWeight: '1,1' }).fit(train.X, train.y, { threads: 2 });
    expect(JSON.stringify(ones.toJSON().state)).toBe(JSON.stringify(none.toJSON().state));
  });

  it("forest: scikit-learn's valid AUC and mean probability with class_weight balanced, within a forest's spread", async () => {
    const balanced = await new RandomForest({ trees: 100, classWeight: 'balanced' }).fit(train.X, train.y, {
      threads: 2,
    });
    const p = await balanced.predictProba(valid.X);
    expect(Math.abs(rocAuc(valid.y, p) - sklearn.forestBalanced.validAuc)).toBeLessThan(0.02);
    expect(Math.abs(mean(p) - sklearn.forestBalanced.meanValidProba)).toBeLessThan(0.02);
    const none = await new RandomForest({ trees: 100 }).fit(train.X, train.y, { threads: 2 });
    const ones = await new RandomForest({ trees: 100, classWeight: '1,1' }).fit(train.X, train.y, { threads: 2 });
    expect(JSON.stringify(ones.toJSON().state)).toBe(JSON.stringify(none.toJSON().state));
    expect(JSON.stringify(balanced.toJSON().state)).not.toBe(JSON.stringify(none.toJSON().state));
  });
});
