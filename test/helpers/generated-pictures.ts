// Pictures the tests make for themselves: noise around mid-grey, where every
// "fake" carries a faint period-2 grid (every other pixel of every other row
// brighter: the checkerboard trace a generator's 2x up-sampling leaves), so
// the frequency features can tell the classes apart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { Rng } from '../../src/util/rng.js';

export interface GeneratedPicture {
  /** Path relative to the folder the pictures were written in. */
  readonly name: string;
  readonly fake: boolean;
}

export interface PictureOptions {
  readonly perClass: number;
  readonly size?: number;
  readonly format?: 'png' | 'jpeg';
  /** class folders real/ and fake/, or every picture in the folder itself (names say nothing of the class) */
  readonly layout?: 'class-folders' | 'flat';
  readonly seed?: number;
  /** How much brighter a fake's grid pixels are (default 8; noise spans 60). */
  readonly trace?: number;
}

/** Writes the pictures under `dir`; real and fake alternate, so a flat folder mixes them. */
export async function writePictures(dir: string, opts: PictureOptions): Promise<GeneratedPicture[]> {
  const size = opts.size ?? 32;
  const format = opts.format ?? 'png';
  const rng = new Rng(opts.seed ?? 4, 2);
  const trace = opts.trace ?? 8;
  const written: GeneratedPicture[] = [];
  for (let i = 0; i < opts.perClass; i++) {
    for (const fake of [false, true]) {
      const raw = Buffer.alloc(size * size * 3);
      for (let p = 0; p < raw.length; p++) {
        const x = Math.floor(p / 3) % size;
        const y = Math.floor(p / 3 / size);
        raw[p] = Math.min(255, Math.floor(100 + 60 * rng.next() + (fake && x % 2 && y % 2 ? trace : 0)));
      }
      const file = `${String(written.length).padStart(4, '0')}.${format === 'png' ? 'png' : 'jpg'}`;
      const name = opts.layout === 'flat' ? file : `${fake ? 'fake' : 'real'}/${file}`;
      const encoder = sharp(raw, { raw: { width: size, height: size, channels: 3 } });
      const bytes = await (format === 'png' ? encoder.png() : encoder.jpeg({ quality: 95 })).toBuffer();
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
      written.push({ name, fake });
    }
  }
  return written;
}
