// One image file -> RGB bytes (width x height x 3, row-major). PNGs and small
// JPEGs go through the pure-JavaScript decoders fast-png and jpeg-js,
// synchronously in the calling worker; JPEGs above 128x128 pixels, anything
// else (WebP, GIF, TIFF, AVIF) and any JPEG/PNG those two refuse go through
// sharp (libvips). Measured here, one thread, per JPEG: jpeg-js 0.23 ms at
// 64x64, 0.83 ms at 128x128, 3.0 ms at 256x256, 11.7 ms at 512x512, 46-56 ms
// at 1024x1024; sharp 0.78, 0.90, 1.19, 2.57 and 6-7 ms. sharp's pixels are
// also those of PIL (libjpeg-turbo, same upsampling: 0 of 3.1M bytes differ
// on a 1024x1024 face), where jpeg-js differs by up to 22 levels: that
// matters to the full-resolution features, which read the finest detail.
// Greyscale is expanded to RGB; alpha is dropped, not blended; 16-bit
// samples keep their high byte.
import { readFileSync } from 'node:fs';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import type Jpeg from 'jpeg-js';
import { lazyRequire } from '../util/lazy-require.js';
import { sharp } from './sharp-lib.js';
import { checkPictureSize } from './image-header.js';
import { DEFAULT_MAX_PIXELS } from './limits.js';
import { resizeRgbInto } from './resize.js';

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** JPEGs with more pixels than this decode faster with sharp (see the timings above). */
export const SHARP_JPEG_ABOVE_PIXELS = 128 * 128;

const jpegJs = lazyRequire<typeof Jpeg>('jpeg-js');

function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

/** Keeps the first three channels (or expands one) of interleaved samples; 16-bit samples keep their high byte. */
function toRgb(width: number, height: number, data: ArrayLike<number>, channels: number, shift: number): RgbImage {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    const at = p * channels;
    if (channels >= 3) {
      out[p * 3] = data[at] >> shift;
      out[p * 3 + 1] = data[at + 1] >> shift;
      out[p * 3 + 2] = data[at + 2] >> shift;
    } else {
      out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = data[at] >> shift;
    }
  }
  return { width, height, data: out };
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  const img = jpegJs().decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: false,
    maxMemoryUsageInMB: 1024,
  });
  const channels = img.data.length / (img.width * img.height);
  return channels === 3
    ? { width: img.width, height: img.height, data: img.data }
    : toRgb(img.width, img.height, img.data, channels, 0);
}

/**
 * 1-, 2- and 4-bit greyscale as fast-png gives it (rows of packed samples,
 * each row padded to a whole byte) -> one byte a pixel, scaled to 0..255 as
 * PNG and PIL do (a 2-bit 3 is 255, a 4-bit 1 is 17).
 */
function unpackGrey(width: number, height: number, packed: ArrayLike<number>, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  const scale = 255 / mask;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * width + x] = ((byte >> (8 - depth - (bit & 7))) & mask) * scale;
    }
  return out;
}

function decodePngFile(bytes: Uint8Array): RgbImage {
  const png = decodePng(bytes);
  if (png.palette) return toRgb(png.width, png.height, convertIndexedToRgb(png), png.palette[0].length, 0);
  // below 8 bits PNG allows greyscale only (and palettes, above)
  if (png.depth < 8) return toRgb(png.width, png.height, unpackGrey(png.width, png.height, png.data, png.depth), 1, 0);
  return toRgb(png.width, png.height, png.data, png.channels, png.depth === 16 ? 8 : 0);
}

/**
 * sharp decodes what the JavaScript decoders do not. For a JPEG or PNG they
 * refused, it is strict (failOn 'warning'): libvips otherwise fills a scan
 * that ends early with grey, so a 270-byte file claiming 9000x9000 decoded.
 */
async function decodeWithSharp(bytes: Uint8Array, maxPixels: number, strict: boolean): Promise<RgbImage> {
  const { data, info } = await sharp()(bytes, { failOn: strict ? 'warning' : 'error', limitInputPixels: maxPixels })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) return toRgb(info.width, info.height, data, info.channels, 0);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/**
 * Decodes image bytes; throws the decoder's message for a file that is not a
 * readable image, and refuses, from the header alone, a picture of more than
 * `maxPixels` pixels.
 */
export async function decodeRgb(
  bytes: Uint8Array,
  maxPixels = DEFAULT_MAX_PIXELS,
  reencodeJpeg?: number,
): Promise<RgbImage> {
  const kind = isJpeg(bytes) ? 'jpeg' : isPng(bytes) ? 'png' : 'other';
  const size = await checkPictureSize(bytes, kind, maxPixels);
  if (reencodeJpeg !== undefined) return decodeRgb(await reencodeAsJpeg(bytes, maxPixels, reencodeJpeg), maxPixels);
  const large = size !== undefined && size.width * size.height > SHARP_JPEG_ABOVE_PIXELS;
  if (kind === 'jpeg' && large) {
    try {
      return await decodeWithSharp(bytes, maxPixels, true);
    } catch (first) {
      try {
        return decodeJpeg(bytes);
      } catch {
        throw first;
      }
    }
  }
  if (kind !== 'other') {
    try {
      return kind === 'jpeg' ? decodeJpeg(bytes) : decodePngFile(bytes);
    } catch (first) {
      try {
        return await decodeWithSharp(bytes, maxPixels, true);
      } catch {
        throw first;
      }
    }
  }
  return decodeWithSharp(bytes, maxPixels, false);
}

/**
 * The picture encoded again as JPEG at `quality` (sharp: libjpeg's standard
 * tables, 4:2:0, baseline), so that every picture of a run carries one
 * encoding whatever its file had (--reencode-jpeg).
 */
async function reencodeAsJpeg(bytes: Uint8Array, maxPixels: number, quality: number): Promise<Uint8Array> {
  return sharp()(bytes, { failOn: 'error', limitInputPixels: maxPixels })
    .removeAlpha()
    .toColourspace('srgb')
    .jpeg({ quality, chromaSubsampling: '4:2:0' })
    .toBuffer();
}

/** Decodes `file` (re-encoded as JPEG first when asked) and resizes it into `out` (size * size * 3 bytes). */
export async function decodeImageInto(
  file: string,
  size: number,
  out: Uint8Array,
  maxPixels = DEFAULT_MAX_PIXELS,
  reencodeJpeg?: number,
): Promise<void> {
  const img = await decodeRgb(readFileSync(file), maxPixels, reencodeJpeg);
  if (img.width < 1 || img.height < 1) throw new Error('the image has no pixels');
  resizeRgbInto(img.data, img.width, img.height, size, out);
}
