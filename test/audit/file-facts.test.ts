// The header reader against files whose making is known: JPEGs PIL wrote at
// known qualities and settings (bench/jpeg_quality_fixtures.py), the sample
// PNGs, and damaged copies of both.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileFacts } from '../../src/audit/file-facts.js';
import { estimateJpegQuality } from '../../src/audit/jpeg-quality.js';
import { IMAGES_SAMPLE } from '../helpers/samples.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'jpeg-quality');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  { quality: number; subsampling: string; progressive: boolean; channels: number; exif?: boolean; icc?: boolean }
>;

describe('file facts from headers', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: quality ${want.quality} (within 1), ${want.subsampling}, ${want.progressive ? 'progressive' : 'baseline'}`, async () => {
      const f = await readFileFacts(join(dir, name));
      expect(f.format).toBe('jpeg');
      expect(Math.abs(f.jpeg!.quality - want.quality)).toBeLessThanOrEqual(1);
      expect(f.jpeg!.exactQuality).toBe(true);
      expect(f.jpeg!.subsampling).toBe(want.subsampling);
      expect(f.jpeg!.progressive).toBe(want.progressive);
      expect([f.width, f.height, f.channels, f.bitDepth]).toEqual([24, 16, want.channels, 8]);
      expect([f.exif, f.icc]).toEqual([want.exif ?? false, want.icc ?? false]);
      expect(f.fileBytes).toBe(readFileSync(join(dir, name)).length);
    });
  }

  it('a PNG: size, channels, depth, no metadata', async () => {
    const f = await readFileFacts(join(IMAGES_SAMPLE, 'train_000.png'));
    expect(f).toMatchObject({ format: 'png', width: 128, height: 128, bitDepth: 8, exif: false, icc: false });
    expect(f.jpeg).toBeUndefined();
  });

  it('names what is wrong with a truncated or foreign file', async () => {
    const out = tempDir();
    const jpeg = readFileSync(join(dir, 'q75.jpg'));
    const cut = join(out, 'cut.jpg');
    writeFileSync(cut, jpeg.subarray(0, 100)); // inside the quantisation tables
    await expect(readFileFacts(cut)).rejects.toThrow(/truncated|cut short/);
    const png = readFileSync(join(IMAGES_SAMPLE, 'train_000.png'));
    const cutPng = join(out, 'cut.png');
    writeFileSync(cutPng, png.subarray(0, 40));
    await expect(readFileFacts(cutPng)).rejects.toThrow('the PNG ends before its image data (truncated)');
    const text = join(out, 'notes.jpg');
    writeFileSync(text, 'not a picture at all');
    await expect(readFileFacts(text)).rejects.toThrow('not a picture format persodata reads');
    const empty = join(out, 'empty.png');
    writeFileSync(empty, '');
    await expect(readFileFacts(empty)).rejects.toThrow('the file is empty');
  });

  it('a table that is no quality of libjpeg gets the nearest, marked inexact', () => {
    const flat = new Array<number>(64).fill(3);
    const q = estimateJpegQuality(flat);
    expect(q.exact).toBe(false);
    expect(q.quality).toBeGreaterThan(90);
  });
});
