import { describe, expect, it } from 'vitest';
import { foldRows, stratifiedFoldIds } from '../../src/cv/stratified-k-fold.js';
import { Rng } from '../../src/util/rng.js';

function labels(n: number, positives: number, seed: number): Uint8Array {
  const y = new Uint8Array(n);
  y.fill(1, 0, positives);
  return new Rng(seed).shuffle(y);
}

describe('stratified k-fold', () => {
  it('gives disjoint held-out folds that cover every row once', () => {
    const y = labels(103, 40, 1);
    const ids = stratifiedFoldIds(y, 5, 42);
    const seen = new Uint8Array(103);
    for (let f = 0; f < 5; f++) {
      const { train, test } = foldRows(ids, f);
      expect(train.length + test.length).toBe(103);
      const testSet = new Set(test);
      expect(train.some((i) => testSet.has(i))).toBe(false);
      for (const i of test) seen[i]++;
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('keeps each class share within one row per fold', () => {
    const y = labels(1000, 137, 2);
    const ids = stratifiedFoldIds(y, 7, 0);
    for (const cls of [0, 1]) {
      const perFold = Array.from({ length: 7 }, (_, f) => y.filter((l, i) => l === cls && ids[i] === f).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const sizes = Array.from({ length: 7 }, (_, f) => ids.filter((id) => id === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is fixed by the seed', () => {
    const y = labels(200, 90, 3);
    expect(stratifiedFoldIds(y, 5, 7)).toEqual(stratifiedFoldIds(y, 5, 7));
    expect(stratifiedFoldIds(y, 5, 7)).not.toEqual(stratifiedFoldIds(y, 5, 8));
  });

  it('refuses fewer rows of a class than folds, and fewer than two folds', () => {
    const y = labels(50, 3, 4);
    expect(() => stratifiedFoldIds(y, 5, 0)).toThrow(
      '--folds=5: class 1 has only 3 rows, so some fold would hold no row of it; use fewer folds',
    );
    expect(() => stratifiedFoldIds(y, 1, 0)).toThrow('--folds=1: expected an integer >= 2');
  });
});
