// Accuracy, balanced accuracy, log loss and TPR at a low FPR against values
// scikit-learn 1.2 computed on the same inputs (fixture: ties, imbalance,
// clipped 0/1 probabilities, 3000 negatives at FPR 1e-3), plus hand cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy, balancedAccuracy, logLoss, rocCurve, tprAtFpr } from '../../src/metrics/classification.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';

interface Case {
  name: string;
  labels: number[];
  scores: number[];
  auc: number;
  accuracy: number;
  balanced_accuracy: number;
  log_loss: number;
  'tpr_at_fpr_1e-3': number;
  'tpr_at_fpr_0.1': number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn-metrics.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

describe('metrics against scikit-learn', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: auc, accuracy, balanced accuracy, log loss, TPR at FPR 1e-3 and 0.1`, () => {
      expect(rocAuc(c.labels, c.scores)).toBeCloseTo(c.auc, 12);
      expect(accuracy(c.labels, c.scores)).toBeCloseTo(c.accuracy, 12);
      expect(balancedAccuracy(c.labels, c.scores)).toBeCloseTo(c.balanced_accuracy, 12);
      expect(logLoss(c.labels, c.scores)).toBeCloseTo(c.log_loss, 10);
      expect(tprAtFpr(c.labels, c.scores, 1e-3)).toBeCloseTo(c['tpr_at_fpr_1e-3'], 12);
      expect(tprAtFpr(c.labels, c.scores, 0.1)).toBeCloseTo(c['tpr_at_fpr_0.1'], 12);
    });
  }
});

describe('hand cases', () => {
  it('a tie group is one ROC point; a one-class solution is refused', () => {
    const { fpr, tpr } = rocCurve([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 1, 1]);
    expect(() => balancedAccuracy([1, 1], [0.2, 0.9])).toThrow(
      'balanced accuracy needs both classes; the solution holds only class 1 (2 rows)',
    );
    expect(accuracy([1, 1], [0.2, 0.9])).toBe(0.5);
  });

  it('log loss clips certain mistakes to -log(1e-15)', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([0, 1], [0, 1])).toBeCloseTo(-Math.log(1 - 1e-15), 20);
  });
});
