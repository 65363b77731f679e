// A set of pictures (train, valid or test), whatever turns it into features:
// picture files (decoded on a pool), raw-pixel AutoML files (read here, line
// by line) or pictures decoded already and held, each with row names and,
// when known, labels. A set loads any ascending selection of its pictures
// into consecutive rows of a PixelRowSink (the PCA engine is one).
import { existsSync } from 'node:fs';
import type { SetName } from '../io/automl.js';
import { DEFAULT_MAX_PIXELS } from '../images/limits.js';
import type { ProcessingDraw } from '../images/processing.js';
import { resizeRgbInto } from '../images/resize.js';
import { countLines, readPixelRows } from '../images/pixel-rows.js';
import { InputError } from '../util/errors.js';

const MAX_LISTED_FAILURES = 5;

/** The error for pictures of `origin` that could not be read, listing the first few by name. */
export function unreadablePicturesError(
  origin: string,
  failures: ReadonlyArray<{ name: string; message: string }>,
  hint = '--skip-bad leaves them out',
): InputError {
  const listed = failures.slice(0, MAX_LISTED_FAILURES).map((f) => `  ${f.name}: ${f.message}`);
  const more = failures.length > MAX_LISTED_FAILURES ? `\n  ... and ${failures.length - MAX_LISTED_FAILURES} more` : '';
  return new InputError(
    `${origin}: ${failures.length} file(s) could not be read as images (${hint}):\n${listed.join('\n')}${more}`,
  );
}

export interface LoadFailure {
  /** Position in the selection. */
  readonly index: number;
  readonly message: string;
}

/** Picture files, and how they are decoded. */
export interface FileSource {
  readonly files: readonly string[];
  readonly maxPixels: number;
  /** Encode every picture as JPEG at this quality before anything else (--reencode-jpeg). */
  readonly reencodeJpeg?: number;
  /** Per file, a processing drawn for it (a file may be listed again with another); only the features pool does it. */
  readonly processing?: ReadonlyArray<ProcessingDraw | undefined>;
}

/** Where a set's pictures are: files to decode, a file of rows of side x side x 3 pixels, or pictures decoded already. */
export type PictureSource =
  | FileSource
  | { readonly pixelRowsFile: string; readonly side: number }
  | { readonly decoded: DecodedPictures; readonly rows: readonly number[] };

/**
 * Where a set's pixels go: rows of size x size x 3 bytes, written in place
 * (the PCA engine's shared memory: thumbnails go straight there, never held
 * twice), and files decoded into them on the sink's own workers.
 */
export interface PixelRowSink {
  /** Rows [start, end) as bytes, row-major, to be written. */
  pixelRows(start: number, end: number): Uint8Array;
  /** Decodes files[i] into row rowStart + i, resized to `size`; returns the failures, in file order. */
  decodeFiles(
    files: readonly string[],
    rowStart: number,
    size: number,
    onBatch?: (done: number) => void,
    maxPixels?: number,
    reencodeJpeg?: number,
  ): Promise<LoadFailure[]>;
}

export interface PictureSet {
  readonly setName: SetName;
  /** Folder or file the pictures come from, for messages. */
  readonly origin: string;
  readonly source: PictureSource;
  /** Row names: image paths relative to the folder, or line numbers. */
  names: string[];
  labels?: Uint8Array;
  /** Loads pictures `indices` (ascending) into pixel rows rowStart.. of the sink, resized to `size`. */
  load(
    sink: PixelRowSink,
    indices: readonly number[],
    rowStart: number,
    size: number,
    onProgress?: (done: number) => void,
  ): Promise<LoadFailure[]>;
}

/** Pictures in files; one with more than `maxPixels` pixels (by its header) fails to load. */
export function imageFolderSet(
  setName: SetName,
  origin: string,
  names: string[],
  paths: string[],
  labels?: Uint8Array,
  maxPixels = DEFAULT_MAX_PIXELS,
  reencodeJpeg?: number,
): PictureSet {
  return {
    setName,
    origin,
    names,
    labels,
    source: { files: paths, maxPixels, reencodeJpeg },
    load: (sink, indices, rowStart, size, onProgress) =>
      sink.decodeFiles(
        indices.map((i) => paths[i]),
        rowStart,
        size,
        onProgress,
        maxPixels,
        reencodeJpeg,
      ),
  };
}

/** One set of a raw-pixel AutoML dataset: `file` holds side x side x 3 values a line. */
export function pixelRowsSet(setName: SetName, file: string, side: number, labels?: Uint8Array): PictureSet {
  if (!existsSync(file)) throw new InputError(`${file}: file not found`);
  const n = countLines(file);
  if (n === 0) throw new InputError(`${file}: no rows of pixels`);
  if (labels && labels.length !== n)
    throw new InputError(`${file}: ${n} rows, but its .solution has ${labels.length} labels`);
  return {
    setName,
    origin: file,
    labels,
    names: Array.from({ length: n }, (_, i) => String(i + 1)),
    source: { pixelRowsFile: file, side },
    load: async (sink, indices, rowStart, size, onProgress) => {
      let row = rowStart;
      readPixelRows(file, side * side * 3, indices, (_line, pixels) => {
        resizeRgbInto(pixels, side, side, size, sink.pixelRows(row, row + 1));
        row++;
        if ((row - rowStart) % 256 === 0) onProgress?.(row - rowStart);
      });
      onProgress?.(row - rowStart);
      return [];
    },
  };
}

/**
 * Pictures decoded once and held (cv keeps them to fit a featurizer per
 * fold): each one's full-resolution values (`width` a picture) and, when pca
 * wants them, its side x side x 3 thumbnail.
 */
export interface DecodedPictures {
  readonly values: Float32Array;
  readonly width: number;
  readonly pixels?: Uint8Array;
  readonly side: number;
}

/** Pictures `rows` of `decoded` as a set (picture r of the set = decoded row rows[r]); loading copies thumbnails. */
export function decodedSet(
  setName: SetName,
  origin: string,
  decoded: DecodedPictures,
  rows: readonly number[],
  labels?: Uint8Array,
): PictureSet {
  const { pixels, side } = decoded;
  const d = side * side * 3;
  return {
    setName,
    origin,
    names: rows.map((r) => String(r)),
    labels: labels ? Uint8Array.from(rows, (r) => labels[r]) : undefined,
    source: { decoded, rows },
    load: async (sink, indices, rowStart, size, onProgress) => {
      if (size > 0 && !pixels) throw new Error(`${origin}: no thumbnails were kept to load`);
      if (size > 0)
        indices.forEach((i, k) => {
          const from = pixels!.subarray(rows[i] * d, (rows[i] + 1) * d);
          const dest = sink.pixelRows(rowStart + k, rowStart + k + 1);
          if (size === side) dest.set(from);
          else resizeRgbInto(from, side, side, size, dest);
        });
      onProgress?.(indices.length);
      return [];
    },
  };
}
