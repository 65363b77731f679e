// The cv report's reliability diagram: held-out rows binned by P(real).
import { describe, expect, it } from 'vitest';
import type { CvResult } from '../../src/cv/cross-validate.js';
import { reliabilityPoints, renderCvReport } from '../../src/report/cv-report.js';

const result: CvResult = {
  folds: [
    { fold: 1, auc: 1, nTrain: 4, nTest: 4 },
    { fold: 2, auc: 1, nTrain: 4, nTest: 3 },
  ],
  predictions: [
    { labels: Uint8Array.of(0, 0, 1, 1), scores: Float64Array.of(0.05, 0.15, 0.95, 1) },
    { labels: Uint8Array.of(0, 1, 1), scores: Float64Array.of(0.12, 0.55, 0.58) },
  ],
  meanAuc: 1,
  stdAuc: 0,
};

describe('reliability diagram', () => {
  it('bins every held-out row by P(real) (1 in the top bin) and gives each bin its mean and share of real rows', () => {
    expect(reliabilityPoints(result)).toEqual([
      { predicted: 0.05, observed: 0, rows: 1 },
      { predicted: (0.15 + 0.12) / 2, observed: 0, rows: 2 },
      { predicted: (0.55 + 0.58) / 2, observed: 1, rows: 2 },
      { predicted: (0.95 + 1) / 2, observed: 1, rows: 2 },
    ]);
    const page = renderCvReport({ result, model: 'gbdt', parameters: [], featureNames: [], generatedBy: 'test' });
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg" id="reliability"');
    expect(page).toContain('<tr><td>0.135</td><td>0.000</td><td>2</td></tr>');
  });
});
