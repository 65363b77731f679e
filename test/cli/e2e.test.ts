// End to end: the built CLI (bin/persodata.js -> dist/) run as a user would,
// on the real sample in data/. `npm test` builds dist/ first.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { persodata } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'data');

function copySample(dir: string): string {
  for (const f of readdirSync(SAMPLE))
    if (f.startsWith('perso_') && !f.endsWith('.npy')) copyFileSync(join(SAMPLE, f), join(dir, f));
  return dir;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
});

describe('persodata end to end on the real sample', () => {
  it('cv prints fold AUCs and the mean; --json prints one object', () => {
    const table = persodata('cv', '--quiet');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^fold 1 {2}AUC \d\.\d{5} {2}\(28 train, 7 held out\)$/m);
    expect(table.stdout).toMatch(/^mean AUC \d\.\d{5} ± \d\.\d{5} over 5 folds \(logistic\)$/m);
    expect(table.stderr).toBe('');
    const json = JSON.parse(persodata('cv', '--json', '--folds', '3', '--quiet').stdout);
    expect(Object.keys(json)).toEqual(['model', 'folds', 'mean_auc', 'std_auc']);
    expect(json.folds.map((f: { fold: number }) => f.fold)).toEqual([1, 2, 3]);
    const aucs = json.folds.map((f: { auc: number }) => f.auc);
    expect(json.mean_auc).toBeCloseTo(aucs.reduce((a: number, b: number) => a + b) / 3, 12);
  });

  it('train -> predict writes one probability per row, and refuses to overwrite', () => {
    const dir = tempDir();
    const model = join(dir, 'model.json');
    const trained = persodata('train', '--out', model);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /logistic: fitted on 35 rows x 200 features in [\d.]+ s; valid AUC \d\.\d{5}; model written to /,
    );
    const out = join(dir, 'pred');
    expect(persodata('predict', '--model', model, '--out', out).code).toBe(0);
    const valid = readFileSync(join(out, 'perso_valid.predict'), 'utf8').trim().split('\n').map(Number);
    const test = readFileSync(join(out, 'perso_test.predict'), 'utf8').trim().split('\n').map(Number);
    expect([valid.length, test.length]).toEqual([5, 10]);
    expect([...valid, ...test].every((p) => p > 0 && p < 1)).toBe(true);
    // refusals: exit 2, files untouched
    const before = readFileSync(model, 'utf8');
    const again = persodata('train', '--out', model);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`persodata: error: ${model} already exists; pass --force to overwrite it`);
    expect(readFileSync(model, 'utf8')).toBe(before);
    expect(persodata('predict', '--model', model, '--out', out).code).toBe(2);
    expect(persodata('predict', '--model', model, '--out', out, '--sets', 'test', '--force').code).toBe(0);
  });

  it('gbdt: cv, train with feature importance, predict', () => {
    const dir = tempDir();
    const cv = JSON.parse(
      persodata('cv', '--model', 'gbdt', '--trees', '10', '--min-leaf', '3', '--folds', '3', '--json', '--quiet')
        .stdout,
    );
    expect(cv.model).toBe('gbdt');
    expect(cv.folds).toHaveLength(3);
    const model = join(dir, 'gbdt.json');
    const trained = persodata(
      'train',
      '--model',
      'gbdt',
      '--trees',
      '20',
      '--min-leaf',
      '3',
      '--threads',
      '1',
      '--out',
      model,
    );
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /^gbdt: fitted on 35 rows x 200 features in [\d.]+ s; valid AUC \d\.\d{5}; model written to /m,
    );
    expect(trained.stdout).toMatch(
      /^feature importance \(top 10 by gain\):\n {2}feature\d+ +[\d.]+% of gain, \d+ splits$/m,
    );
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({
      kind: 'gbdt',
      formatVersion: 1,
      options: { trees: 20, minLeaf: 3 },
    });
    expect(persodata('predict', '--model', model, '--out', dir).code).toBe(0);
    expect(
      readFileSync(join(dir, 'perso_test.predict'), 'utf8')
        .trim()
        .split('\n')
        .map(Number)
        .every((p) => p > 0 && p < 1),
    ).toBe(true);
    const again = join(dir, 'gbdt2.json');
    expect(
      persodata('train', '--model', 'gbdt', '--trees', '20', '--min-leaf', '3', '--threads', '2', '--out', again).code,
    ).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(model, 'utf8'));
  });

  it('a constant model is named with its cause (--min-leaf against the rows), in cv and train; early stopping says what it kept', () => {
    const dir = tempDir();
    // the sample's 35 rows cannot make a leaf of gbdt's default 20 rows on both sides of a split
    const cv = persodata('cv', '--model', 'gbdt', '--folds', '5');
    expect(cv.code).toBe(0);
    expect(cv.stderr).toContain(
      'warning: in 5 of 5 folds the gbdt model is constant (no split in any tree, every prediction equal): a leaf needs --min-leaf 20 rows (the default), and 28 training rows leave no split worth making; try --min-leaf 2, or give it more rows',
    );
    const train = persodata('train', '--model', 'gbdt', '--out', join(dir, 'm.json'));
    expect(train.code).toBe(0);
    expect(train.stderr).toContain(
      'warning: fitted on all the training rows, the gbdt model is constant (no split in any tree, every prediction equal): a leaf needs --min-leaf 20 rows (the default), and 35 training rows',
    );
    const fine = persodata('cv', '--model', 'gbdt', '--min-leaf', '3', '--folds', '3');
    expect(fine.code).toBe(0);
    expect(fine.stderr).not.toContain('constant');
    // early stopping: the rounds kept, by each fold and by train
    const es = ['--model', 'gbdt', '--min-leaf', '3', '--trees', '50', '--early-stopping', '3'];
    const cvEs = persodata('cv', ...es, '--folds', '3');
    expect(cvEs.stdout).toMatch(
      /^fold 1 {2}AUC [\d.]+ {2}\(2\d train, 1\d held out; early stopping kept \d+ of \d+ rounds\)$/m,
    );
    const trainEs = persodata('train', ...es, '--out', join(dir, 'es.json'));
    const kept = /^early stopping kept (\d+) of (\d+) rounds$/m.exec(trainEs.stdout);
    expect(kept, trainEs.stdout).not.toBeNull();
    const state = JSON.parse(readFileSync(join(dir, 'es.json'), 'utf8')).state;
    expect([state.roundsKept, state.roundsRun]).toEqual([Number(kept![1]), Number(kept![2])]);
  });

  it('forest: cv, train with out-of-bag AUC and importance, predict; the same model on 1 and 2 threads', () => {
    const dir = tempDir();
    const cv = JSON.parse(
      persodata('cv', '--model', 'forest', '--trees', '10', '--folds', '3', '--json', '--quiet').stdout,
    );
    expect(cv.model).toBe('forest');
    expect(cv.folds).toHaveLength(3);
    const model = join(dir, 'forest.json');
    const trained = persodata(
      'train',
      '--model',
      'forest',
      '--trees',
      '30',
      '--max-features',
      '0.1',
      '--no-bootstrap',
      '--subsample',
      '0.8',
      '--threads',
      '1',
      '--out',
      model,
    );
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(
      /^forest: fitted on 35 rows x 200 features in [\d.]+ s; valid AUC \d\.\d{5}; model written to /m,
    );
    expect(trained.stdout).toMatch(/^out-of-bag AUC \d\.\d{5} over \d+ rows$/m);
    expect(trained.stdout).toMatch(/^feature importance \(top 10 by gain\):/m);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({
      kind: 'forest',
      formatVersion: 1,
      options: { trees: 30, maxFeatures: '0.1', bootstrap: false, subsample: 0.8 },
    });
    expect(persodata('predict', '--model', model, '--out', dir).code).toBe(0);
    expect(
      readFileSync(join(dir, 'perso_test.predict'), 'utf8')
        .trim()
        .split('\n')
        .map(Number)
        .every((p) => p >= 0 && p <= 1),
    ).toBe(true);
    const again = join(dir, 'forest2.json');
    expect(
      persodata(
        'train',
        '--model',
        'forest',
        '--trees',
        '30',
        '--max-features',
        '0.1',
        '--no-bootstrap',
        '--subsample',
        '0.8',
        '--threads',
        '2',
        '--out',
        again,
      ).code,
    ).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(model, 'utf8'));
  });

  it('predicts by column name: reversed columns give the same answer, other names are refused, names never ignored', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    expect(persodata('train', '--model', 'gbdt', '--min-leaf', '3', '--trees', '20', '--out', model).code).toBe(0);
    const probabilities = (folder: string) => readFileSync(join(folder, 'perso_valid.predict'), 'utf8');
    const straight = join(dir, 'straight');
    expect(persodata('predict', '--model', model, '--sets', 'valid', '--out', straight).code).toBe(0);
    // the sample with its columns and perso_feat.name both reversed
    const reversed = copySample(tempDir());
    const names = readFileSync(join(SAMPLE, 'perso_feat.name'), 'utf8').trim().split('\n');
    writeFileSync(join(reversed, 'perso_feat.name'), [...names].reverse().join('\n') + '\n');
    const rows = readFileSync(join(SAMPLE, 'perso_valid.data'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    writeFileSync(join(reversed, 'perso_valid.data'), rows.map((r) => [...r].reverse().join(' ')).join('\n') + '\n');
    const out = join(dir, 'reversed');
    const r = persodata('predict', '--model', model, '--data', reversed, '--sets', 'valid', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'perso_valid.data: the columns m.json was fitted on, in another order; reordered by name',
    );
    expect(probabilities(out)).toBe(probabilities(straight));
    // export --check runs the exported model on the same reordered rows
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
      reversed,
      '--sets',
      'valid',
    );
    if (!onnx.stderr.includes('needs ONNX Runtime')) expect(onnx.code, onnx.stderr).toBe(0);
    // one name changed: refused, naming it
    writeFileSync(join(reversed, 'perso_feat.name'), ['other', ...[...names].reverse().slice(1)].join('\n') + '\n');
    const renamed = persodata(
      'predict',
      '--model',
      model,
      '--data',
      reversed,
      '--sets',
      'valid',
      '--out',
      join(dir, 'never'),
    );
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).toContain(
      'perso_valid.data: not the columns m.json was fitted on: its column 1 is "feature0", the data\'s "other"',
    );
    expect(existsSync(join(dir, 'never'))).toBe(false);
    // a CSV and a Parquet table: by their header's names too
    const header = [...names].reverse();
    const csv = join(dir, 'valid.csv');
    writeFileSync(csv, [header.join(','), ...rows.map((row) => [...row].reverse().join(','))].join('\n') + '\n');
    const csvOut = join(dir, 'csv');
    expect(persodata('predict', '--model', model, '--data', csv, '--out', csvOut, '-q').code).toBe(0);
    expect(readFileSync(join(csvOut, 'valid.predict'), 'utf8')).toBe(probabilities(straight));
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const table = join(dir, 'valid.parquet');
    writeFileSync(
      table,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: header.map((name, j) => ({
            name,
            data: rows.map((row) => Number(row[row.length - 1 - j])),
            type: 'DOUBLE' as const,
          })),
        }),
      ),
    );
    const pqOut = join(dir, 'pq');
    expect(persodata('predict', '--model', model, '--data', table, '--out', pqOut, '-q').code).toBe(0);
    expect(readFileSync(join(pqOut, 'valid.predict'), 'utf8')).toBe(probabilities(straight));
  });

  it('accepts the DIR/NAME prefix and a CSV file', () => {
    const dir = tempDir();
    expect(persodata('cv', '--data', join(SAMPLE, 'perso'), '--folds', '2', '--quiet').code).toBe(0);
    const rows = ['id,a,b,label'];
    for (let i = 0; i < 40; i++) rows.push(`img${i},${(i * 7) % 11},${(i * 3) % 5},${i % 2}`);
    writeFileSync(join(dir, 'faces.csv'), rows.join('\n') + '\n');
    expect(persodata('train', '--data', join(dir, 'faces.csv'), '--out', join(dir, 'm.json')).code).toBe(0);
    expect(
      persodata('predict', '--data', join(dir, 'faces.csv'), '--model', join(dir, 'm.json'), '--out', dir).code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'faces.predict'), 'utf8').trim().split('\n').length).toBe(40);
  });

  it('--help works on every command, and the version prints', () => {
    for (const cmd of ['cv', 'train', 'predict']) {
      const r = persodata(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: persodata ${cmd} [options]`);
    }
    expect(persodata('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('bad input: a clear error, exit code 2, nothing written', () => {
  function expectRefused(args: string[], message: string, outDir: string): void {
    const r = persodata(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(
      readdirSync(outDir).filter((f) => f.endsWith('.json') || f.endsWith('.predict') || f.includes('.tmp-')),
    ).toEqual([]);
  }

  it('a ragged row, a bad token, NaN, a bad label, a short solution, an empty or missing file', () => {
    const cases: Array<[string, (dir: string) => void, string]> = [
      [
        'ragged',
        (d) =>
          writeFileSync(
            join(d, 'perso_train.data'),
            readFileSync(join(d, 'perso_train.data'), 'utf8').replace(/ \S+ *\n/, '\n'),
          ),
        'perso_train.data line 1: expected 200 values, got 199',
      ],
      [
        'token',
        (d) =>
          writeFileSync(
            join(d, 'perso_train.data'),
            readFileSync(join(d, 'perso_train.data'), 'utf8').replace(/^(\S+) /, '$1 abc '),
          ),
        'perso_train.data line 1, column 14: "abc" is not a number',
      ],
      [
        'nan',
        (d) =>
          writeFileSync(
            join(d, 'perso_train.data'),
            readFileSync(join(d, 'perso_train.data'), 'utf8').replace(/^\S+/, 'nan'),
          ),
        'perso_train.data line 1, column 1: "nan" is not a finite number',
      ],
      [
        'label',
        (d) =>
          writeFileSync(
            join(d, 'perso_train.solution'),
            readFileSync(join(d, 'perso_train.solution'), 'utf8').replace(/^1/, '2'),
          ),
        'perso_train.solution line 1: "2" is not a label (expected 0 or 1)',
      ],
      [
        'short',
        (d) => writeFileSync(join(d, 'perso_train.solution'), '0\n1\n'),
        'perso_train.solution: 2 labels for 35 data rows',
      ],
      ['empty', (d) => writeFileSync(join(d, 'perso_train.data'), ''), 'perso_train.data: the file is empty'],
      [
        'blank-solution',
        (d) => writeFileSync(join(d, 'perso_train.solution'), ''),
        'perso_train.solution: the file holds no labels',
      ],
    ];
    for (const [, damage, message] of cases) {
      const dir = copySample(tempDir());
      damage(dir);
      expectRefused(['train', '--data', dir, '--out', join(dir, 'model.json')], message, dir);
      expectRefused(['cv', '--data', dir], message, dir);
    }
    const noLabels = copySample(tempDir());
    rmSync(join(noLabels, 'perso_train.solution'));
    expectRefused(
      ['cv', '--data', noLabels],
      'perso_train.data: cv needs labels, and there is no .solution file',
      noLabels,
    );
    expectRefused(
      ['train', '--data', noLabels, '--out', join(noLabels, 'm.json')],
      'perso_train.data: training needs labels',
      noLabels,
    );
    const empty = tempDir();
    expectRefused(
      ['cv', '--data', empty],
      `${empty}: no NAME_train.data, NAME_valid.data or NAME_test.data (or NAME_SET.parquet) in this folder`,
      empty,
    );
  });

  it('out-of-range and unknown flags', () => {
    const dir = tempDir();
    expectRefused(
      ['cv', '--folds', '1'],
      "option '--folds <k>' argument '1' is invalid. expected an integer >= 2",
      dir,
    );
    expectRefused(['cv', '--folds', '36'], '--folds=36: class 0 has only', dir);
    expectRefused(['train', '--out', join(dir, 'm.json'), '--bogus'], "error: unknown option '--bogus'", dir);
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--l2', 'x'],
      "option '--l2 <lambda>' argument 'x' is invalid. expected a number >= 0",
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--trees', '5'],
      'persodata: error: --trees does not apply to --model logistic',
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--model', 'gbdt', '--bins', '300'],
      "option '--bins <n>' argument '300' is invalid. expected an integer from 2 to 256",
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--model', 'gbdt', '--leaves', '1'],
      "option '--leaves <n>' argument '1' is invalid. expected an integer >= 2",
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--model', 'forest', '--max-features', '0'],
      "option '--max-features <m>' argument '0' is invalid. expected sqrt, log2, a share in (0, 1] such as 0.3, or a count >= 1 such as 14",
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--model', 'forest', '--max-features', '300'],
      '--max-features is 300, more than the 200 features',
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--model', 'forest', '--trees', '0'],
      "option '--trees <n>' argument '0' is invalid. expected an integer >= 1",
      dir,
    );
    expectRefused(
      ['train', '--out', join(dir, 'm.json'), '--model', 'forest', '--leaves', '4'],
      '--leaves does not apply to --model forest',
      dir,
    );
    const oneClass = copySample(tempDir());
    writeFileSync(join(oneClass, 'perso_train.solution'), '1\n'.repeat(35));
    expectRefused(
      ['train', '--data', oneClass, '--model', 'gbdt', '--out', join(oneClass, 'm.json')],
      'gradient boosting needs both classes; all 35 training rows are class 1',
      oneClass,
    );
  });

  it('a model file that is not ours, truncated, or trained on other features', () => {
    const dir = tempDir();
    const inputs = tempDir();
    writeFileSync(join(inputs, 'other.json'), '{"name": "LogisticRegression", "weights": []}');
    expectRefused(
      ['predict', '--model', join(inputs, 'other.json'), '--out', dir],
      'other.json: not a persodata model file',
      dir,
    );
    const trained = join(tempDir(), 'model.json');
    expect(persodata('train', '--out', trained).code).toBe(0);
    const text = readFileSync(trained, 'utf8');
    writeFileSync(join(inputs, 'cut.txt'), text.slice(0, 500));
    expectRefused(
      ['predict', '--model', join(inputs, 'cut.txt'), '--out', dir],
      'cut.txt: not valid JSON (the file looks truncated)',
      dir,
    );
    // a row name twice in NAME_test.ids, or a feature name twice in NAME_feat.name
    const ids = copySample(tempDir());
    writeFileSync(join(ids, 'perso_test.ids'), ['a', 'b', 'c', 'b', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n');
    expectRefused(
      ['predict', '--model', trained, '--data', ids, '--format', 'name-pred', '--out', join(ids, 'out')],
      'perso_test.ids lines 2 and 4: the row name "b" stands twice; each must be unique',
      ids,
    );
    const featNames = copySample(tempDir());
    writeFileSync(join(featNames, 'perso_feat.name'), Array.from({ length: 200 }, (_, j) => `f${j % 199}`).join('\n'));
    expectRefused(
      ['cv', '--data', featNames],
      'perso_feat.name lines 1 and 200: the feature name "f0" stands twice; each must be unique',
      featNames,
    );
    const narrow = tempDir();
    writeFileSync(join(narrow, 'x_test.data'), '1 2 3\n4 5 6\n');
    expectRefused(
      ['predict', '--model', trained, '--data', narrow, '--out', dir],
      'x_test.data: 3 feature columns, but',
      dir,
    );
  });
});
