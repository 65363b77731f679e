// `persodata features` end to end, as a user runs it: the sample PNGs and
// the raw-pixel rows of the same pictures give the same columns; a saved
// featurizer reproduces them on new pictures; `--kinds pca` is `persodata
// pca`; pictures of mixed sizes (test/fixtures/features-numpy) give numpy's
// values; a picture smaller than the grid is refused by name, or skipped.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { persodata } from '../helpers/cli.js';
import { IMAGES_SAMPLE, PIXELS_SAMPLE } from '../helpers/samples.js';
import { rows, splitImages } from '../helpers/sample-folders.js';
import { tempDir } from '../helpers/temp-dir.js';

const NUMPY = join(import.meta.dirname, '..', 'fixtures', 'features-numpy');

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

/** Values written with 7 significant digits. */
function expectClose(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  for (let r = 0; r < a.length; r++) {
    expect(a[r].length).toBe(b[r].length);
    for (let c = 0; c < a[r].length; c++)
      expect(Math.abs(a[r][c] - b[r][c])).toBeLessThanOrEqual(2e-6 * Math.abs(b[r][c]) + 2e-6);
  }
}

/** The numpy fixture pictures (6 sizes, one JPEG) in a class-folder layout, plus `extra` files. */
function mixedSizes(extra: Record<string, Buffer> = {}): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'real'));
  mkdirSync(join(dir, 'fake'));
  const crops = readdirSync(NUMPY).filter((f) => f.startsWith('crop-'));
  crops.forEach((f, i) => copyFileSync(join(NUMPY, f), join(dir, i % 2 ? 'real' : 'fake', f)));
  for (const [name, bytes] of Object.entries(extra)) writeFileSync(join(dir, name), bytes);
  return dir;
}

