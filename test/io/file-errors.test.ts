// Every reader says what went wrong with a file, not "file not found" for
// all: a folder where a file was expected, and a file the user may not read
// (as root, whom permissions do not stop, the CLI runs as `nobody`).
import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelCsv } from '../../src/pictures/image-labels.js';
import { firstLineValueCount, readPixelRows } from '../../src/images/pixel-rows.js';
import { readCsvTable } from '../../src/io/csv.js';
import { describeFsError, readInputFile } from '../../src/io/file-errors.js';
import { readLabels } from '../../src/io/labels.js';
import { loadMatrix } from '../../src/io/matrix-cache.js';
import { loadModel } from '../../src/models/model-file.js';
import { readScoredRows } from '../../src/metrics/score-files.js';
import { InputError, ModelFileError } from '../../src/util/errors.js';
import { NOBODY, persodata, persodataAs } from '../helpers/cli.js';
import { IMAGES_SAMPLE, PCA_SAMPLE, PIXELS_SAMPLE } from '../helpers/samples.js';
import { tempDir } from '../helpers/temp-dir.js';

const asRoot = process.getuid?.() === 0;
const user = asRoot ? NOBODY : undefined;
const LABEL_COLUMNS = { nameColumn: 'name', labelColumn: 'label' };

/** A folder readable by everyone (the CLI may run as nobody). */
function openDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
}

function copyDir(from: string, to: string): string {
  mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
  return to;
}

describe('file errors', () => {
  it('a folder given where a file was expected is named as such by all seven readers', () => {
    const dir = tempDir();
    const other = join(dir, 'x.csv');
    writeFileSync(other, 'a,b\n1,0\n');
    const isFolder = `${dir}: is a folder, not a file`;
    expect(() => readCsvTable(dir)).toThrow(new InputError(isFolder));
    expect(() => readLabels(dir)).toThrow(new InputError(isFolder));
    expect(() => readScoredRows(dir, other)).toThrow(new InputError(isFolder));
    expect(() => readScoredRows(other, dir)).toThrow(new InputError(isFolder));
    expect(() => readLabelCsv(dir, LABEL_COLUMNS)).toThrow(new InputError(isFolder));
    expect(() => firstLineValueCount(dir)).toThrow(new InputError(isFolder));
    expect(() => readPixelRows(dir, 12, [0], () => {})).toThrow(new InputError(isFolder));
    expect(() => loadModel(dir)).toThrow(new ModelFileError(isFolder));
    expect(() => loadMatrix(dir)).toThrow(new InputError(isFolder));
    // a missing file is still "not found", with what it was meant to be where the reader knows
    expect(() => readLabelCsv(join(dir, 'none.csv'), LABEL_COLUMNS)).toThrow(
      `${join(dir, 'none.csv')}: labels file not found`,
    );
    expect(() => readInputFile(join(other, 'sub'), 'utf8')).toThrow(
      `${join(other, 'sub')}: a part of the path is a file, not a folder`,
    );
  });

  it('describes errno errors that reach the CLI unwrapped', () => {
    const err = Object.assign(new Error("EROFS: read-only file system, open '/x/y'"), { code: 'EROFS', path: '/x/y' });
    expect(describeFsError(err)).toBe('/x/y: read-only file system');
    const odd = Object.assign(new Error('EWEIRD: something odd'), { code: 'EWEIRD', path: '/z' });
    expect(describeFsError(odd)).toBe('/z: EWEIRD: something odd');
  });

  it('a file that exists but may not be read: "permission denied", exit 2, for each reader through the CLI', () => {
    const probe = persodataAs(user, '--version');
    expect(probe.stderr, 'the CLI must run as nobody (the repository readable by all)').toBe('');
    const work = openDir();
    const locked = (path: string) => {
      chmodSync(path, 0o000);
      return path;
    };
    const data = copyDir(PCA_SAMPLE.dir, join(work, 'data'));
    const csv = join(work, 'table.csv');
    writeFileSync(csv, 'a,b,label\n1,2,0\n3,4,1\n');
    const cases: Array<[string, string[]]> = [];
    // csv.ts
    cases.push([locked(csv), ['cv', '--data', csv]]);
    // matrix-cache.ts (the .data) and labels.ts (the .solution)
    const noData = copyDir(PCA_SAMPLE.dir, join(work, 'no-data'));
    cases.push([locked(join(noData, 'perso_train.data')), ['cv', '--data', noData]]);
    const noLabels = copyDir(PCA_SAMPLE.dir, join(work, 'no-labels'));
    cases.push([locked(join(noLabels, 'perso_train.solution')), ['cv', '--data', noLabels]]);
    // score-files.ts
    const prediction = join(work, 'perso_valid.predict');
    writeFileSync(prediction, '0.1\n0.9\n0.3\n0.6\n0.2\n');
    cases.push([
      locked(prediction),
      ['score', '--solution', join(data, 'perso_valid.solution'), '--prediction', prediction],
    ]);
    // image-labels.ts
    const images = copyDir(IMAGES_SAMPLE, join(work, 'images'));
    cases.push([
      locked(join(images, 'labels.csv')),
      ['pca', '--images', images, '--labels', join(images, 'labels.csv'), '--out', join(work, 'pca-out')],
    ]);
    // pixel-rows.ts
    const pixels = copyDir(PIXELS_SAMPLE, join(work, 'pixels'));
    cases.push([
      locked(join(pixels, 'perso_train.data')),
      ['pca', '--data', pixels, '--out', join(work, 'pixels-out')],
    ]);
    // model-file.ts
    const model = join(work, 'model.json');
    expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
    chmodSync(model, 0o644);
    cases.push([locked(model), ['predict', '--model', model, '--data', data, '--out', join(work, 'predictions')]]);

    for (const [path, args] of cases) {
      const r = persodataAs(user, ...args);
      expect(r.stderr, args.join(' ')).toBe(`persodata: error: ${path}: permission denied\n`);
      expect(r.code).toBe(2);
    }
  });
});
