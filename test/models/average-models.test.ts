// train --folds-ensemble: one model of the same kind whose output is the mean
// of the fold models' (raw score for gbdt, probability for the forest,
// log-odds for logistic), through save and load; and the command around it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Gbdt } from '../../src/boosting/gbdt.js';
import { takeLabels, takeRows } from '../../src/core/dense-matrix.js';
import type { Estimator } from '../../src/core/estimator.js';
import { RandomForest } from '../../src/forest/forest.js';
import { LogisticRegression } from '../../src/linear/logistic.js';
import { averageModels } from '../../src/models/average-models.js';
import { decodeModelFile, encodeModelFile, loadModel } from '../../src/models/model-file.js';
import { persodata } from '../helpers/cli.js';
import { makePersoData, nonlinearData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';

const { X, y } = nonlinearData(1200, 6, 21);
const test = nonlinearData(300, 6, 22);
const folds = [0, 1, 2].map((f) => Array.from({ length: 1200 }, (_, i) => i).filter((i) => i % 3 !== f));
const fitFolds = (make: () => Estimator) =>
  Promise.all(folds.map((rows) => make().fit(takeRows(X, rows), takeLabels(y, rows), { threads: 1 })));
const reloaded = (m: Estimator) =>
  decodeModelFile(encodeModelFile(m, ['a', 'b', 'c', 'd', 'e', 'f']), 'ensemble.json').model;
const logit = (p: number) => Math.log(p / (1 - p));
const mean = (rows: Float64Array[]) => rows[0].map((_, i) => rows.reduce((s, r) => s + r[i], 0) / rows.length);

describe('averageModels', () => {
  it('gbdt: the mean raw score of the fold models, as one gbdt with all their trees', async () => {
    const models = (await fitFolds(() => new Gbdt({ trees: 12, minLeaf: 5 }))) as Gbdt[];
    const averaged = reloaded(averageModels(models)) as Gbdt;
    expect(averaged.kind).toBe('gbdt');
    const expected = mean(await Promise.all(models.map((m) => m.decisionFunction(test.X))));
    (await averaged.decisionFunction(test.X)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(averaged.state!.trees).toHaveLength(36);
  });

  it('forest: the mean probability, as one forest with all the trees', async () => {
    const models = await fitFolds(() => new RandomForest({ trees: 7 }));
    const averaged = reloaded(averageModels(models));
    const expected = mean(await Promise.all(models.map((m) => m.predictProba(test.X))));
    (await averaged.predictProba(test.X)).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 12));
  });

  it('logistic: the mean log-odds, as one linear model on the raw features', async () => {
    const models = await fitFolds(() => new LogisticRegression({ l2: 1 }));
    const averaged = reloaded(averageModels(models));
    const expected = mean(await Promise.all(models.map(async (m) => (await m.predictProba(test.X)).map(logit))));
    (await averaged.predictProba(test.X)).forEach((p, i) => expect(logit(p)).toBeCloseTo(expected[i], 9));
  });
});

describe('train --folds-ensemble', () => {
  it("fits on cv's training folds, prints each fold model's held-out AUC, and writes one model predict and export take", async () => {
    const dir = tempDir();
    await makePersoData(dir, { train: 900, valid: 300, test: 50, features: 10, seed: 9 });
    const model = join(dir, 'ensemble.json');
    const r = persodata(
      'train',
      '--data',
      dir,
      '--model',
      'gbdt',
      '--trees',
      '10',
      '--folds-ensemble',
      '3',
      '--out',
      model,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^fold model \d\/3: held-out AUC 0\.\d{5} \(600 train, 300 held out\)$/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/gbdt: fitted on 900 rows x 10 features in [\d.]+ s; valid AUC 0\.\d{5}/);
    const loaded = loadModel(model).model as Gbdt;
    expect(loaded.state!.trees).toHaveLength(30);
    const onnx = persodata(
      'export',
      '--model',
      model,
      '--to',
      'onnx',
      '--out',
      join(dir, 'm.onnx'),
      '--check',
      '--data',
      dir,
    );
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(onnx.stdout).toContain('checked with ONNX Runtime');
  });

  it('refuses --augment and --calibrate for now, before any work', () => {
    const dir = tempDir();
    const out = join(dir, 'm.json');
    const pictures = persodata('train', '--images', dir, '--augment', 'vip', '--folds-ensemble', '3', '--out', out);
    expect(pictures.code).toBe(2);
    expect(pictures.stderr).toContain('--folds-ensemble does not combine with --augment yet');
    const calibrated = persodata('train', '--folds-ensemble', '3', '--calibrate', 'sigmoid', '--out', out);
    expect(calibrated.code).toBe(2);
    expect(calibrated.stderr).toContain('--folds-ensemble does not combine with --calibrate or --threshold-for yet');
    expect(existsSync(out)).toBe(false);
  });
});
