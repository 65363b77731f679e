// A picture file's facts (file-facts.ts) as numbers, one column each, for the
// audit's metadata-only model and its per-feature AUCs.
import type { FileFacts } from './file-facts.js';

const SUBSAMPLING_CODE: Record<string, number> = { '4:4:4': 0, '4:4:0': 1, '4:2:2': 1, '4:2:0': 2, '4:1:1': 2 };

/** Column names and how each is computed; non-JPEG files have quality, subsampling and progressive -1. */
export const METADATA_FEATURES: ReadonlyArray<readonly [string, (f: FileFacts) => number]> = [
  ['format is JPEG', (f) => +(f.format === 'jpeg')],
  ['format is PNG', (f) => +(f.format === 'png')],
  ['format is WebP', (f) => +(f.format === 'webp')],
  ['another format', (f) => +!['jpeg', 'png', 'webp'].includes(f.format)],
  ['width', (f) => f.width],
  ['height', (f) => f.height],
  ['aspect ratio', (f) => f.width / f.height],
  ['channels', (f) => f.channels],
  ['bit depth', (f) => f.bitDepth],
  ['file size', (f) => f.fileBytes],
  ['bytes per pixel', (f) => f.fileBytes / (f.width * f.height)],
  ['JPEG quality', (f) => f.jpeg?.quality ?? -1],
  ['chroma subsampling', (f) => (f.jpeg ? (SUBSAMPLING_CODE[f.jpeg.subsampling] ?? 3) : -1)],
  ['progressive JPEG', (f) => (f.jpeg ? +f.jpeg.progressive : -1)],
  ['EXIF', (f) => +f.exif],
  ['ICC profile', (f) => +f.icc],
  ['XMP', (f) => +f.xmp],
  ['comments or text chunks', (f) => +f.text],
];

/** nRows x METADATA_FEATURES.length, row-major. */
export function metadataMatrix(facts: readonly FileFacts[]): Float32Array {
  const k = METADATA_FEATURES.length;
  const out = new Float32Array(facts.length * k);
  facts.forEach((f, r) => METADATA_FEATURES.forEach(([, value], c) => (out[r * k + c] = value(f))));
  return out;
}
