import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Gbdt } from '../../src/boosting/gbdt.js';
import { readDataset } from '../../src/io/automl.js';
import { denseMatrix } from '../../src/core/dense-matrix.js';
import { BinCache } from '../../src/core/bin-cache.js';
import { decodeModelFile, encodeModelFile } from '../../src/models/model-file.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { defaultLearner, SERIAL_BELOW_VALUES, withTreeFit } from '../../src/tree-learner/tree-fit.js';
import { makePersoData, nonlinearData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';

const SAMPLE = { dir: new URL('../../data/', import.meta.url).pathname, name: 'perso' };

describe('Gbdt', () => {
  it('learns a stump on a separable feature', async () => {
    const n = 200;
    const X = denseMatrix(
      n,
      2,
      Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) : (i * 7919) % 13)),
    );
    const y = Uint8Array.from({ length: n }, (_, i) => (i >= 120 ? 1 : 0));
    const model = await new Gbdt({ trees: 1, leaves: 2, minLeaf: 1, learningRate: 1 }).fit(X, y, { threads: 1 });
    const [tree] = model.state!.trees;
    expect(tree.nNodes).toBe(3);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(119.5); // midway between the last 0 and the first 1
    const p = await model.predictProba(X);
    expect(Math.max(...p.subarray(0, 120))).toBeLessThan(Math.min(...p.subarray(120)));
    expect(model.state!.importance.splits[0]).toBe(1);
    expect(model.state!.importance.gain[1]).toBe(0);
  });

  it('fits the real sample it is trained on (35 rows are too few to generalise)', async () => {
    const ds = readDataset(SAMPLE, { sets: ['train'] });
    const train = ds.splits.train!;
    const model = await new Gbdt({ trees: 30, minLeaf: 3 }).fit(train.X, train.y!, { threads: 2 });
    expect(rocAuc(train.y!, await model.predictProba(train.X))).toBeGreaterThan(0.95);
  });

  it('builds the identical model with the serial learner and the pooled one on 1, 2 and 3 threads, sampling rows and features', async () => {
    const { X, y } = nonlinearData(1500, 12, 1);
    const options = { trees: 12, leaves: 15, minLeaf: 5, subsample: 0.8, colsample: 0.7, seed: 4 };
    const json = async (threads: number, learner: 'serial' | 'pooled') =>
      JSON.stringify((await new Gbdt(options).fit(X, y, { threads, learner })).toJSON());
    const serial = await json(1, 'serial');
    expect(await json(1, 'pooled')).toBe(serial);
    expect(await json(2, 'pooled')).toBe(serial);
    expect(await json(3, 'pooled')).toBe(serial);
    expect(await json(2, 'serial')).toBe(serial); // the serial learner ignores the thread count
    expect(serial).not.toBe(
      JSON.stringify((await new Gbdt({ ...options, seed: 5 }).fit(X, y, { learner: 'serial' })).toJSON()),
    );
    // leaves of a few rows: the pooled learner builds them row-wise, cut into one feature block per learner
    const tiny = { trees: 4, leaves: 63, minLeaf: 1, seed: 4 };
    const tinyJson = async (threads: number, learner: 'serial' | 'pooled') =>
      JSON.stringify((await new Gbdt(tiny).fit(X, y, { threads, learner })).toJSON());
    const tinySerial = await tinyJson(1, 'serial');
    expect(await tinyJson(2, 'pooled')).toBe(tinySerial);
    expect(await tinyJson(3, 'pooled')).toBe(tinySerial);
  });

  it.each([
    ['sampling rows and features', { subsample: 0.8, colsample: 0.7 }],
    ['--quantized', { quantized: true, subsample: 0.9 }],
  ])(
    'goes on from a checkpoint to the model one longer fit gives (%s), with the bins kept from the first fit',
    async (_, sampling) => {
      const { X, y } = nonlinearData(1500, 12, 3);
      const options = { leaves: 15, minLeaf: 5, seed: 2, ...sampling };
      const whole = JSON.stringify((await new Gbdt({ ...options, trees: 20 }).fit(X, y, { threads: 1 })).toJSON());
      const binCache = new BinCache();
      const first = await new Gbdt({ ...options, trees: 8 }).fit(X, y, {
        threads: 2,
        learner: 'pooled',
        binCache,
        resumable: true,
      });
      expect(binCache.get(X, 255)).toBeDefined();
      const from = first.checkpoint()!;
      expect(from.trees).toHaveLength(8);
      const more = Gbdt.continuing(from, { ...options, trees: 20 });
      // another labels array with the same labels (cv takes each fold's labels anew)
      expect(JSON.stringify((await more.fit(X, y.slice(), { threads: 1, binCache })).toJSON())).toBe(whole);
      // the checkpoint is left as it was: going on from it again gives the same model
      const again = await Gbdt.continuing(from, { ...options, trees: 20 }).fit(X, y, { threads: 2, binCache });
      expect(JSON.stringify(again.toJSON())).toBe(whole);
      // a cached copy of another matrix's bins is never used for this one
      const other = nonlinearData(1500, 12, 4);
      const fresh = JSON.stringify((await new Gbdt({ ...options, trees: 5 }).fit(other.X, other.y)).toJSON());
      expect(
        JSON.stringify((await new Gbdt({ ...options, trees: 5 }).fit(other.X, other.y, { binCache })).toJSON()),
      ).toBe(fresh);
    },
  );

  it('keeps a checkpoint only when asked, and goes on only with the same options, matrix and labels, and no early stopping', async () => {
    const { X, y } = nonlinearData(400, 4, 3);
    const from = (await new Gbdt({ trees: 5, seed: 1 }).fit(X, y, { resumable: true })).checkpoint()!;
    expect((await new Gbdt({ trees: 5, seed: 1 }).fit(X, y)).checkpoint()).toBeUndefined(); // kept only when asked
    expect(() => Gbdt.continuing(from, { trees: 10, seed: 2 })).toThrow(/another seed/);
    expect(() => Gbdt.continuing(from, { trees: 4, seed: 1 })).toThrow(/from 5 trees to 4/);
    await expect(Gbdt.continuing(from, { trees: 10, seed: 1 }).fit(denseMatrix(400, 4, X.data), y)).rejects.toThrow(
      /the matrix and labels it started on/,
    );
    const flipped = y.map((v, i) => (i === 0 ? 1 - v : v));
    await expect(Gbdt.continuing(from, { trees: 10, seed: 1 }).fit(X, flipped)).rejects.toThrow(/labels/);
    expect(
      (await new Gbdt({ trees: 5, earlyStopping: 2 }).fit(X, y, { resumable: true })).checkpoint(),
    ).toBeUndefined();
  });

  it('chooses the serial learner for one thread or a small input, the pooled one otherwise', () => {
    expect(defaultLearner(1, 65856, 200)).toBe('serial');
    expect(defaultLearner(2, 35, 200)).toBe('serial');
    expect(defaultLearner(2, SERIAL_BELOW_VALUES / 200, 200)).toBe('pooled');
    expect(defaultLearner(2, 65856, 200)).toBe('pooled');
  });

  it('builds the same model on every repeat (a worker once re-ran a finished order ~5% of fits)', async () => {
    const { X, y } = nonlinearData(3000, 20, 8);
    const fit = { threads: 2, learner: 'pooled' } as const;
    const first = JSON.stringify((await new Gbdt({ trees: 30, minLeaf: 5 }).fit(X, y, fit)).toJSON());
    for (let run = 0; run < 20; run++) {
      expect(JSON.stringify((await new Gbdt({ trees: 30, minLeaf: 5 }).fit(X, y, fit)).toJSON())).toBe(first);
    }
  });

  it('--quantized: the same model for the serial learner and 2 and 3 threads, near the full-precision AUC, another with another seed', async () => {
    const train = nonlinearData(4000, 8, 12);
    const test = nonlinearData(2000, 8, 13);
    const options = { trees: 40, minLeaf: 5, subsample: 0.9, quantized: true };
    const json = async (threads: number, learner: 'serial' | 'pooled', seed = 0) =>
      JSON.stringify((await new Gbdt({ ...options, seed }).fit(train.X, train.y, { threads, learner })).toJSON());
    const serial = await json(1, 'serial');
    expect(await json(2, 'pooled')).toBe(serial);
    expect(await json(3, 'pooled')).toBe(serial);
    // the seed picks the rounding coins (and the row samples)
    expect(await json(1, 'serial', 1)).not.toBe(serial);
    const quantized = await new Gbdt(options).fit(train.X, train.y);
    const full = await new Gbdt({ ...options, quantized: false }).fit(train.X, train.y);
    expect(JSON.stringify(quantized.toJSON())).not.toBe(JSON.stringify(full.toJSON()));
    const aucQuantized = rocAuc(test.y, await quantized.predictProba(test.X));
    const aucFull = rocAuc(test.y, await full.predictProba(test.X));
    expect(aucQuantized).toBeGreaterThan(0.8);
    expect(Math.abs(aucQuantized - aucFull)).toBeLessThan(0.01);
  });

  it('--quantized refuses more rows than a one-word bin can sum, naming the limit', async () => {
    const n = 2 ** 20;
    const X = denseMatrix(n, 1);
    const y = Uint8Array.from({ length: n }, (_, i) => i % 2);
    await expect(new Gbdt({ trees: 1, quantized: true }).fit(X, y)).rejects.toThrow(
      /--quantized .* at most 1,048,575 rows; this fit has 1,048,576/,
    );
  });

  it('learns a nonlinear problem and survives save and reload with identical predictions', async () => {
    const train = nonlinearData(3000, 6, 2);
    const test = nonlinearData(1000, 6, 3);
    const model = await new Gbdt({ trees: 60 }).fit(train.X, train.y);
    const auc = rocAuc(test.y, await model.predictProba(test.X));
    expect(auc).toBeGreaterThan(0.85); // the Bayes rate with 10% noise caps it near 0.9
    const { model: back } = decodeModelFile(encodeModelFile(model, ['a', 'b', 'c', 'd', 'e', 'f']), 'm.json');
    expect(await back.predictProba(test.X)).toEqual(await model.predictProba(test.X));
    // the worker-thread path gives the same numbers as the inline one
    const big = nonlinearData(6000, 6, 7);
    expect(await model.predictProba(big.X, { threads: 2 })).toEqual(await model.predictProba(big.X, { threads: 1 }));
  });

  it('stops early when the validation loss stops improving, keeping the best rounds', async () => {
    const train = nonlinearData(600, 6, 4);
    const noise = nonlinearData(400, 6, 5);
    noise.y.forEach((_, i) => (noise.y[i] = (i * 7) % 3 === 0 ? 1 : 0)); // labels unrelated to X
    const model = await new Gbdt({ trees: 300, learningRate: 0.3, minLeaf: 2, earlyStopping: 5 }).fit(
      train.X,
      train.y,
      { validation: noise },
    );
    const s = model.state!;
    expect(s.roundsRun).toBeLessThan(300);
    expect(s.roundsKept).toBe(s.roundsRun - 5);
    expect(s.trees.length).toBe(s.roundsKept);
    // without a validation set it holds out --valid-fraction of the rows
    const heldOut = await new Gbdt({
      trees: 300,
      learningRate: 0.5,
      minLeaf: 1,
      leaves: 63,
      earlyStopping: 3,
      validFraction: 0.2,
    }).fit(noise.X, noise.y);
    expect(heldOut.state!.roundsRun).toBeLessThan(300);
  });

  it('handles degenerate data: one class is an error, identical rows and constant features are harmless', async () => {
    const X = denseMatrix(50, 2, new Float32Array(100).fill(3));
    await expect(new Gbdt().fit(X, new Uint8Array(50))).rejects.toThrow(
      'gradient boosting needs both classes; all 50 training rows are class 0',
    );
    const y = Uint8Array.from({ length: 50 }, (_, i) => (i < 10 ? 1 : 0));
    const model = await new Gbdt({ trees: 5 }).fit(X, y);
    expect(model.state!.trees.every((t) => t.nNodes === 1)).toBe(true);
    for (const p of await model.predictProba(X)) expect(p).toBeCloseTo(0.2, 12);
  });

  it('refuses bad options with the option named', () => {
    expect(() => new Gbdt({ leaves: 1 })).toThrow('options.leaves must be an integer >= 2, got 1');
    expect(() => new Gbdt({ learningRate: 0 })).toThrow('options.learningRate must be a number in (0, 10], got 0');
    expect(() => new Gbdt({ bins: 300 })).toThrow('options.bins must be an integer from 2 to 256, got 300');
    expect(() => new Gbdt({ subsample: 1.5 })).toThrow('options.subsample must be a number in (0, 1], got 1.5');
    expect(() => new Gbdt({ trees: 0 })).toThrow('options.trees must be an integer >= 1, got 0');
  });

  it('turns a failing worker into an error naming the fit and tree, and closes the pool', async () => {
    const { X } = nonlinearData(100, 3, 6);
    const run = withTreeFit(
      X,
      {
        bins: 16,
        maxAbsGradient: 1,
        maxHessian: 0.25,
        threads: 2,
        nSlots: 3,
        label: 'gbdt (seed 0)',
        learner: 'pooled',
      },
      async (ctx) => {
        // a slot far outside the shared memory: the kernel traps
        await ctx.runTask({
          smallSlot: 1e6,
          rowsStart: 0,
          rowsEnd: 100,
          identityRows: true,
          small: { sumGradients: 0, sumHessians: 1, count: 100 },
          largeSlot: -1,
          searchSmall: true,
          searchLarge: false,
          constraints: { l2: 0, minLeaf: 1, minHessian: 0 },
        });
      },
    );
    await expect(run).rejects.toThrow(
      /^gbdt \(seed 0\), tree 0: the histogram work failed: .*memory access out of bounds/,
    );
  });
});

describe('Gbdt against scikit-learn', () => {
  it("matches HistGradientBoostingClassifier's valid AUC on a generated PersoData-shaped set", async () => {
    // Same config as the fixture's scikit-learn run (100 trees, 31 leaves, 255 bins, min 20 per leaf).
    // Tolerance 0.002, the accuracy target; the run that made this test saw them equal.
    const reference = JSON.parse(
      readFileSync(new URL('../fixtures/sklearn-hgb-small.json', import.meta.url), 'utf8'),
    ) as { validAuc: number };
    const dir = tempDir();
    await makePersoData(dir, { train: 4000, valid: 2000, test: 10, seed: 3 }); // as bench/sklearn_fixtures.py
    const ds = readDataset({ dir, name: 'perso' }, { sets: ['train', 'valid'] });
    const model = await new Gbdt({ trees: 100 }).fit(ds.splits.train!.X, ds.splits.train!.y!, { threads: 2 });
    const auc = rocAuc(ds.splits.valid!.y!, await model.predictProba(ds.splits.valid!.X));
    expect(Math.abs(auc - reference.validAuc)).toBeLessThan(0.002);
  });
});
