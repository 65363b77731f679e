import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gbdt } from '../../src/boosting/gbdt.js';
import type { DenseMatrix } from '../../src/core/dense-matrix.js';
import { exportableModel, type TreeEnsembleExport } from '../../src/export/exportable-model.js';
import { lightgbmModelText } from '../../src/export/lightgbm-model-text.js';
import { findLightgbm, lightgbmPredict } from '../../src/export/lightgbm-program.js';
import { RandomForest } from '../../src/forest/forest.js';
import { FlatTree } from '../../src/trees/flat-tree.js';
import { locateDataset, readDataset } from '../../src/io/automl.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { persodata } from '../helpers/cli.js';
import { makePersoData } from '../helpers/synthetic.js';
import { predictRow, readLightgbmText } from './lightgbm-text-reader.js';

/**
 * LightGBM's program when the environment names one ($LIGHTGBM, or `lightgbm`
 * on PATH); the tests needing the real program skip otherwise. They never look
 * beside the clone: the stand-in program below and the naive reader cover a lone clone.
 */
const LIGHTGBM = (() => {
  try {
    return findLightgbm(undefined, process.env, '/no-shared-copy-in-tests');
  } catch {
    return undefined;
  }
})();

let dir: string;
let data: ReturnType<typeof readDataset>;
/** The valid set's values as the .data text gives them, parsed as doubles (not rounded to float32). */
let validDoubles: number[][];

/** A model file fitted on the folder's train set (once for each kind and flags). */
function trainModels(kind: 'gbdt' | 'forest' | 'logistic', extra: string[] = []): string {
  const model = join(dir, `${kind}-${extra.join('')}.json`);
  if (existsSync(model)) return model;
  const r = persodata('train', '--data', dir, '--model', kind, '--out', model, '--threads', '2', ...extra);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  return model;
}

