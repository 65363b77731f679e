// Pictures as the world passes them on: a square crop, a resize, a blur and
// a JPEG encoding, each optional, each drawn at random from a range per
// picture. Train-time augmentation (--augment) and cv's test condition
// (--test-transform) both use it. Presets:
//   vip: the IEEE VIP Cup 2022 test protocol, a random square crop of
//        50-100% of the shorter side, resized to 200x200 (bicubic), JPEG at
//        a random quality 65-100;
//   web: downscaled to 30-70% of its side, JPEG 70-95.
// The draw is made from a seed per picture and copy (a hash of the run's
// seed, the picture's name and the copy's number), so a picture is
// processed alike whichever thread, fold or order it comes in. The pixel
// work is sharp's (libvips: bicubic resize, Gaussian blur, libjpeg-turbo at
// 4:2:0 as PIL saves by default).
import { sharp } from './sharp-lib.js';
import { UsageError } from '../util/errors.js';
import type { RgbImage } from './decode-image.js';

/** Each step's range [low, high]; a step left out is not done. */
export interface Processing {
  /** Side of the square crop, a share of the shorter side. */
  readonly crop?: readonly [number, number];
  /** Resize to a square of this side, in pixels. */
  readonly size?: readonly [number, number];
  /** Resize by this share of each side (kept in proportion). */
  readonly scale?: readonly [number, number];
  /** Gaussian blur sigma, in pixels (0: none). */
  readonly blur?: readonly [number, number];
  /** JPEG quality (integers). */
  readonly quality?: readonly [number, number];
}

export const PROCESSING_PRESETS: Readonly<Record<string, Processing>> = {
  vip: { crop: [0.5, 1], size: [200, 200], quality: [65, 100] },
  web: { scale: [0.3, 0.7], quality: [70, 95] },
};

const STEPS: Readonly<Record<keyof Processing, { min: number; max: number; integer: boolean; about: string }>> = {
  crop: { min: 0.05, max: 1, integer: false, about: 'a share of the shorter side' },
  size: { min: 8, max: 8192, integer: true, about: 'pixels' },
  scale: { min: 0.05, max: 4, integer: false, about: 'a share of each side' },
  blur: { min: 0, max: 20, integer: false, about: 'a Gaussian sigma in pixels' },
  quality: { min: 1, max: 100, integer: true, about: 'a JPEG quality' },
};

/** What a --augment or --test-transform value may be, for help texts. */
export const PROCESSING_SYNTAX = `a preset (${Object.keys(PROCESSING_PRESETS).join(', ')}) or steps as crop=0.5-1,size=200,quality=65-100 (also scale=, blur=)`;

/** Parses a preset name or steps "crop=0.5-1,size=200,quality=65-100"; `flag` names the option in errors. */
export function parseProcessing(raw: string, flag: string): Processing {
  const text = raw.trim();
  if (text in PROCESSING_PRESETS) return PROCESSING_PRESETS[text];
  const out: Record<string, [number, number]> = {};
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^([a-z]+)=([0-9.]+)(?:-([0-9.]+))?$/.exec(part);
    if (!m) throw new UsageError(`${flag} "${raw}": "${part}" is not a step; expected ${PROCESSING_SYNTAX}`);
    const [, step, lowText, highText] = m;
    if (!(step in STEPS))
      throw new UsageError(`${flag} "${raw}": no step "${step}"; the steps are ${Object.keys(STEPS).join(', ')}`);
    if (step in out) throw new UsageError(`${flag} "${raw}": "${step}" is given twice`);
    const s = STEPS[step as keyof Processing];
    const low = Number(lowText);
    const high = highText === undefined ? low : Number(highText);
    for (const v of [low, high])
      if (!(Number.isFinite(v) && v >= s.min && v <= s.max && (!s.integer || Number.isInteger(v))))
        throw new UsageError(
          `${flag} "${raw}": ${step} ${v} is out of range; expected ${s.integer ? 'an integer' : 'a number'} from ${s.min} to ${s.max} (${s.about})`,
        );
    if (high < low) throw new UsageError(`${flag} "${raw}": ${step} ${low}-${high} runs backwards`);
    out[step] = [low, high];
  }
  if ('size' in out && 'scale' in out) throw new UsageError(`${flag} "${raw}": give size or scale, not both`);
  return out as Processing;
}

/** The steps in words, for messages ("crop 0.5-1, size 200, quality 65-100"). */
export function describeProcessing(p: Processing): string {
  return (Object.keys(STEPS) as Array<keyof Processing>)
    .filter((k) => p[k])
    .map((k) => `${k} ${p[k]![0] === p[k]![1] ? p[k]![0] : `${p[k]![0]}-${p[k]![1]}`}`)
    .join(', ');
}

/** One picture's processing, drawn: shares and values, the crop's place as shares of the room left. */
export interface ProcessingDraw {
  readonly crop?: { readonly side: number; readonly left: number; readonly top: number };
  readonly size?: number;
  readonly scale?: number;
  readonly blur?: number;
  readonly quality?: number;
}

/** 32-bit FNV-1a of a string, mixed with `seed` and `copy`. */
export function processingSeed(seed: number, name: string, copy: number): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ copy, 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws every step of `p` from `seed` (the same numbers are drawn whichever steps are given). */
export function drawProcessing(p: Processing, seed: number): ProcessingDraw {
  const u = generator(seed);
  const between = ([lo, hi]: readonly [number, number], integer: boolean, r: number) =>
    integer ? lo + Math.floor(r * (hi - lo + 1)) : lo + r * (hi - lo);
  const r = Array.from({ length: 7 }, u);
  return {
    crop: p.crop && { side: between(p.crop, false, r[0]), left: r[1], top: r[2] },
    size: p.size && between(p.size, true, r[3]),
    scale: p.scale && between(p.scale, false, r[4]),
    blur: p.blur && between(p.blur, false, r[5]),
    quality: p.quality && between(p.quality, true, r[6]),
  };
}

/** The picture processed as drawn: crop, resize, blur, then JPEG encoded and decoded again. */
export async function processPicture(img: RgbImage, draw: ProcessingDraw): Promise<RgbImage> {
  let { width, height } = img;
  let pipeline = sharp()(img.data, { raw: { width, height, channels: 3 } });
  if (draw.crop) {
    const side = Math.max(1, Math.round(draw.crop.side * Math.min(width, height)));
    const left = Math.floor(draw.crop.left * (width - side + 1));
    const top = Math.floor(draw.crop.top * (height - side + 1));
    pipeline = pipeline.extract({ left, top, width: side, height: side });
    width = height = side;
  }
  if (draw.size !== undefined || draw.scale !== undefined) {
    const w = draw.size ?? Math.max(1, Math.round(width * draw.scale!));
    const h = draw.size ?? Math.max(1, Math.round(height * draw.scale!));
    if (w !== width || h !== height) {
      // a new pipeline after the resize, so the crop comes first whatever sharp's own order
      const cropped = await pipeline.raw().toBuffer();
      pipeline = sharp()(cropped, { raw: { width, height, channels: 3 } }).resize(w, h, {
        kernel: 'cubic',
        fit: 'fill',
      });
      width = w;
      height = h;
    }
  }
  if (draw.blur !== undefined && draw.blur >= 0.3) pipeline = pipeline.blur(draw.blur);
  if (draw.quality !== undefined) {
    const jpeg = await pipeline.jpeg({ quality: draw.quality, chromaSubsampling: '4:2:0' }).toBuffer();
    pipeline = sharp()(jpeg);
  }
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
