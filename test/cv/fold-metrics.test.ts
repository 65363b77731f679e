// cv --metric's per-fold metrics against the obvious definitions, written out
// here on seeded random folds: fake is the class detected (P(fake) = 1 - P(real)).
import { describe, expect, it } from 'vitest';
import { foldMetric } from '../../src/cv/fold-metrics.js';
import { Rng } from '../../src/util/rng.js';
import { bruteForceAuc } from '../helpers/naive.js';
import { persodata } from '../helpers/cli.js';

function fold(seed: number, n: number) {
  const rng = new Rng(seed, 5);
  const labels = Uint8Array.from({ length: n }, (_, i) => (i < 3 ? i % 2 : +(rng.next() < 0.4)));
  // scores that lean the right way, with ties
  const scores = Float64Array.from(labels, (l) => Math.round((0.3 * l + 0.7 * rng.next()) * 20) / 20);
  return { labels, scores };
}

describe('cv metrics per fold', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: auc, log-loss, accuracy, balanced-accuracy and tpr-at-fpr as defined`, () => {
      const f = fold(seed, 61);
      const n = f.labels.length;
      expect(foldMetric('auc', f, 0)).toBeCloseTo(bruteForceAuc(f.labels, f.scores), 12);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const p = Math.min(Math.max(f.scores[i], 1e-15), 1 - 1e-15);
        loss -= f.labels[i] ? Math.log(p) : Math.log(1 - p);
      }
      expect(foldMetric('log-loss', f, 0)).toBeCloseTo(loss / n, 12);
      // predicted fake when P(fake) = 1 - p >= 0.5
      const saysFake = Array.from(f.scores, (p) => 1 - p >= 0.5);
      const isFake = Array.from(f.labels, (l) => l === 0);
      const right = saysFake.filter((s, i) => s === isFake[i]).length;
      expect(foldMetric('accuracy', f, 0)).toBeCloseTo(right / n, 12);
      const fakes = isFake.filter(Boolean).length;
      const caught = saysFake.filter((s, i) => s && isFake[i]).length;
      const cleared = saysFake.filter((s, i) => !s && !isFake[i]).length;
      expect(foldMetric('balanced-accuracy', f, 0)).toBeCloseTo((caught / fakes + cleared / (n - fakes)) / 2, 12);
      // tpr-at-fpr: the best share of fakes caught by any cut whose share of reals flagged is at most fpr
      for (const fpr of [0, 0.1, 0.3]) {
        let best = 0;
        for (const cut of [...new Set(Array.from(f.scores, (p) => 1 - p)), Infinity]) {
          const flagged = Array.from(f.scores, (p) => 1 - p >= cut);
          const tpr = flagged.filter((s, i) => s && isFake[i]).length / fakes;
          const falsePos = flagged.filter((s, i) => s && !isFake[i]).length / (n - fakes);
          if (falsePos <= fpr) best = Math.max(best, tpr);
        }
        expect(foldMetric('tpr-at-fpr', f, fpr)).toBeCloseTo(best, 12);
      }
    });
  }

  it('cv --metric prints each per fold and their mean, and puts them in --json', () => {
    const r = persodata('cv', '--metric', 'auc', 'log-loss', 'balanced-accuracy', '--folds', '3', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown> & { folds: Array<Record<string, number>> };
    expect(json.folds).toHaveLength(3);
    expect(Object.keys(json.folds[0]).sort()).toEqual(['auc', 'balanced-accuracy', 'fold', 'log-loss']);
    const mean = json.folds.reduce((s, f) => s + f['log-loss'], 0) / 3;
    expect(json['mean_log-loss']).toBeCloseTo(mean, 12);
    const text = persodata('cv', '--metric', 'tpr-at-fpr', '--fpr', '0.2', '--folds', '3', '-q');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/fold 1 {2}AUC [\d.]+ {2}tpr-at-fpr 0\.2 [\d.]+ {2}\(/);
    expect(text.stdout).toMatch(/mean tpr-at-fpr 0\.2 [\d.]+ ± [\d.]+/);
  });
});
