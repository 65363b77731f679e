// What a file is, from its first bytes (its name says nothing for certain):
// the picture formats persodata decodes (JPEG and PNG by its own decoders,
// WebP, GIF, TIFF and AVIF by sharp), and two picture formats it cannot
// decode (BMP, HEIC: sharp's build has no loader for them), so that a
// listing can name them rather than drop them.
import { closeSync, openSync, readSync } from 'node:fs';

export const DECODED_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif'] as const;
export type DecodedFormat = (typeof DECODED_FORMATS)[number];
export type PictureFormat = DecodedFormat | 'bmp' | 'heic';

/** Bytes enough to tell the formats apart. */
export const SNIFF_BYTES = 12;

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The picture format of these first bytes of a file, or undefined for anything else. */
export function sniffFormat(b: Uint8Array): PictureFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && ascii(b, 1, 4) === 'PNG' && b[0] === 0x89 && b[4] === 0x0d && b[5] === 0x0a) return 'png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (b.length >= 4 && (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')) return 'tiff';
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    return brand === 'avif' || brand === 'avis' ? 'avif' : 'heic';
  }
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return 'bmp';
  return undefined;
}

/** The picture format of a file by its first bytes; undefined for an empty or other file. */
export function sniffFile(path: string): PictureFormat | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    return sniffFormat(head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0)));
  } finally {
    closeSync(fd);
  }
}

export const isDecoded = (f: PictureFormat | undefined): f is DecodedFormat =>
  f !== undefined && (DECODED_FORMATS as readonly string[]).includes(f);
