// Decoding: the real PNGs equal the raw-pixel rows of the same pictures;
// JPEG, greyscale, alpha, 16-bit and palette PNGs, WebP (through sharp);
// and files that are not images fail with the decoder's message.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageInto, decodeRgb } from '../../src/images/decode-image.js';
import { readPixelRows } from '../../src/images/pixel-rows.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ROOT } from '../helpers/cli.js';
import { IMAGES_SAMPLE, PIXELS_SAMPLE } from '../helpers/samples.js';

describe('decodeRgb', () => {
  it('the sample PNGs hold exactly the raw-pixel rows of the same pictures', async () => {
    const rows: Uint8Array[] = [];
    readPixelRows(join(PIXELS_SAMPLE, 'perso_valid.data'), 49152, [0, 1, 2], (_i, px) => rows.push(px.slice()));
    for (let i = 0; i < 3; i++) {
      const img = await decodeRgb(readFileSync(join(IMAGES_SAMPLE, `valid_00${i}.png`)));
      expect([img.width, img.height]).toEqual([128, 128]);
      expect(Buffer.from(img.data).equals(Buffer.from(rows[i]))).toBe(true);
    }
  });

  it('decodes JPEG close to what was encoded', async () => {
    const w = 16,
      h = 8;
    const rgba = new Uint8Array(w * h * 4);
    for (let p = 0; p < w * h; p++) rgba.set([p * 2, 100, 255 - p, 255], p * 4);
    const file = jpeg.encode({ width: w, height: h, data: rgba }, 100).data;
    const img = await decodeRgb(file);
    expect([img.width, img.height, img.data.length]).toEqual([w, h, w * h * 3]);
    let err = 0;
    for (let p = 0; p < w * h; p++)
      for (let c = 0; c < 3; c++) err = Math.max(err, Math.abs(img.data[p * 3 + c] - rgba[p * 4 + c]));
    expect(err).toBeLessThan(12);
  });

  it('expands greyscale, drops alpha, keeps the high byte of 16-bit samples, expands palettes', async () => {
    const grey = await decodeRgb(
      encodePng({ width: 2, height: 1, data: new Uint8Array([10, 200]), channels: 1, depth: 8 }),
    );
    expect(Array.from(grey.data)).toEqual([10, 10, 10, 200, 200, 200]);
    const rgba = await decodeRgb(
      encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 0]), channels: 4, depth: 8 }),
    );
    expect(Array.from(rgba.data)).toEqual([1, 2, 3]);
    const deep = await decodeRgb(
      encodePng({ width: 1, height: 1, data: new Uint16Array([0x1234, 0xff00, 0x00ff]), channels: 3, depth: 16 }),
    );
    expect(Array.from(deep.data)).toEqual([0x12, 0xff, 0x00]);
    const palette = await decodeRgb(
      encodePng({
        width: 2,
        height: 1,
        data: new Uint8Array([1, 0]),
        channels: 1,
        depth: 8,
        palette: [
          [9, 8, 7],
          [1, 2, 3],
        ],
      }),
    );
    expect(Array.from(palette.data)).toEqual([1, 2, 3, 9, 8, 7]);
  });

  it('decodes every PNG colour type and bit depth as PIL does (1-, 2- and 4-bit grey and palettes, 16-bit, alpha)', async () => {
    // test/fixtures/png-kinds/make.py wrote the files and PIL's RGB of each (16-bit: the high byte of its samples)
    const dir = join(ROOT, 'test/fixtures/png-kinds');
    const pil = JSON.parse(readFileSync(join(dir, 'pil-rgb.json'), 'utf8')) as Record<string, { rgb: string }>;
    expect(Object.keys(pil)).toHaveLength(14);
    for (const [name, { rgb }] of Object.entries(pil)) {
      const img = await decodeRgb(readFileSync(join(dir, `${name}.png`)));
      expect([name, img.width, img.height]).toEqual([name, 16, 16]);
      const want = Buffer.from(rgb, 'base64');
      const differ = img.data.reduce((n, v, i) => n + (v !== want[i] ? 1 : 0), 0);
      expect(`${name}: ${differ} bytes differ`).toBe(`${name}: 0 bytes differ`);
    }
  });

  it('reads WebP through sharp', async () => {
    const raw = Buffer.from(Array.from({ length: 4 * 4 * 3 }, (_, i) => (i * 13) & 255));
    const webp = await sharp(raw, { raw: { width: 4, height: 4, channels: 3 } })
      .webp({ lossless: true })
      .toBuffer();
    const img = await decodeRgb(webp);
    expect(Buffer.from(img.data).equals(raw)).toBe(true);
  });

  it('fails on files that are not images, and on truncated ones', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.jpg'), 'these are my notes');
    await expect(decodeImageInto(join(dir, 'notes.jpg'), 8, new Uint8Array(192))).rejects.toThrow(
      /unsupported image format|Input buffer/i,
    );
    const png = readFileSync(join(IMAGES_SAMPLE, 'train_000.png'));
    writeFileSync(join(dir, 'cut.png'), png.subarray(0, png.length >> 1));
    await expect(decodeImageInto(join(dir, 'cut.png'), 8, new Uint8Array(192))).rejects.toThrow();
  });
});