describe('persodata features end to end', () => {
  it('PNG folders and raw-pixel rows of the same pictures give the same columns; --model reproduces them', () => {
    const { train, valid, test, labels } = splitImages();
    const out = tempDir();
    const saved = join(out, 'featurizer.json');
    const a = persodata(
      'features',
      '--images',
      train,
      '--valid-images',
      valid,
      '--test-images',
      test,
      '--labels',
      labels,
      '--out',
      join(out, 'images'),
      '--components',
      '5',
      '--save',
      saved,
    );
    expect(a.stderr).toContain('files: perso_train.data');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(
      /^features: train 8, valid 3, test 6 pictures -> 592 columns, spectrum \(128 bins\), residual \(grid 16: 459\), pca \(64x64x3 -> 5\), in [\d.]+ s/,
    );
    const names = lines(join(out, 'images', 'perso_feat.name'));
    expect(names.length).toBe(592);
    expect([names[0], names[127], names[128], names[129], names[586], names[587], names[591]]).toEqual([
      'spectrum_0',
      'spectrum_127',
      'residual_r_m-8_n0',
      'residual_r_m-8_n1',
      'residual_b_m8_n8',
      'pc0',
      'pc4',
    ]);
    const b = persodata('features', '--data', PIXELS_SAMPLE, '--out', join(out, 'pixels'), '--components', '5', '-q');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    for (const set of ['train', 'valid', 'test'])
      expectClose(rows(join(out, 'images', `perso_${set}.data`)), rows(join(out, 'pixels', `perso_${set}.data`)));
    expect(lines(join(out, 'images', 'perso_train.solution'))).toEqual(
      lines(join(PIXELS_SAMPLE, 'perso_train.solution')),
    );

    // the saved featurizer applied to the test pictures alone: the same rows as the fitting run gave them
    const c = persodata('features', '--model', saved, '--test-images', test, '--out', join(out, 'applied'), '-q');
    expect(c.code).toBe(0);
    expect(readFileSync(join(out, 'applied', 'perso_test.data'), 'utf8')).toBe(
      readFileSync(join(out, 'images', 'perso_test.data'), 'utf8'),
    );
    expect(lines(join(out, 'applied', 'perso_feat.name'))).toEqual(names);

    // the dataset is one the other commands read
    const cv = persodata('cv', '--data', join(out, 'images'), '--folds', '2', '--json');
    expect(cv.code).toBe(0);
    expect((JSON.parse(cv.stdout) as { folds: unknown[] }).folds.length).toBe(2);
  });

  it('--kinds pca writes what persodata pca writes', () => {
    const { train, valid, test, labels } = splitImages();
    const out = tempDir();
    const common = ['--images', train, '--valid-images', valid, '--test-images', test, '--labels', labels];
    common.push('--components', '6', '-q');
    expect(persodata('pca', ...common, '--out', join(out, 'pca')).code).toBe(0);
    expect(persodata('features', '--kinds', 'pca', ...common, '--out', join(out, 'features')).code).toBe(0);
    for (const file of ['perso_train.data', 'perso_test.data', 'perso_train.ids', 'perso_feat.name'])
      expect(readFileSync(join(out, 'features', file), 'utf8')).toBe(readFileSync(join(out, 'pca', file), 'utf8'));
  });

  it('mixed sizes give numpy values, whatever the thread count; a picture smaller than the grid is refused, or skipped', async () => {
    const tiny = await sharp({ create: { width: 12, height: 40, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const dir = mixedSizes({ 'real/tiny.png': tiny });
    const out = tempDir();
    const refused = persodata('features', '--images', dir, '--kinds', 'spectrum,residual', '--out', join(out, 'a'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('real/tiny.png: 12x40 pixels: smaller than the 17x17 the features need');
    expect(refused.stderr).toContain('--skip-bad');
    expect(existsSync(join(out, 'a'))).toBe(false);

    const run = (threads: string, dest: string) =>
      persodata(
        'features',
        '--images',
        dir,
        '--kinds',
        'residual,spectrum',
        '--skip-bad',
        '--threads',
        threads,
        '--out',
        join(out, dest),
      );
    const one = run('1', 'one');
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('skipped train real/tiny.png: 12x40 pixels');
    const two = run('2', 'two');
    expect(two.code).toBe(0);
    for (const file of ['perso_train.data', 'perso_train.ids', 'perso_train.solution'])
      expect(readFileSync(join(out, 'two', file), 'utf8')).toBe(readFileSync(join(out, 'one', file), 'utf8'));

    // with pca, the PCA pipeline loads the sets: the same picture is refused, or skipped, the same way
    const withPca = ['--images', dir, '--kinds', 'residual,pca', '--components', '3', '--out', join(out, 'pca')];
    const refusedPca = persodata('features', ...withPca);
    expect(refusedPca.code).toBe(2);
    expect(refusedPca.stderr).toContain('real/tiny.png: 12x40 pixels');
    expect(existsSync(join(out, 'pca'))).toBe(false);
    const skippedPca = persodata('features', ...withPca, '--skip-bad');
    expect(skippedPca.code).toBe(0);
    expect(skippedPca.stderr).toContain('skipped train real/tiny.png: 12x40 pixels');
    expect(lines(join(out, 'pca', 'perso_train.ids'))).toEqual(lines(join(out, 'one', 'perso_train.ids')));
    const pcaRows = rows(join(out, 'pca', 'perso_train.data'));
    const residualRows = rows(join(out, 'one', 'perso_train.data')).map((r) => r.slice(0, 459));
    expectClose(
      pcaRows.map((r) => r.slice(0, 459)),
      residualRows,
    );
    expect(pcaRows[0].length).toBe(462);

    const expected = JSON.parse(readFileSync(join(NUMPY, 'expected.json'), 'utf8')) as {
      pictures: Record<string, { spectrum128: number[]; residual16: number[] }>;
    };
    const ids = lines(join(out, 'one', 'perso_train.ids'));
    expect(ids.length).toBe(6);
    const values = rows(join(out, 'one', 'perso_train.data'));
    ids.forEach((id, r) => {
      const want = expected.pictures[id.split('/')[1]];
      // residual first, as --kinds ordered them
      expectClose([values[r]], [[...want.residual16, ...want.spectrum128]]);
    });
  });

  it('refuses what it cannot honour, before any work', () => {
    const { train } = splitImages();
    const out = tempDir();
    const size = persodata('features', '--images', train, '--kinds', 'spectrum', '--size', '32', '--out', out);
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('--size applies to the pca kind');
    const odd = persodata('features', '--images', train, '--grid', '15', '--out', out);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('even integer');
    const kind = persodata('features', '--images', train, '--kinds', 'spectrum,wavelet', '--out', out);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('"wavelet" is not a kind');
    const bad = join(out, 'bad.json');
    writeFileSync(
      bad,
      '{"format": "persodata-featurizer", "formatVersion": 1, "kinds": ["pca"], "spectrumBins": 128, "grid": 16}',
    );
    const model = persodata('features', '--model', bad, '--test-images', train, '--out', join(out, 'x'));
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('bad.json: "pca" must be present exactly when "kinds" holds pca');
    expect(readdirSync(out)).toEqual(['bad.json']);
  });

  it('--help says that no pixel is resampled', () => {
    const help = persodata('features', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain("computed at each picture's own size (no pixel is resampled");
  });
});
