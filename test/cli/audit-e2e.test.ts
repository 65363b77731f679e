// `persodata audit` end to end on small generated sets whose classes differ
// only in their files (PNG against JPEG; dimensions; JPEG quality), and on one
// whose classes do not: the warning fires exactly when they differ.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { spawnSync } from 'node:child_process';
import { persodata, ROOT } from '../helpers/cli.js';
import { PIXELS_SAMPLE } from '../helpers/samples.js';
import { tempDir } from '../helpers/temp-dir.js';

/** 2n noise pictures (seeded), each class encoded by its own `encode`. */
async function makeSet(
  n: number,
  real: (img: sharp.Sharp) => sharp.Sharp,
  fake: (img: sharp.Sharp) => sharp.Sharp,
  size: { real: number; fake: number } = { real: 32, fake: 32 },
): Promise<string> {
  const dir = tempDir();
  const rng = new Rng(n, 9);
  for (const [cls, encode] of [
    ['real', real],
    ['fake', fake],
  ] as const) {
    mkdirSync(join(dir, cls));
    for (let i = 0; i < n; i++) {
      const side = size[cls];
      // smooth noise: a few random levels, so that the encoders' sizes vary from picture to picture
      const raw = Buffer.from(Array.from({ length: side * side * 3 }, () => Math.floor(rng.next() * 64) * 4));
      const img = encode(sharp(raw, { raw: { width: side, height: side, channels: 3 } }));
      const ext = (await img.clone().metadata()).format === 'png' ? 'png' : 'jpg';
      writeFileSync(join(dir, cls, `${i}.${ext}`), await img.toBuffer());
    }
  }
  return dir;
}

const asJpeg = (q: number) => (img: sharp.Sharp) => img.jpeg({ quality: q, chromaSubsampling: '4:2:0' });
const asPng = (img: sharp.Sharp) => img.png();