// one folder for the file (tempDir's are removed after each test)
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'persodata-export-'));
  await makePersoData(dir, { train: 2000, valid: 500, test: 300, features: 12, seed: 5 });
  data = readDataset(locateDataset(dir), { sets: ['train', 'valid', 'test'] });
  validDoubles = readFileSync(join(dir, 'perso_valid.data'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rowsOf(X: DenseMatrix): Float32Array[] {
  return Array.from({ length: X.nRows }, (_, i) => X.data.subarray(i * X.nCols, (i + 1) * X.nCols));
}

describe('LightGBM text model (read back by a naive reader)', () => {
  it('a gbdt and a forest predict as the model does, on our float32 values and on the text doubles', async () => {
    const { X, y } = data.splits.train!;
    const valid = data.splits.valid!.X;
    const gbdt = await new Gbdt({ trees: 25, leaves: 15, minLeaf: 5 }).fit(X, y, { threads: 1 });
    const forest = await new RandomForest({ trees: 8, seed: 3 }).fit(X, y, { threads: 1 });
    for (const model of [gbdt, forest]) {
      const ensemble = exportableModel(model) as TreeEnsembleExport;
      const read = readLightgbmText(lightgbmModelText(ensemble, data.featureNames!));
      expect(read.trees).toHaveLength(ensemble.trees.length);
      const ours = await model.predictProba(valid);
      rowsOf(valid).forEach((row, i) => expect(predictRow(read, row)).toBeCloseTo(ours[i], 12));
      // the text's doubles round to our float32 values; the moved thresholds decide them the same way
      validDoubles.forEach((row, i) => expect(predictRow(read, row)).toBeCloseTo(ours[i], 12));
    }
  });

  it('a row exactly between two float32 values goes where our float32 comparison sends it', () => {
    // a has an odd last bit, so the double halfway to the next float32 rounds up, past the threshold
    const a = 1 + 2 ** -23;
    const t = a + 2 ** -24;
    const tree = FlatTree.fromNumbers({
      feature: [0, -1, -1],
      threshold: [t, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, -1, 1],
    });
    const read = readLightgbmText(lightgbmModelText({ kind: 'gbdt', trees: [tree], baseline: 0, shrinkage: 1 }, ['x']));
    const ours = new Float64Array(1);
    tree.addPredictions({ nRows: 1, nCols: 1, data: Float32Array.of(t) }, ours);
    expect(ours[0]).toBe(1); // fround(t) > t: right
    expect(predictRow(read, [t])).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(predictRow(read, [a])).toBeCloseTo(1 / (1 + Math.exp(1)), 15);
  });

  it('states the objective, the feature names and one block a tree', async () => {
    const { X, y } = data.splits.train!;
    const gbdt = await new Gbdt({ trees: 3, leaves: 4 }).fit(X, y, { threads: 1 });
    const text = lightgbmModelText(exportableModel(gbdt) as TreeEnsembleExport, [
      'a b',
      ...data.featureNames!.slice(1),
    ]);
    expect(text.startsWith('tree\nversion=v4\nnum_class=1\n')).toBe(true);
    expect(text).toContain('objective=binary sigmoid:1\n');
    expect(text).toContain('feature_names=a_b feature1 ');
    expect(text.match(/^Tree=\d+$/gm)).toEqual(['Tree=0', 'Tree=1', 'Tree=2']);
    expect(text).toContain('\nend of trees\n');
  });
});

describe('persodata export', () => {
  it('--to onnx --check: gbdt, forest and logistic agree with ONNX Runtime on every row', () => {
    for (const [kind, extra] of [
      ['gbdt', ['--trees', '30']],
      ['forest', ['--trees', '10']],
      ['logistic', []],
    ] as const) {
      const model = trainModels(kind, [...extra]);
      const out = join(dir, `${kind}.onnx`);
      const r = persodata('export', '--model', model, '--to', 'onnx', '--out', out, '--check', '--data', dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/perso_valid\.data 500 rows, largest difference .*perso_test\.data 300 rows/);
      expect(readFileSync(out).subarray(0, 64).includes(Buffer.from('persodata'))).toBe(true);
    }
  });

  it.skipIf(!LIGHTGBM)('--to lightgbm --check: gbdt and forest agree with LightGBM on every row', () => {
    for (const [kind, extra] of [
      ['gbdt', ['--trees', '30']],
      ['forest', ['--trees', '10']],
    ] as const) {
      const model = trainModels(kind, [...extra]);
      const out = join(dir, `${kind}.txt`);
      const r = persodata(
        'export',
        '--model',
        model,
        '--to',
        'lightgbm',
        '--out',
        out,
        '--check',
        '--data',
        dir,
        '--lightgbm',
        LIGHTGBM!,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/checked with LightGBM .*perso_valid\.data 500 rows/);
      expect(readFileSync(out, 'utf8').startsWith('tree\nversion=v4\n')).toBe(true);
    }
  });

  it('a check that fails names the worst row and both probabilities, exits 1 and writes nothing', () => {
    const model = trainModels('gbdt', ['--trees', '5']);
    // a "LightGBM" that answers 0.5 for every row
    const fake = join(dir, 'fake-lightgbm');
    writeFileSync(
      fake,
      '#!/bin/sh\nfor a in "$@"; do case "$a" in data=*) d="${a#data=}";; output_result=*) o="${a#output_result=}";; esac; done\nsed "s/.*/0.5/" "$d" > "$o"\n',
    );
    chmodSync(fake, 0o755);
    const out = join(dir, 'never.txt');
    const f = persodata(
      'export',
      '--model',
      model,
      '--to',
      'lightgbm',
      '--out',
      out,
      '--check',
      '--data',
      dir,
      '--lightgbm',
      fake,
      '--sets',
      'valid',
    );
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(
      /the check failed: on .*perso_valid\.data, row \d+, persodata gives 0\.\d+ and LightGBM 0\.5 \(difference/,
    );
    expect(f.stderr).toContain('nothing written');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses what it cannot do, and says why', () => {
    const logistic = trainModels('logistic');
    const out = join(dir, 'x.txt');
    const r = persodata('export', '--model', logistic, '--to', 'lightgbm', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a logistic model; LightGBM model files hold trees');
    expect(r.stderr).toContain('--to onnx');
    const noData = persodata('export', '--model', logistic, '--to', 'onnx', '--out', out, '--check');
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain('--check needs rows');
    writeFileSync(out, 'mine');
    const exists = persodata('export', '--model', logistic, '--to', 'onnx', '--out', out);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'never.txt'))).toBe(false);
  });

  it('says where it looked for LightGBM', () => {
    expect(() => findLightgbm(undefined, { LIGHTGBM: '/nowhere/lgbm', PATH: '/nowhere' }, '/nowhere/shared')).toThrow(
      /looked at \$LIGHTGBM \(\/nowhere\/lgbm: no executable program there\), `lightgbm` on PATH \(not found\), \/nowhere\/shared \(not there\)/,
    );
    expect(() => findLightgbm('/nowhere/x')).toThrow('--lightgbm /nowhere/x: no executable program there');
  });
});

describe.skipIf(!LIGHTGBM)('continued training in LightGBM', () => {
  it('an exported gbdt goes on boosting from where it stopped, and the valid AUC does not drop', async () => {
    const model = trainModels('gbdt', ['--trees', '40', '--leaves', '15']);
    const exported = join(dir, 'start.txt');
    expect(persodata('export', '--model', model, '--to', 'lightgbm', '--out', exported).code).toBe(0);
    const tsv = (set: 'train' | 'valid') => {
      const { X, y } = data.splits[set]!;
      const path = join(dir, `${set}.tsv`);
      const lines = rowsOf(X).map((row, i) => `${y![i]}\t${Array.from(row, String).join('\t')}`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    };
    const continued = join(dir, 'continued.txt');
    execFileSync(LIGHTGBM!, [
      'task=train',
      'objective=binary',
      `data=${tsv('train')}`,
      `input_model=${exported}`,
      'num_iterations=40',
      'num_leaves=15',
      'learning_rate=0.1',
      'num_threads=2',
      'verbosity=-1',
      `output_model=${continued}`,
    ]);
    const valid = data.splits.valid!;
    const start = readFileSync(exported, 'utf8');
    const after = readFileSync(continued, 'utf8');
    expect(after.match(/^Tree=\d+$/gm)).toHaveLength(80);
    const aucStart = rocAuc(valid.y!, lightgbmPredict(LIGHTGBM!, start, valid.X, 1));
    const aucAfter = rocAuc(valid.y!, lightgbmPredict(LIGHTGBM!, after, valid.X, 1));
    expect(aucAfter).toBeGreaterThanOrEqual(aucStart);
  });
});
