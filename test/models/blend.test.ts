// The blend model and its fitting: predictions are sigmoid(bias + sum of
// weighted clipped log-odds) of the members' own predictions, computed here
// by hand; the simplex grid is every point once; the weights are the grid's
// best by an independent scan; the nested score never fits on its fold.
import { describe, expect, it } from 'vitest';
import { Gbdt } from '../../src/boosting/gbdt.js';
import { RandomForest } from '../../src/forest/forest.js';
import { LogisticRegression } from '../../src/linear/logistic.js';
import { BlendModel, BLEND_EPS, clippedLogit, combineLogits } from '../../src/models/blend-model.js';
import { fitSimplexWeights, nestedBlendScores, simplexGrid, simplexSteps } from '../../src/models/blend-weights.js';
import { estimatorFromJSON } from '../../src/models/registry.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { ModelFileError } from '../../src/util/errors.js';
import { nonlinearData } from '../helpers/synthetic.js';

describe('simplex grid', () => {
  it.each([2, 3, 4, 6])('%i models: every point with entries k/steps summing to 1, once', (m) => {
    const steps = simplexSteps(m);
    const grid = simplexGrid(m, steps);
    let expected = 1;
    for (let k = 1; k < m; k++) expected = (expected * (steps + k)) / k;
    expect(grid.length).toBe(Math.round(expected));
    expect(grid.length).toBeLessThanOrEqual(1000);
    expect(new Set(grid.map((w) => w.join(','))).size).toBe(grid.length);
    for (const w of grid) {
      expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(w.every((x) => x >= 0 && Number.isInteger(Math.round(x * steps)))).toBe(true);
    }
  });
});

describe('blend', () => {
  const train = nonlinearData(1500, 6, 3);
  const test = nonlinearData(400, 6, 4);

  it('predicts sigmoid(bias + sum w logit(clip p)) of its members, and survives a save and load', async () => {
    const members = [
      await new Gbdt({ trees: 20, seed: 1 }).fit(train.X, train.y),
      await new RandomForest({ trees: 10, seed: 2 }).fit(train.X, train.y),
      await new LogisticRegression().fit(train.X, train.y),
    ];
    const weights = [0.5, 0.8, -0.2];
    const blend = new BlendModel(members, weights, 0.1, 'logistic');
    const p = await blend.predictProba(test.X);
    const own = await Promise.all(members.map((m) => m.predictProba(test.X)));
    expect(own[1].some((x) => x === 0 || x === 1)).toBe(true); // a forest says 0 or 1: the clip matters
    for (let r = 0; r < test.X.nRows; r++) {
      let z = 0.1;
      own.forEach((q, m) => {
        const c = Math.min(1 - BLEND_EPS, Math.max(BLEND_EPS, q[r]));
        z += weights[m] * Math.log(c / (1 - c));
      });
      expect(Math.abs(p[r] - 1 / (1 + Math.exp(-z)))).toBeLessThan(1e-14);
    }
    const again = estimatorFromJSON(JSON.parse(JSON.stringify(blend.toJSON())));
    expect(again.kind).toBe('blend');
    expect(await again.predictProba(test.X)).toEqual(p);
  });

  it('refuses a file with a bad weight, a nested blend or an unknown method', async () => {
    const a = await new LogisticRegression().fit(train.X, train.y);
    const json = new BlendModel([a, a], [0.5, 0.5], 0, 'weights').toJSON();
    const bad = (change: (j: Record<string, unknown>) => void) => {
      const j = JSON.parse(JSON.stringify(json));
      change(j);
      return () => estimatorFromJSON(j);
    };
    expect(bad((j) => ((j.state as { weights: unknown[] }).weights[1] = null))).toThrow(ModelFileError);
    expect(bad((j) => ((j.state as { weights: unknown[] }).weights = [1]))).toThrow(/one finite number per member/);
    expect(bad((j) => ((j.state as { members: unknown[] }).members[0] = json))).toThrow(/itself a blend/);
    expect(bad((j) => ((j.options as { method: string }).method = 'vote'))).toThrow(/weights or logistic/);
  });

  it('weights: the grid point with the best AUC, found by an independent scan', () => {
    // two noisy views of one signal: some mix of the two beats either
    const n = 600;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 2);
    const noise = (i: number, k: number) =>
      Math.sin(i * 12.9898 + k * 78.233) * 43758.5453 - Math.floor(Math.sin(i * 12.9898 + k * 78.233) * 43758.5453);
    const logits = [1, 2].map((k) =>
      Float64Array.from(labels, (l, i) => clippedLogit(Math.min(0.99, Math.max(0.01, 0.35 * l + 0.65 * noise(i, k))))),
    );
    const fit = fitSimplexWeights(logits, labels, 'auc', 1e-3);
    const steps = simplexSteps(2);
    let best = -1;
    let bestW = -1;
    for (let k = steps; k >= 0; k--) {
      const w = k / steps;
      const z = Float64Array.from(labels, (_, i) => 1 / (1 + Math.exp(-(w * logits[0][i] + (1 - w) * logits[1][i]))));
      const auc = rocAuc(labels, z);
      if (auc > best) [best, bestW] = [auc, w];
    }
    expect(fit.weights[0]).toBe(bestW);
    expect(fit.bias).toBe(0);
    expect(bestW).toBeGreaterThan(0);
    expect(bestW).toBeLessThan(1);
  });

  it('nested scores: each fold scored with weights fitted without its rows', async () => {
    const n = 300;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const folds = Int32Array.from({ length: n }, (_, i) => 1 + (i % 3 === 0 ? i % 2 : (i + 1) % 2));
    // model 0 is right on fold 1 and wrong on fold 2; model 1 the other way round
    const logits = [0, 1].map((m) =>
      Float64Array.from(
        labels,
        (l, i) => ((folds[i] === 1) === (m === 0) ? (l ? 2 : -2) : l ? -2 : 2) + ((i * 31) % 7) / 100,
      ),
    );
    const scores = await nestedBlendScores('weights', logits, labels, folds, 'auc', 1e-3);
    // fitted on fold 2 alone the weights pick model 1, which is wrong on fold 1: a low held-out AUC
    expect(scores).toHaveLength(2);
    for (const s of scores) expect(s).toBeLessThan(0.2);
    // by hand: fold f's score is the AUC on its rows of the weights fitted on the other fold's rows
    for (const f of [1, 2]) {
      const fitRows = [...folds.keys()].filter((r) => folds[r] !== f);
      const heldRows = [...folds.keys()].filter((r) => folds[r] === f);
      const pick = (rows: number[]) => logits.map((l) => Float64Array.from(rows, (r) => l[r]));
      const w = fitSimplexWeights(
        pick(fitRows),
        Uint8Array.from(fitRows, (r) => labels[r]),
        'auc',
        1e-3,
      );
      const held = combineLogits(pick(heldRows), w.weights, 0);
      expect(scores[f - 1]).toBe(
        rocAuc(
          Uint8Array.from(heldRows, (r) => labels[r]),
          held,
        ),
      );
    }
  });
});
