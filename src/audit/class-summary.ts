// One class's files described for a person: the share of each format, JPEG
// quality, subsampling and coding, the commonest dimensions, channels and bit
// depth, file sizes, and how many carry EXIF, ICC, XMP or text.
import type { FileFacts } from './file-facts.js';

export interface ClassSummary {
  readonly count: number;
  /** Value -> count, most frequent first (as [value, count] pairs). */
  readonly formats: Array<[string, number]>;
  readonly jpegQualities: Array<[number, number]>;
  readonly subsampling: Array<[string, number]>;
  readonly progressive: number;
  readonly dimensions: Array<[string, number]>;
  readonly channelsBits: Array<[string, number]>;
  /** File size quartiles in bytes: [min, q1, median, q3, max]. */
  readonly fileBytes: [number, number, number, number, number];
  readonly exif: number;
  readonly icc: number;
  readonly xmp: number;
  readonly text: number;
}

function counts<T>(values: readonly T[]): Array<[T, number]> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (at - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

export const FORMAT_NAMES: Record<string, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  avif: 'AVIF/HEIF',
};

export function summarizeClass(facts: readonly FileFacts[]): ClassSummary {
  const jpegs = facts.filter((f) => f.jpeg);
  const sizes = facts.map((f) => f.fileBytes).sort((a, b) => a - b);
  return {
    count: facts.length,
    formats: counts(facts.map((f) => FORMAT_NAMES[f.format] ?? f.format)),
    jpegQualities: counts(jpegs.map((f) => f.jpeg!.quality)),
    subsampling: counts(jpegs.map((f) => f.jpeg!.subsampling)),
    progressive: jpegs.filter((f) => f.jpeg!.progressive).length,
    dimensions: counts(facts.map((f) => `${f.width}x${f.height}`)),
    channelsBits: counts(facts.map((f) => `${f.channels}x${f.bitDepth}`)),
    fileBytes: [0, 0.25, 0.5, 0.75, 1].map((q) => quantile(sizes, q)) as ClassSummary['fileBytes'],
    exif: facts.filter((f) => f.exif).length,
    icc: facts.filter((f) => f.icc).length,
    xmp: facts.filter((f) => f.xmp).length,
    text: facts.filter((f) => f.text).length,
  };
}

/** "JPEG q75", "PNG", "JPEG q75-95 (mostly q90) progressive": the commonest format, with its JPEG qualities and coding. */
export function describeEncoding(s: ClassSummary): string {
  const format = s.formats[0]?.[0] ?? 'no files';
  if (format !== 'JPEG' || s.jpegQualities.length === 0) return format;
  const qs = s.jpegQualities.map(([q]) => q).sort((a, b) => a - b);
  const jpegs = s.jpegQualities.reduce((n, [, c]) => n + c, 0);
  const quality = qs.length === 1 ? `q${qs[0]}` : `q${qs[0]}-${qs[qs.length - 1]} (mostly q${s.jpegQualities[0][0]})`;
  return `JPEG ${quality}${s.progressive * 2 > jpegs ? ' progressive' : ''}`;
}
