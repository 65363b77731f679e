// `persodata pca` end to end, as a user runs it, on the real samples in
// test/fixtures: the PNG files and the raw-pixel rows of the same 30
// pictures must give the same features; the output must be a dataset that
// train and cv read; bad input exits 2 and writes nothing.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { persodata } from '../helpers/cli.js';
import { rows, splitImages } from '../helpers/sample-folders.js';
import { tempDir } from '../helpers/temp-dir.js';
import { IMAGES_SAMPLE, PIXELS_SAMPLE } from '../helpers/samples.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const IMAGES = IMAGES_SAMPLE;
const PIXELS = PIXELS_SAMPLE;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
});

describe('persodata pca end to end', () => {
  it('PNG folders and raw-pixel rows of the same pictures give the same features; train, cv and --model read and reuse them', () => {
    const { train, valid, test, labels } = splitImages();
    const out = tempDir();
    const fromImages = join(out, 'images');
    const fromPixels = join(out, 'pixels');
    const saved = join(out, 'pca.json');
    const a = persodata(
      'pca',
      '--images',
      train,
      '--valid-images',
      valid,
      '--test-images',
      test,
      '--labels',
      labels,
      '--out',
      fromImages,
      '--components',
      '7',
      '--save',
      saved,
    );
    expect(a.stderr).toContain('explained variance ratio of the first components');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(
      /^pca: train 8, valid 3, test 6 pictures at 64x64x3 -> 7 components in [\d.]+ s; fitted on 8 rows, explained variance \d+\.\d\d%/,
    );
    const b = persodata('pca', '--data', PIXELS, '--out', fromPixels, '--components', '7', '--quiet');
    expect(b.code).toBe(0);
    expect(b.stderr).toBe('');
    for (const set of ['train', 'valid', 'test']) {
      const x = rows(join(fromImages, `perso_${set}.data`));
      const y = rows(join(fromPixels, `perso_${set}.data`));
      expect(x.length).toBe(y.length);
      // identical pixels, seed and code: the same values to the 7 digits written
      for (let r = 0; r < x.length; r++)
        for (let c = 0; c < 7; c++)
          expect(Math.abs(x[r][c] - y[r][c])).toBeLessThanOrEqual(1e-6 * Math.abs(y[r][c]) + 1e-6);
      expect(readFileSync(join(fromImages, `perso_${set}.solution`), 'utf8')).toBe(
        readFileSync(join(PIXELS, `perso_${set}.solution`), 'utf8').trim() + '\n',
      );
    }
    expect(readFileSync(join(fromImages, 'perso_valid.ids'), 'utf8')).toBe(
      'valid_000.png\nvalid_001.png\nvalid_002.png\n',
    );
    expect(readFileSync(join(fromPixels, 'perso_valid.ids'), 'utf8')).toBe('1\n2\n3\n');
    expect(readFileSync(join(fromImages, 'perso_feat.name'), 'utf8').split('\n').slice(0, 3)).toEqual([
      'pc0',
      'pc1',
      'pc2',
    ]);

    const cv = persodata('cv', '--data', fromImages, '--folds', '2', '--quiet');
    expect(cv.code).toBe(0);
    expect(cv.stdout).toMatch(/^mean AUC \d\.\d{5}/m);
    const trained = persodata('train', '--data', fromImages, '--out', join(out, 'model.json'), '--quiet');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/fitted on 8 rows x 7 features/);

    const again = join(out, 'again');
    const c = persodata('pca', '--model', saved, '--images', train, '--test-images', test, '--out', again, '--quiet');
    expect(c.code).toBe(0);
    // test rows are projected the same way both times: the same text
    expect(readFileSync(join(again, 'perso_test.data'), 'utf8')).toBe(
      readFileSync(join(fromImages, 'perso_test.data'), 'utf8'),
    );
    // the fit's own scores come from its products (W E), the projection through the quantized
    // components: equal to about 1e-5 of the largest score
    const fitted = rows(join(fromImages, 'perso_train.data'));
    const projected = rows(join(again, 'perso_train.data'));
    const scale = Math.max(...fitted.flat().map(Math.abs));
    fitted.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - projected[r][c])).toBeLessThan(1e-4 * scale)));
  });

  it('class folders give labels (real/ and fake/, or --positive), and caps --components with a warning', () => {
    const root = tempDir();
    const labels = readFileSync(join(IMAGES, 'labels.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    for (const [name, label] of labels) {
      const dir = join(root, label === '1' ? 'real' : 'fake');
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(IMAGES, name), join(dir, name));
    }
    const out = tempDir();
    const r = persodata('pca', '--images', root, '--out', out, '--components', '20');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: --components 20 capped at 16');
    // pictures beside real/ and fake/ make an unlabelled test set
    mkdirSync(join(root, 'unsorted'));
    for (const name of ['train_000.png', 'valid_001.png'])
      copyFileSync(join(IMAGES, name), join(root, 'unsorted', name));
    const withTest = persodata('pca', '--images', root, '--out', join(out, 'with-test'), '--components', '4');
    expect(withTest.code).toBe(0);
    expect(withTest.stderr).toContain('2 picture(s) outside real/ and fake/ make the test set (no labels)');
    expect(withTest.stdout).toMatch(/^pca: train 17, test 2 pictures/);
    expect(readFileSync(join(out, 'with-test', 'perso_test.ids'), 'utf8')).toBe(
      'unsorted/train_000.png\nunsorted/valid_001.png\n',
    );
    expect(existsSync(join(out, 'with-test', 'perso_test.solution'))).toBe(false);
    rmSync(join(root, 'unsorted'), { recursive: true });
    const ids = readFileSync(join(out, 'perso_train.ids'), 'utf8').trim().split('\n');
    const sol = readFileSync(join(out, 'perso_train.solution'), 'utf8').trim().split('\n');
    ids.forEach((id, i) => expect(sol[i]).toBe(id.startsWith('real/') ? '1' : '0'));
    // a seeded sample of 12 pictures fits the PCA; all 17 are projected
    const sampled = persodata(
      'pca',
      '--images',
      root,
      '--out',
      join(out, 'sampled'),
      '--components',
      '5',
      '--fit-rows',
      '12',
    );
    expect(sampled.code).toBe(0);
    expect(sampled.stdout).toMatch(/train 17 pictures .* fitted on 12 rows/);
    expect(
      readFileSync(join(out, 'sampled', 'perso_train.data'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(17);
    const flipped = persodata(
      'pca',
      '--images',
      root,
      '--positive',
      'fake',
      '--out',
      join(out, 'flipped'),
      '--components',
      '3',
      '--quiet',
    );
    expect(flipped.code).toBe(0);
    const sol2 = readFileSync(join(out, 'flipped', 'perso_train.solution'), 'utf8')
      .trim()
      .split('\n');
    sol2.forEach((s, i) => expect(s).toBe(sol[i] === '1' ? '0' : '1'));
  });

  it('a file that is not an image stops the run naming it; --skip-bad leaves it out and lists it', () => {
    const { train } = splitImages();
    writeFileSync(join(train, 'broken.png'), 'not a png at all');
    const out = join(tempDir(), 'out');
    const r = persodata('pca', '--images', train, '--out', out, '--components', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /1 file\(s\) could not be read as images \(--skip-bad leaves them out\):\n {2}broken\.png: /,
    );
    expect(existsSync(out)).toBe(false);
    const s = persodata('pca', '--images', train, '--out', out, '--components', '3', '--skip-bad');
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/warning: skipped train broken\.png: /);
    expect(readFileSync(join(out, 'perso_train.ids'), 'utf8').trim().split('\n')).toHaveLength(8);
  });

  it('bad input exits 2 with a clear message and writes nothing', () => {
    const { train } = splitImages();
    const work = tempDir();
    const out = join(work, 'out');
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const cases: Array<[string[], RegExp]> = [
      [['--images', empty], /empty: no pictures \(JPEG, PNG, WebP, GIF, TIFF, AVIF\) in this folder/],
      [['--images', train, '--components', '0'], /--components <n>.*expected an integer >= 1/],
      [
        ['--images', train, '--labels', join(IMAGES, 'labels.csv')],
        /labels\.csv: 9 labelled name\(s\) match no image file, e\.g\. valid_000\.png/,
      ],
    ];
    const partial = join(work, 'partial.csv');
    writeFileSync(partial, 'name,label\ntrain_000.png,1\n');
    cases.push([
      ['--images', train, '--labels', partial],
      /partial\.csv: no label for 7 image\(s\) of .*train, e\.g\. train_001\.png/,
    ]);
    const pixels = join(work, 'pixels');
    mkdirSync(pixels);
    for (const f of readdirSync(PIXELS)) copyFileSync(join(PIXELS, f), join(pixels, f));
    const lines = readFileSync(join(PIXELS, 'perso_train.data'), 'utf8').split('\n');
    lines[4] = lines[4].split(' ').slice(0, 100).join(' ');
    writeFileSync(join(pixels, 'perso_train.data'), lines.join('\n'));
    cases.push([['--data', pixels], /perso_train\.data line 5: expected 49152 pixel values, got 100/]);
    for (const [args, message] of cases) {
      const r = persodata('pca', ...args, '--out', out);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    }
    const saved = join(work, 'pca.json');
    expect(
      persodata(
        'pca',
        '--images',
        train,
        '--out',
        join(work, 'fit'),
        '--size',
        '16',
        '--components',
        '3',
        '--save',
        saved,
        '--quiet',
      ).code,
    ).toBe(0);
    const mismatch = persodata('pca', '--model', saved, '--images', train, '--size', '32', '--out', out);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('--size 32, but');
    expect(mismatch.stderr).toContain('was fitted on 16x16 pictures');
    const again = persodata(
      'pca',
      '--images',
      train,
      '--out',
      join(work, 'fit'),
      '--size',
      '16',
      '--components',
      '3',
      '--quiet',
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/perso_train\.data already exists; pass --force to overwrite it/);
  });
});
