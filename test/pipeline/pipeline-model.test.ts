// One model file from pictures to a submission: train --images keeps the
// featurizer in the model, and predict --model on pictures gives what the
// two-step route (features --save, train --data; features --model, predict
// --data) gives. Lists keep their order; older and feature-column models
// still load; a pipeline model refuses a feature folder of other columns.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePipelineModel } from '../../src/pipeline/pipeline-model.js';
import { persodata, persodataIn } from '../helpers/cli.js';
import { writePictures, type GeneratedPicture } from '../helpers/generated-pictures.js';
import { bruteForceAuc } from '../helpers/naive.js';

const KINDS = ['--kinds', 'spectrum,residual,pca', '--grid', '8', '--components', '6'];

const csvRows = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

describe('pipeline model', () => {
  let root: string;
  let test: GeneratedPicture[];
  let model: string;
  // one folder for the whole suite (tempDir's go after each test)
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'persodata-pipeline-'));
    await writePictures(join(root, 'train'), { perClass: 24, seed: 1 });
    test = await writePictures(join(root, 'test'), { perClass: 6, seed: 2, layout: 'flat' });
    model = join(root, 'model.json');
    const r = persodata('train', '--images', join(root, 'train'), ...KINDS, '--out', model, '-q');
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('holds the featurizer, and predicts pictures exactly as features then predict do', () => {
    const loaded = decodePipelineModel(readFileSync(model, 'utf8'), 'model.json');
    expect(loaded.featurizer?.kinds).toEqual(['spectrum', 'residual', 'pca']);
    expect(loaded.featurizer?.pca?.nComponents).toBe(6);
    expect(loaded.features.slice(0, 2)).toEqual(['spectrum_0', 'spectrum_1']);
    expect(loaded.features.at(-1)).toBe('pc5');

    const oneStep = join(root, 'one.csv');
    const r = persodata(
      'predict',
      '--model',
      model,
      '--images',
      join(root, 'test'),
      '--format',
      'img-name-y-pred',
      '--out',
      oneStep,
    );
    expect(r.code, r.stderr).toBe(0);

    // the same, in two steps through a feature folder
    const feat = join(root, 'feat');
    const featurizer = join(root, 'featurizer.json');
    const plain = join(root, 'plain.json');
    expect(
      persodata('features', '--images', join(root, 'train'), ...KINDS, '--out', feat, '--save', featurizer, '-q').code,
    ).toBe(0);
    expect(persodata('train', '--data', feat, '--out', plain, '-q').code).toBe(0);
    const feat2 = join(root, 'feat2');
    expect(
      persodata('features', '--model', featurizer, '--test-images', join(root, 'test'), '--out', feat2, '-q').code,
    ).toBe(0);
    const twoStep = join(root, 'two');
    expect(
      persodata('predict', '--model', plain, '--data', feat2, '--format', 'img-name-y-pred', '--out', twoStep, '-q')
        .code,
    ).toBe(0);

    const a = csvRows(oneStep);
    const b = csvRows(join(twoStep, 'perso_test.csv'));
    expect(a.map((row) => row[0])).toEqual(test.map((t) => t.name));
    expect(b.map((row) => row[0])).toEqual(test.map((t) => t.name));
    // the feature folder holds its values as text, to 7 significant digits
    a.forEach((row, i) => expect(Number(row[1])).toBeCloseTo(Number(b[i][1]), 5));
    // and it learnt something: the fakes score higher P(fake) on average
    const meanOf = (fake: boolean) => {
      const rows = a.filter((_, i) => test[i].fake === fake).map((row) => Number(row[1]));
      return rows.reduce((s, v) => s + v, 0) / rows.length;
    };
    expect(meanOf(true)).toBeGreaterThan(meanOf(false));
  });

  it('--images-list: rows in the list\'s order, paths relative to the CSV, a "path" header or none', () => {
    const order = [3, 0, 7, 11];
    const names = order.map((i) => `test/${test[i].name}`);
    for (const header of ['', 'path\n']) {
      const list = join(root, `input${header ? '-h' : ''}.csv`);
      writeFileSync(list, header + names.join('\n') + '\n');
      const out = join(root, `output${header ? '-h' : ''}.csv`);
      const r = persodata('predict', '--model', model, '--images-list', list, '--format', 'logit', '--out', out, '-q');
      expect(r.code, r.stderr).toBe(0);
      const rows = csvRows(out);
      expect(rows.map((row) => row[0])).toEqual(names);
    }
    const byFolder = csvRows(join(root, 'one.csv'));
    const logits = csvRows(join(root, 'output.csv'));
    // the logit of the P(fake) that img-name-y-pred wrote for the same picture
    order.forEach((i, r) => {
      const p = Number(byFolder[i][1]);
      expect(Number(logits[r][1])).toBeCloseTo(Math.log(p / (1 - p)), 9);
    });
    const stems = join(root, 'stems.csv');
    const s = persodata(
      'predict',
      '--model',
      model,
      '--images-list',
      join(root, 'input.csv'),
      '--format',
      'id-p-real',
      '--names',
      'stem',
      '--out',
      stems,
      '-q',
    );
    expect(s.code, s.stderr).toBe(0);
    expect(csvRows(stems)[0][0]).toBe(test[3].name.replace(/\.png$/, ''));
  });

  it("vip-cup input.csv output.csv: the Cup's filename column in, filename,logit out, as predict --format logit", () => {
    const order = [5, 2, 9];
    // the Cup's input.csv: a filename column (other columns left alone); model.json of the folder by default
    writeFileSync(
      join(root, 'cup-input.csv'),
      'filename,source\n' + order.map((i) => `test/${test[i].name},x`).join('\n') + '\n',
    );
    const r = persodataIn(root, 'vip-cup', 'cup-input.csv', 'cup-output.csv');
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(root, 'cup-output.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('filename,logit');
    const byFolder = csvRows(join(root, 'one.csv'));
    order.forEach((i, k) => {
      const [name, logit] = lines[k + 1].split(',');
      expect(name).toBe(`test/${test[i].name}`);
      const p = Number(byFolder[i][1]);
      expect(Number(logit)).toBeCloseTo(Math.log(p / (1 - p)), 9);
    });
    // predict --images-list reads the same header and writes it back
    const p = persodataIn(
      root,
      ...['predict', '--model', 'model.json', '--images-list', 'cup-input.csv', '--format', 'logit'],
      ...['--out', 'predict-output.csv', '-q'],
    );
    expect(p.code, p.stderr).toBe(0);
    expect(readFileSync(join(root, 'predict-output.csv'), 'utf8')).toBe(
      readFileSync(join(root, 'cup-output.csv'), 'utf8'),
    );
    // --path-column names any other column; a header that names none is refused, naming the flag
    writeFileSync(join(root, 'other.csv'), `id,img\n1,test/${test[0].name}\n`);
    const other = persodataIn(root, 'vip-cup', 'other.csv', 'other-out.csv', '--path-column', 'img', '-q');
    expect(other.code, other.stderr).toBe(0);
    expect(readFileSync(join(root, 'other-out.csv'), 'utf8')).toMatch(/^img,logit\ntest\/0000\.png,-?[\d.]+\n$/);
    const none = persodataIn(root, 'vip-cup', 'other.csv', 'none-out.csv');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'other.csv line 1, column 1: "id" is neither a picture file nor a known column name (path, filename, file, name): name the column of paths with --path-column',
    );
    const wrong = persodataIn(root, 'vip-cup', 'other.csv', 'none-out.csv', '--path-column', 'picture');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'other.csv line 1: no column named "picture" (--path-column); the header is "id","img"',
    );
    expect(() => readFileSync(join(root, 'none-out.csv'))).toThrow();
    // the model is looked for where the Cup runs the entry
    const elsewhere = persodataIn(join(root, 'test'), 'vip-cup', '../cup-input.csv', '../x.csv');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('model.json');
  });

  it('scores every picture it is given: found by their bytes, the undecodable refused, the rest named; no row name twice', async () => {
    const dir = join(root, 'mixed');
    mkdirSync(join(dir, 'a'), { recursive: true });
    mkdirSync(join(dir, 'b'));
    const png = readFileSync(join(root, 'test', test[0].name));
    writeFileSync(join(dir, 'a', 'x.png'), png);
    writeFileSync(join(dir, 'noext'), await sharp(png).jpeg().toBuffer()); // a JPEG with no extension
    writeFileSync(join(dir, 'scan.bmp'), Buffer.from('BM' + '\0'.repeat(60), 'latin1'));
    writeFileSync(join(dir, 'phone.heic'), Buffer.from('\0\0\0\x18ftypheic\0\0\0\0', 'latin1'));
    writeFileSync(join(dir, 'notes.txt'), 'not a picture\n');
    writeFileSync(join(dir, '.hidden.png'), png);
    const out = join(root, 'mixed.csv');
    const refused = persodata('predict', '--model', model, '--images', dir, '--format', 'logit', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'every picture must be scored, and 2 picture(s) in formats persodata cannot decode (phone.heic HEIC, scan.bmp BMP; convert them to PNG or JPEG); or move them out',
    );
    expect(existsSync(out)).toBe(false);
    rmSync(join(dir, 'scan.bmp'));
    rmSync(join(dir, 'phone.heic'));
    const r = persodata('predict', '--model', model, '--images', dir, '--format', 'logit', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(csvRows(out).map((row) => row[0])).toEqual(['a/x.png', 'noext']);
    expect(r.stderr).toContain('1 file(s) that are not pictures (by their first bytes) left out: notes.txt');
    expect(r.stderr).toContain('1 hidden file(s) or folder(s) left out: .hidden.png');
    // two rows of one name: refused before any work
    writeFileSync(join(dir, 'b', 'x.jpg'), await sharp(png).jpeg().toBuffer());
    const stems = persodata(
      'predict',
      '--model',
      model,
      '--images',
      dir,
      '--names',
      'stem',
      '--format',
      'logit',
      '--out',
      join(root, 'stems2.csv'),
    );
    expect(stems.code).toBe(2);
    expect(stems.stderr).toContain(
      'a/x.png and b/x.jpg would both be the row "x" (--names stem); --names path keeps them apart',
    );
    writeFileSync(join(root, 'twice.csv'), `path\ntest/${test[1].name}\ntest/${test[2].name}\ntest/${test[1].name}\n`);
    const twice = persodata(
      'predict',
      '--model',
      model,
      '--images-list',
      join(root, 'twice.csv'),
      '--format',
      'logit',
      '--out',
      join(root, 'twice-out.csv'),
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(
      `twice.csv: line 2 (test/${test[1].name}) and line 4 (test/${test[1].name}) would both be the row "test/${test[1].name}"; list each picture once`,
    );
    expect(existsSync(join(root, 'twice-out.csv'))).toBe(false);
  });

  it('names a missing listed picture by line, and writes nothing', () => {
    const list = join(root, 'bad.csv');
    writeFileSync(list, `path\ntest/${test[0].name}\ntest/nope.png\n`);
    const out = join(root, 'never.csv');
    const r = persodata('predict', '--model', model, '--images-list', list, '--format', 'logit', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv line 3, column 1: test/nope.png: no such file');
    expect(() => readFileSync(out)).toThrow();
  });

  it("refuses a feature folder whose columns are not its featurizer's, and pictures for a feature-column model", () => {
    const data = join(root, 'feat-other');
    expect(
      persodata(
        'features',
        ...['--images', join(root, 'train'), '--test-images', join(root, 'test'), '--kinds', 'spectrum'],
        ...['--out', data, '-q'],
      ).code,
    ).toBe(0);
    const r = persodata('predict', '--model', model, '--data', data, '--out', join(root, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not the columns model.json was fitted on');
    expect(r.stderr).toContain('give it the pictures (--images DIR or --images-list CSV)');

    const plain = join(root, 'plain.json'); // fitted on a feature folder, by the first test
    const p = persodata('predict', '--model', plain, '--images', join(root, 'test'), '--out', join(root, 'y.csv'));
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('was fitted on');
    expect(p.stderr).toContain('not on pictures');
  });

  it('--valid-images: the valid AUC train prints is that of predict on the same pictures', async () => {
    const valid = await writePictures(join(root, 'valid'), { perClass: 8, seed: 3, trace: 3 });
    const m = join(root, 'with-valid.json');
    const r = persodata(
      'train',
      '--images',
      join(root, 'train'),
      '--valid-images',
      join(root, 'valid'),
      ...KINDS,
      '--out',
      m,
    );
    expect(r.code, r.stderr).toBe(0);
    const printed = Number(/valid AUC ([\d.]+)/.exec(r.stdout)?.[1]);
    const out = join(root, 'valid.csv');
    expect(
      persodata(
        'predict',
        '--model',
        m,
        '--images',
        join(root, 'valid'),
        '--format',
        'img-name-y-pred',
        '--out',
        out,
        '-q',
      ).code,
    ).toBe(0);
    const fake = new Map(valid.map((v) => [v.name, v.fake]));
    const rows = csvRows(out);
    // label 1 = real; the file holds P(fake)
    const auc = bruteForceAuc(
      rows.map((row) => (fake.get(row[0]) ? 0 : 1)),
      rows.map((row) => 1 - Number(row[1])),
    );
    expect(printed).toBeCloseTo(auc, 5);
    const unlabelled = persodata(
      'train',
      '--images',
      join(root, 'train'),
      '--valid-images',
      join(root, 'test'),
      ...KINDS,
      '--out',
      join(root, 'x.json'),
    );
    expect(unlabelled.code).toBe(2);
    expect(unlabelled.stderr).toContain('the valid pictures need labels to be scored');
  });

  it('a model file from before featurizers (and checksums) loads, with no featurizer, and predicts a feature folder', () => {
    const plain = JSON.parse(readFileSync(join(root, 'plain.json'), 'utf8')) as Record<string, unknown>;
    const { checksum: _, ...older } = plain;
    expect(Object.keys(older)).toEqual(['format', 'kind', 'formatVersion', 'options', 'state', 'features']);
    const path = join(root, 'older.json');
    writeFileSync(path, JSON.stringify(older));
    const loaded = decodePipelineModel(readFileSync(path, 'utf8'), 'older.json');
    expect(loaded.featurizer).toBeUndefined();
    const r = persodata(
      'predict',
      '--model',
      path,
      '--data',
      join(root, 'feat2'),
      '--out',
      join(root, 'older-out'),
      '-q',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(
      readFileSync(join(root, 'older-out', 'perso_test.predict'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(12);
  });

  it('a damaged featurizer inside the model file is refused on load', () => {
    const text = readFileSync(model, 'utf8');
    const { checksum: _, ...raw } = JSON.parse(text) as Record<string, unknown> & {
      featurizer: Record<string, unknown>;
    };
    const broken = JSON.stringify({ ...raw, featurizer: { ...raw.featurizer, grid: 7 } });
    expect(() => decodePipelineModel(broken, 'm.json')).toThrow('m.json "featurizer"');
    const fewer = JSON.stringify({ ...raw, features: (raw.features as string[]).slice(1) });
    expect(() => decodePipelineModel(fewer, 'm.json')).toThrow('its featurizer makes');
    // as many columns, one renamed: the message names it
    const features = [...(raw.features as string[])];
    features[4] = 'spectrum_x';
    expect(() => decodePipelineModel(JSON.stringify({ ...raw, features }), 'm.json')).toThrow(
      'm.json: its featurizer makes 269 columns, but the model was fitted on 269 others (column 5 is "spectrum_4" from the featurizer, "spectrum_x" in the model)',
    );
  });
});
