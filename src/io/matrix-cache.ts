// Loads a text matrix through a binary cache kept beside it: `X.data` is
// parsed once and saved as `X.data.npy` (float32, numpy-readable); later loads
// read the cache when it is still fresh. Parsing itself is matrix-text.ts.
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { DenseMatrix } from './dense-matrix.js';
import { readInputFile, statInputFile } from './file-errors.js';
import { parseMatrixText } from './matrix-text.js';
import { decodeNpy, encodeNpy } from './npy.js';

/** Text files smaller than this are parsed every time: it is faster than the cache's disk traffic. */
export const CACHE_MIN_BYTES = 4 * 1024 * 1024;

export interface LoadMatrixOptions {
  readonly nCols?: number;
  /** Read and write the .npy cache (default true). */
  readonly cache?: boolean;
  /** Smallest text file that is cached (default CACHE_MIN_BYTES). */
  readonly minCacheBytes?: number;
}

/** Path of the cache kept for `textPath`. */
export function cachePathFor(textPath: string): string {
  return `${textPath}.npy`;
}

/**
 * Reads a `.data` matrix. The cache is fresh when its modification time equals
 * the text file's (set so on write) and its shape fits; otherwise the text is
 * parsed and the cache rewritten. A cache that cannot be written (read-only
 * folder, full disk) is skipped without failing the load.
 */
export function loadMatrix(textPath: string, opts: LoadMatrixOptions = {}): DenseMatrix {
  const fileName = basename(textPath);
  const stat = statInputFile(textPath);
  if (stat.size === 0) throw new InputError(`${fileName}: the file is empty`);
  const useCache = (opts.cache ?? true) && stat.size >= (opts.minCacheBytes ?? CACHE_MIN_BYTES);
  const cachePath = cachePathFor(textPath);
  if (useCache) {
    const cached = readFreshCache(cachePath, stat.mtimeMs);
    if (cached && (opts.nCols === undefined || cached.nCols === opts.nCols)) return cached;
  }
  const matrix = parseMatrixText(readInputFile(textPath), { fileName, nCols: opts.nCols });
  if (useCache) {
    try {
      writeFileAtomic(cachePath, encodeNpy(matrix), { force: true });
      utimesSync(cachePath, stat.atime, stat.mtime);
    } catch {
      // a cache is an optimisation: an unwritable folder only costs the next parse
    }
  }
  return matrix;
}

function readFreshCache(cachePath: string, textMtimeMs: number): DenseMatrix | undefined {
  try {
    // utimes() rounds through a seconds double, so the copied time may differ by under 1 ms
    if (Math.abs(statSync(cachePath).mtimeMs - textMtimeMs) >= 1) return undefined;
    return decodeNpy(readFileSync(cachePath));
  } catch {
    return undefined;
  }
}
