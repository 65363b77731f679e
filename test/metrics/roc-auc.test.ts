import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { Rng } from '../../src/util/rng.js';
import { bruteForceAuc } from '../helpers/naive.js';

const sklearn = JSON.parse(readFileSync(new URL('../fixtures/sklearn-roc-auc.json', import.meta.url), 'utf8')) as {
  cases: Array<{ labels: number[]; scores: number[]; auc: number }>;
};

describe('rocAuc', () => {
  it('computes a hand-checked case with a tie', () => {
    // pairs (pos, neg): (0.8 > 0.1) (0.8 > 0.4) (0.4 = 0.4 -> 1/2) (0.4 > 0.1) => 3.5 / 4
    expect(rocAuc([1, 0, 1, 0], [0.8, 0.4, 0.4, 0.1])).toBe(0.875);
    expect(rocAuc([0, 1], [0.2, 0.9])).toBe(1);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
  });

  it('equals the brute-force pairwise count on seeded random inputs with ties', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + rng.int(300);
      const levels = 1 + rng.int(20);
      const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(2)));
      const scores = Array.from({ length: n }, () => rng.int(levels) / levels);
      expect(rocAuc(labels, scores)).toBeCloseTo(bruteForceAuc(labels, scores), 12);
    }
  });

  it("equals scikit-learn's roc_auc_score (values stored from a scikit-learn run)", () => {
    for (const c of sklearn.cases) expect(rocAuc(c.labels, c.scores)).toBeCloseTo(c.auc, 12);
  });

  it('gives 1 - AUC for flipped labels and does not depend on row order', () => {
    const rng = new Rng(5);
    const labels = Array.from({ length: 101 }, (_, i) => (i < 2 ? i : rng.int(2)));
    const scores = Array.from({ length: 101 }, () => rng.int(7));
    const auc = rocAuc(labels, scores);
    expect(
      rocAuc(
        labels.map((l) => 1 - l),
        scores,
      ),
    ).toBeCloseTo(1 - auc, 12);
    const order = rng.shuffle(Uint32Array.from(labels.keys()));
    expect(
      rocAuc(
        Array.from(order, (i) => labels[i]),
        Array.from(order, (i) => scores[i]),
      ),
    ).toBeCloseTo(auc, 12);
  });

  it('refuses one-class labels and NaN scores', () => {
    expect(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(
      'ROC AUC needs both classes; the labels hold only class 1 (3 rows)',
    );
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow('rocAuc: score 1 is NaN');
    expect(() => rocAuc([0, 1], [0.1])).toThrow('rocAuc: 1 scores for 2 labels');
  });
});
