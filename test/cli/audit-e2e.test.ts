// `persodata audit` end to end on small generated sets whose classes differ
// only in their files (PNG against JPEG; dimensions; JPEG quality), and on one
// whose classes do not: the warning fires exactly when they differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { persodata } from '../helpers/cli.js';
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
