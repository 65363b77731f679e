// The isotonic and sigmoid calibrators against scikit-learn's fits on the same
// fixed scores (bench/calibration_fixtures.py -> fixtures/sklearn-calibration.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyIsotonic, fitIsotonic } from '../../src/calibration/isotonic.js';
import { applySigmoid, fitSigmoid } from '../../src/calibration/sigmoid.js';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sklearn-calibration.json'), 'utf8'),
) as {
  cases: Array<{
    scores: number[];
    labels: number[];
    grid: number[];
    isotonic: number[];
    isotonicOnScores: number[];
    sigmoid: [number, number];
  }>;
};

describe('calibrators match scikit-learn', () => {
  fixture.cases.forEach((c, k) => {
    it(`case ${k} (${c.scores.length} scores): isotonic on a grid and on the scores, sigmoid's a and b`, () => {
      const iso = fitIsotonic(c.scores, c.labels);
      c.grid.forEach((s, i) => expect(applyIsotonic(iso, s)).toBeCloseTo(c.isotonic[i], 12));
      c.scores.forEach((s, i) => expect(applyIsotonic(iso, s)).toBeCloseTo(c.isotonicOnScores[i], 12));
      const sig = fitSigmoid(c.scores, c.labels);
      // scikit-learn stops its BFGS at a gradient tolerance; the optimum is the same to ~1e-5
      expect(sig.a).toBeCloseTo(c.sigmoid[0], 4);
      expect(sig.b).toBeCloseTo(c.sigmoid[1], 4);
      expect(applySigmoid(sig, 0.5)).toBeCloseTo(1 / (1 + Math.exp(c.sigmoid[0] * 0.5 + c.sigmoid[1])), 5);
    });
  });
});