describe('persodata audit end to end', () => {
  it('PNG against JPEG: warns, names both, --strict exits 3', async () => {
    const dir = await makeSet(12, asJpeg(90), asPng);
    const r = persodata('audit', '--images', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('format                         JPEG 100%');
    expect(r.stderr).toMatch(
      /warning: real: JPEG q90, fake: PNG; file metadata alone separates the classes, cv AUC 1\.00/,
    );
    const strict = persodata('audit', '--images', dir, '--strict');
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('file metadata alone separates the classes');
    expect(strict.stderr).not.toContain('error');
  });

  it('differing dimensions: warns with the dimensions', async () => {
    const dir = await makeSet(12, asPng, asPng, { real: 40, fake: 32 });
    const r = persodata('audit', '--images', dir, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      warning?: string;
      model: { meanAuc: number };
      features: Array<{ name: string }>;
    };
    expect(json.warning).toContain('real: PNG 40x40, fake: PNG 32x32');
    expect(json.model.meanAuc).toBeGreaterThan(0.95);
    expect(['width', 'height', 'file size']).toContain(json.features[0].name);
  });

  it('one format for both, yet separable by file size: says so, naming no difference that is not there', async () => {
    const dir = await makeSet(12, asPng, (img) => img.png({ compressionLevel: 0 }));
    const r = persodata('audit', '--images', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: both classes PNG, yet file metadata alone separates the classes, cv AUC 1\.00/);
  });

  it('one encoding for both classes: no warning', async () => {
    const dir = await makeSet(12, asJpeg(75), asJpeg(75));
    const r = persodata('audit', '--images', dir, '--json', '--strict');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      warning?: string;
      real: { jpegQualities: unknown };
      model: { meanAuc: number };
    };
    expect(json.warning).toBeUndefined();
    expect(json.real.jpegQualities).toEqual([[75, 12]]);
    expect(json.model.meanAuc).toBeLessThan(0.65);
  });

  it('an unreadable file is named, or skipped and listed', async () => {
    const dir = await makeSet(6, asPng, asPng);
    writeFileSync(join(dir, 'fake', 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const r = persodata('audit', '--images', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fake/broken.png: no PNG header chunk (truncated)');
    const skipped = persodata('audit', '--images', dir, '--skip-bad');
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('skipped fake/broken.png: no PNG header chunk (truncated)');
    expect(skipped.stdout).toContain('audit: 12 pictures');
  });
});

describe('the header check in pca and features, and --reencode-jpeg', () => {
  it('features warns about a PNG/JPEG split, writes the audit, and cv --report shows it; --reencode-jpeg turns the warning into a note', async () => {
    const dir = await makeSet(12, asJpeg(90), asPng);
    const out = tempDir();
    const r = persodata(
      'features',
      '--images',
      dir,
      '--kinds',
      'spectrum',
      '--components',
      '3',
      '--out',
      join(out, 'f'),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: real: JPEG q90, fake: PNG; file metadata alone separates the classes');
    expect(r.stderr).toContain("a model can learn the files' encoding instead of the pictures");
    const audit = JSON.parse(readFileSync(join(out, 'f', 'perso_audit.json'), 'utf8')) as { warning: string };
    expect(audit.warning).toContain('real: JPEG q90, fake: PNG');
    const cv = persodata(
      'cv',
      '--data',
      join(out, 'f'),
      '--folds',
      '2',
      '--metric',
      'auc',
      'accuracy',
      '--report',
      join(out, 'cv.html'),
      '-q',
    );
    expect(cv.code).toBe(0);
    const page = readFileSync(join(out, 'cv.html'), 'utf8');
    expect(page).toContain('<h2>Picture files</h2>');
    expect(page).toContain('<td class="l">PNG 100%</td>');
    expect(page).toContain('<table id="metrics"><tr><th>fold</th><th>accuracy</th></tr>');

    const pca = persodata(
      'pca',
      '--images',
      dir,
      '--components',
      '3',
      '--reencode-jpeg',
      '80',
      '--out',
      join(out, 'p'),
    );
    expect(pca.code).toBe(0);
    expect(pca.stderr).not.toContain('warning:');
    expect(pca.stderr).toContain('every picture is encoded as JPEG q80 first (--reencode-jpeg)');
  });

  it('--reencode-jpeg 75 sees what PIL saved at quality 75, is kept in --save, and a saved one is not contradicted', () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'jpeg-quality');
    const [original, again] = [tempDir(), tempDir()];
    copyFileSync(join(fixtures, 'q100.jpg'), join(original, 'a.jpg'));
    copyFileSync(join(fixtures, 'reencoded', 'q100-then-q75.jpg'), join(again, 'a.jpg'));
    const out = tempDir();
    const saved = join(out, 'featurizer.json');
    const common = ['--kinds', 'spectrum', '-q'];
    expect(
      persodata(
        'features',
        '--images',
        original,
        '--reencode-jpeg',
        '75',
        '--save',
        saved,
        '--out',
        join(out, 'r'),
        ...common,
      ).code,
    ).toBe(0);
    expect(persodata('features', '--images', again, '--out', join(out, 'pil'), ...common).code).toBe(0);
    expect(persodata('features', '--images', original, '--out', join(out, 'plain'), ...common).code).toBe(0);
    const data = (d: string) => readFileSync(join(out, d, 'perso_train.data'), 'utf8');
    expect(data('r')).toBe(data('pil'));
    expect(data('r')).not.toBe(data('plain'));
    expect((JSON.parse(readFileSync(saved, 'utf8')) as { reencodeJpeg: number }).reencodeJpeg).toBe(75);

    // the saved featurizer re-encodes new pictures itself; another quality is refused
    const applied = persodata('features', '--model', saved, '--test-images', original, '--out', join(out, 'm'), '-q');
    expect(applied.code).toBe(0);
    expect(readFileSync(join(out, 'm', 'perso_test.data'), 'utf8')).toBe(data('r'));
    const other = persodata(
      'features',
      '--model',
      saved,
      '--test-images',
      original,
      '--reencode-jpeg',
      '90',
      '--out',
      join(out, 'x'),
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`--reencode-jpeg 90, but ${saved} was made with --reencode-jpeg 75`);
    const rows = persodata('pca', '--data', PIXELS_SAMPLE, '--reencode-jpeg', '75', '--out', join(out, 'y'));
    expect(rows.code).toBe(2);
    expect(rows.stderr).toContain('--reencode-jpeg applies to picture files');
  });

  it('cv, train and the cv report lead with the shortcut warning; predict on pictures names an encoding unlike the training set', async () => {
    // real saved at q75, fake at q100: the encoding alone tells them apart
    const dir = await makeSet(15, asJpeg(75), asJpeg(100));
    const out = tempDir();
    const feats = join(out, 'f');
    expect(persodata('features', '--images', dir, '--kinds', 'spectrum', '--out', feats, '-q').code).toBe(0);
    const expected = 'perso_train.data: the training pictures behind it: real: JPEG q75, fake: JPEG q100';
    const cv = persodata('cv', '--data', feats, '--folds', '3', '--report', join(out, 'cv.html'), '-q');
    expect(cv.code, cv.stderr).toBe(0);
    expect(cv.stderr).toContain(`warning: ${join(feats, expected)}`);
    const page = readFileSync(join(out, 'cv.html'), 'utf8');
    const banner = page.indexOf('<p class="warning" id="shortcut"><strong>Warning: these scores may measure how');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(page.indexOf('<h2>ROC curves</h2>'));
    const train = persodata('train', '--data', feats, '--out', join(out, 'plain.json'), '-q');
    expect(train.code, train.stderr).toBe(0);
    expect(train.stderr).toContain(`warning: ${join(feats, expected)}`);
    // from pictures: the warning before the first fold line (both streams in one, in the order written)
    const both = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${join(ROOT, 'bin/persodata.js')}" cv --images "${dir}" --kinds spectrum --folds 3 2>&1`,
      ],
      { encoding: 'utf8' },
    ).stdout;
    expect(both.indexOf('warning: real: JPEG q75, fake: JPEG q100')).toBeGreaterThanOrEqual(0);
    expect(both.indexOf('warning: real: JPEG q75, fake: JPEG q100')).toBeLessThan(both.indexOf('fold 1  AUC'));
    // re-encoded features: a note, no warning, no banner
    const re = join(out, 'r');
    expect(
      persodata('features', '--images', dir, '--kinds', 'spectrum', '--reencode-jpeg', '90', '--out', re, '-q').code,
    ).toBe(0);
    const cvRe = persodata('cv', '--data', re, '--folds', '3', '--report', join(out, 're.html'));
    expect(cvRe.code, cvRe.stderr).toBe(0);
    expect(cvRe.stderr).not.toContain('warning:');
    expect(cvRe.stderr).toContain('every picture is encoded as JPEG q90 first');
    expect(readFileSync(join(out, 're.html'), 'utf8')).not.toContain('id="shortcut"');

    // predict: the model keeps how its training pictures were saved
    const model = join(out, 'model.json');
    expect(persodata('train', '--images', dir, '--kinds', 'spectrum', '--out', model, '-q').code).toBe(0);
    const predictOn = (folder: string) =>
      persodata(
        'predict',
        '--model',
        model,
        '--images',
        folder,
        '--format',
        'logit',
        '--out',
        join(out, `${Math.random()}.csv`),
      );
    // the same mix as training: nothing to say
    const same = predictOn(dir);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).not.toContain('warning:');
    // fakes re-saved at q75, as only the reals were
    const fakes75 = await makeSet(6, asJpeg(75), asJpeg(75), { real: 32, fake: 32 });
    const like = predictOn(join(fakes75, 'fake'));
    expect(like.code, like.stderr).toBe(0);
    expect(like.stderr).toContain(
      "warning: the 6 pictures to score were saved unlike the model's 30 training pictures: JPEG quality q75, as the training's real pictures only (real q75, fake q100): a model that learnt the quality calls them all real",
    );
    // another format and size
    const png = await makeSet(6, asPng, asPng, { real: 48, fake: 48 });
    const other = predictOn(join(png, 'real'));
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).toContain('format PNG (100% of them; training: JPEG 100%)');
    expect(other.stderr).toContain('size 48x48 (100% of them; training: mostly 32x32)');
  });
});
