// cv --oof: every training row once, in row order, with the probability the
// model fitted on the other folds gives it, the same as fitting on those rows
// and predicting (for each model kind, and for pictures).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cvCommand, runCv, type CvContext } from '../../src/cli/commands/cv.js';
import { takeLabels, takeRows } from '../../src/core/dense-matrix.js';
import { foldRows, stratifiedFoldIds } from '../../src/cv/stratified-k-fold.js';
import { openDataset } from '../../src/io/open-dataset.js';
import { createEstimator } from '../../src/models/registry.js';
import { writePictures } from '../helpers/generated-pictures.js';
import { makePersoData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';
import { parseWith } from './command-harness.js';
import { persodata } from '../helpers/cli.js';

const parse = async (args: string[]) => {
  const { ctx, error } = await parseWith<CvContext>(cvCommand, args);
  if (!ctx) throw new Error(`cv ${args.join(' ')}: ${error?.message}`);
  return { ...ctx, quiet: true }; // --quiet belongs to the program, not the command
};

function readOof(path: string) {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return {
    header,
    rows: lines.map((line) => {
      const [id, fold, label, p, processed] = line.split(',');
      return { id, fold: Number(fold), label: Number(label), p: Number(p), processed };
    }),
  };
}

describe('cv --oof', () => {
  // one data set for every test of the file (tempDir's folders go after each test)
  const dir = mkdtempSync(join(tmpdir(), 'persodata-oof-'));
  beforeAll(() => makePersoData(dir, { train: 600, valid: 10, test: 10, features: 8, seed: 7 }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['logistic', []],
    ['gbdt', ['--trees', '15', '--min-leaf', '5']],
    ['forest', ['--trees', '8']],
  ])(
    '%s: each row once, fold and label right, P(label 1) equal to train on the other folds then predict',
    async (model, flags) => {
      const out = join(tempDir(), `${model}.csv`);
      const ctx = await parse([
        '--data',
        dir,
        '--model',
        model,
        ...flags,
        '--folds',
        '4',
        '--seed',
        '3',
        '--threads',
        '2',
        '--oof',
        out,
      ]);
      await runCv(ctx);
      const { header, rows } = readOof(out);
      expect(header).toBe('id,fold,label,p_label_1');
      const { X, y } = (await openDataset(dir, { sets: ['train'], cache: false })).splits.train!;
      expect(rows.map((r) => r.id)).toEqual(Array.from({ length: X.nRows }, (_, i) => String(i + 1)));
      expect(rows.map((r) => r.label)).toEqual(Array.from(y!));
      const foldIds = stratifiedFoldIds(y!, 4, 3);
      for (let fold = 0; fold < 4; fold++) {
        const { train, test } = foldRows(foldIds, fold);
        const fitted = await createEstimator(ctx.model, ctx.modelOptions, 3).fit(
          takeRows(X, Array.from(train)),
          takeLabels(y!, train),
          { threads: 2 },
        );
        const p = await fitted.predictProba(takeRows(X, Array.from(test)));
        Array.from(test).forEach((row, k) => {
          expect(rows[row].fold).toBe(fold + 1);
          expect(rows[row].p).toBe(p[k]);
        });
      }
    },
  );

  it('names pictures by their file names, adds the processed column with --test-transform', async () => {
    const root = tempDir();
    const pictures = await writePictures(join(root, 'train'), { perClass: 12, seed: 4 });
    const out = join(root, 'oof.csv');
    const r = persodata(
      'cv',
      '--images',
      join(root, 'train'),
      '--kinds',
      'spectrum',
      '--model',
      'logistic',
      '--folds',
      '3',
      '--test-transform',
      'quality=70',
      '--oof',
      out,
      '--no-cache',
    );
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = readOof(out);
    expect(header).toBe('id,fold,label,p_label_1,p_label_1_processed');
    expect(rows.map((row) => row.id).sort()).toEqual(pictures.map((p) => p.name).sort());
    for (const row of rows) {
      // labels: 1 = real, from the class folder
      expect(row.label).toBe(row.id.startsWith('real/') ? 1 : 0);
      expect([1, 2, 3]).toContain(row.fold);
      expect(row.p).toBeGreaterThanOrEqual(0);
      expect(Number(row.processed)).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses an existing file without --force and an input of the run even with it, writing nothing', () => {
    const out = join(tempDir(), 'oof.csv');
    writeFileSync(out, 'keep me\n');
    const refused = persodata('cv', '--data', dir, '--oof', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} already exists; pass --force`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const input = join(dir, 'perso_train.solution');
    const before = readFileSync(input, 'utf8');
    const overInput = persodata('cv', '--data', dir, '--oof', input, '--force');
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toContain('is an input of this run');
    expect(readFileSync(input, 'utf8')).toBe(before);
  });
});
