// Processing (--augment, --test-transform): the flag's syntax, the seeded
// draw, and the pixels: a crop alone is the exact block of the picture, a
// resize gives the asked size, a JPEG step equals sharp's own encoding of
// the same pixels, and the vip preset gives 200x200.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  drawProcessing,
  parseProcessing,
  processingSeed,
  processPicture,
  PROCESSING_PRESETS,
} from '../../src/images/processing.js';
import { Rng } from '../../src/util/rng.js';

function noise(width: number, height: number, seed = 1) {
  const rng = new Rng(seed, 3);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(256 * rng.next());
  return { width, height, data };
}

describe('--augment and --test-transform steps', () => {
  it('reads presets and steps, and refuses what is not one', () => {
    expect(parseProcessing('vip', '--augment')).toEqual({ crop: [0.5, 1], size: [200, 200], quality: [65, 100] });
    expect(parseProcessing('crop=0.6-0.9, quality=70, blur=0-1.5', '--augment')).toEqual({
      crop: [0.6, 0.9],
      quality: [70, 70],
      blur: [0, 1.5],
    });
    expect(() => parseProcessing('jpeg=70', '--augment')).toThrow('--augment "jpeg=70": no step "jpeg"');
    expect(() => parseProcessing('quality=70.5', '--augment')).toThrow('quality 70.5 is out of range');
    expect(() => parseProcessing('crop=0.9-0.5', '--test-transform')).toThrow('crop 0.9-0.5 runs backwards');
    expect(() => parseProcessing('size=200,scale=0.5', '--augment')).toThrow('give size or scale, not both');
    expect(() => parseProcessing('crop=0.5,crop=0.6', '--augment')).toThrow('"crop" is given twice');
    expect(() => parseProcessing('vipp', '--augment')).toThrow('"vipp" is not a step');
  });

  it('draws within the ranges, the same for the same seed, and differently per copy', () => {
    const p = PROCESSING_PRESETS.vip;
    const qualities = new Set<number>();
    for (let copy = 0; copy < 200; copy++) {
      const d = drawProcessing(p, processingSeed(0, 'fake/1.jpg', copy));
      expect(d.crop!.side).toBeGreaterThanOrEqual(0.5);
      expect(d.crop!.side).toBeLessThanOrEqual(1);
      expect(d.size).toBe(200);
      expect(Number.isInteger(d.quality)).toBe(true);
      expect(d.quality).toBeGreaterThanOrEqual(65);
      expect(d.quality).toBeLessThanOrEqual(100);
      qualities.add(d.quality!);
    }
    // 36 qualities, 200 draws: nearly every one comes up
    expect(qualities.size).toBeGreaterThan(30);
    expect(drawProcessing(p, processingSeed(3, 'a.png', 1))).toEqual(drawProcessing(p, processingSeed(3, 'a.png', 1)));
    expect(processingSeed(3, 'a.png', 1)).not.toBe(processingSeed(3, 'b.png', 1));
    expect(processingSeed(3, 'a.png', 1)).not.toBe(processingSeed(4, 'a.png', 1));
  });
});

describe('processing pixels', () => {
  it('a crop alone is the exact square block of the picture at the drawn place', async () => {
    const img = noise(40, 30);
    const draw = { crop: { side: 0.5, left: 0.4, top: 0.9 } };
    const out = await processPicture(img, draw);
    // side round(0.5 * 30) = 15; left floor(0.4 * 26) = 10; top floor(0.9 * 16) = 14
    expect([out.width, out.height]).toEqual([15, 15]);
    for (let y = 0; y < 15; y++)
      for (let x = 0; x < 15; x++)
        for (let c = 0; c < 3; c++)
          expect(out.data[(y * 15 + x) * 3 + c]).toBe(img.data[((14 + y) * 40 + 10 + x) * 3 + c]);
  });

  it('resizes to the size or scale asked, and a JPEG step is sharp encoding those pixels at that quality', async () => {
    const img = noise(64, 48);
    expect(await processPicture(img, { size: 20 }).then((o) => [o.width, o.height])).toEqual([20, 20]);
    expect(await processPicture(img, { scale: 0.5 }).then((o) => [o.width, o.height])).toEqual([32, 24]);
    const out = await processPicture(img, { quality: 70 });
    const jpeg = await sharp(img.data, { raw: { width: 64, height: 48, channels: 3 } })
      .jpeg({ quality: 70, chromaSubsampling: '4:2:0' })
      .toBuffer();
    const ref = await sharp(jpeg).raw().toBuffer();
    expect(Buffer.from(out.data).equals(ref)).toBe(true);
    // and the encoding changed the pixels
    expect(Buffer.from(out.data).equals(Buffer.from(img.data))).toBe(false);
  });

  it('the vip preset gives 200x200 pictures from any size', async () => {
    for (const [w, h] of [
      [300, 260],
      [120, 150],
    ]) {
      const out = await processPicture(noise(w, h), drawProcessing(PROCESSING_PRESETS.vip, processingSeed(0, 'x', 0)));
      expect([out.width, out.height]).toEqual([200, 200]);
    }
  });
});
