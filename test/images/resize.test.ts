// The triangle-filter resize against PIL's BILINEAR resize of the real
// sample PNGs (fixture written once by scikit-learn's anchor environment,
// PIL 9.4): PIL rounds to 8 bits between its two passes and this resize
// does not, so values may differ by 1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from '../../src/images/decode-image.js';
import { resizeRgbInto } from '../../src/images/resize.js';
import { IMAGES_SAMPLE } from '../helpers/samples.js';

const SAMPLE = IMAGES_SAMPLE;
const PIL = JSON.parse(readFileSync(new URL('../fixtures/pil-bilinear.json', import.meta.url), 'utf8')) as {
  down: Record<string, number[]>;
  up: { name: string; crop: [number, number, number, number]; pixels: number[] };
};

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('resizeRgbInto', () => {
  it('shrinks 128x128 to 16x16 as PIL BILINEAR does (within 1)', async () => {
    for (const [name, expected] of Object.entries(PIL.down)) {
      const img = await decodeRgb(readFileSync(join(SAMPLE, name)));
      const out = new Uint8Array(16 * 16 * 3);
      resizeRgbInto(img.data, img.width, img.height, 16, out);
      expect(maxDiff(out, expected)).toBeLessThanOrEqual(1);
    }
  });

  it('enlarges a 20x12 crop to 32x32 as PIL BILINEAR does (within 1)', async () => {
    const img = await decodeRgb(readFileSync(join(SAMPLE, PIL.up.name)));
    const [x0, y0, x1, y1] = PIL.up.crop;
    const w = x1 - x0,
      h = y1 - y0;
    const crop = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++)
      crop.set(img.data.subarray(((y0 + y) * img.width + x0) * 3, ((y0 + y) * img.width + x1) * 3), y * w * 3);
    const out = new Uint8Array(32 * 32 * 3);
    resizeRgbInto(crop, w, h, 32, out);
    expect(maxDiff(out, PIL.up.pixels)).toBeLessThanOrEqual(1);
  });

  it('halving averages with weights 1/8, 3/8, 3/8, 1/8 (edges renormalised); same size is the identity', () => {
    const row = [0, 80, 160, 240]; // a 4x1 grey ramp, as 4x4 with equal rows
    const src = new Uint8Array(4 * 4 * 3);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) src.fill(row[x], (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    const out = new Uint8Array(2 * 2 * 3);
    resizeRgbInto(src, 4, 4, 2, out);
    // x = 0: taps -1..2 clipped to 0..2 with weights 3/8, 3/8, 1/8 -> (0*3 + 80*3 + 160) / 7
    expect(out[0]).toBe(Math.round((80 * 3 + 160) / 7));
    // x = 1: taps 1..3 (4 is outside) with 1/8, 3/8, 3/8 -> (80 + 160*3 + 240*3) / 7
    expect(out[3]).toBe(Math.round((80 + 160 * 3 + 240 * 3) / 7));
    const same = new Uint8Array(src.length);
    resizeRgbInto(src, 4, 4, 4, same);
    expect(Array.from(same)).toEqual(Array.from(src));
  });
});
