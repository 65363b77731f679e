import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/cv/cross-validate.js';
import { foldRows, stratifiedFoldIds } from '../../src/cv/stratified-k-fold.js';
import { denseMatrix, type DenseMatrix } from '../../src/core/dense-matrix.js';
import type { Estimator } from '../../src/core/estimator.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { Rng } from '../../src/util/rng.js';

/** Scores a row by its first feature; records what it was fitted on. */
class FirstFeature implements Estimator {
  readonly kind = 'logistic' as const;
  fittedRows = 0;
  async fit(X: DenseMatrix): Promise<this> {
    this.fittedRows = X.nRows;
    return this;
  }
  async predictProba(X: DenseMatrix): Promise<Float64Array> {
    return Float64Array.from({ length: X.nRows }, (_, i) => X.data[i * X.nCols]);
  }
  toJSON(): never {
    throw new Error('not saved');
  }
}

describe('crossValidate', () => {
  it('fits on the other folds and scores the held-out fold', async () => {
    const rng = new Rng(8);
    const n = 60;
    const X = denseMatrix(
      n,
      2,
      Float32Array.from({ length: n * 2 }, () => rng.int(10)),
    );
    const y = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const models: FirstFeature[] = [];
    const result = await crossValidate(
      () => {
        const m = new FirstFeature();
        models.push(m);
        return m;
      },
      X,
      y,
      { nFolds: 4, seed: 1 },
    );
    const ids = stratifiedFoldIds(y, 4, 1);
    result.folds.forEach((f, k) => {
      const { train, test } = foldRows(ids, k);
      expect(models[k].fittedRows).toBe(train.length);
      expect(f).toEqual({
        fold: k + 1,
        nTrain: train.length,
        nTest: test.length,
        auc: rocAuc(
          Array.from(test, (i) => y[i]),
          Array.from(test, (i) => X.data[i * 2]),
        ),
      });
    });
    const aucs = result.folds.map((f) => f.auc);
    const mean = aucs.reduce((a, b) => a + b) / 4;
    expect(result.meanAuc).toBeCloseTo(mean, 12);
    expect(result.stdAuc).toBeCloseTo(Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / 4), 12);
  });
});
