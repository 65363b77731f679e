// Loading a set is featurizing it: a set wrapped here loads its pictures as
// any set does (thumbnails into the sink's rows, for the PCA) and on the way
// writes each picture's full-resolution values into a store, row = the
// picture's index in the set. Picture files are read and decoded once, on
// the features pool; raw-pixel rows are read here (a fraction of a
// millisecond each); pictures decoded already are copied. With a feature
// cache (feature-cache.ts) this thread reads and hashes each file, takes what
// the cache holds, sends the workers only the rest and stores what they
// compute; the pool's end reports what came from it and trims it to its cap.
import { readPixelRows } from '../images/pixel-rows.js';
import { withPool, type TypedPool } from '../parallel/pool.js';
import { busyCores } from '../parallel/threads.js';
import type { FileSource, LoadFailure, PictureSet } from '../pictures/picture-sets.js';
import { InputError } from '../util/errors.js';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { openFeatureCache, trimFeatureCache, type FeatureCache, type FeatureCacheSettings } from './feature-cache.js';
import {
  FULL_RESOLUTION_KINDS,
  fullResolutionKinds,
  fullResolutionLength,
  fullResolutionValues,
  kindLength,
  type FullResolutionSpec,
} from './feature-kinds.js';
import type * as FeaturesWorkerModule from './features.worker.js';
import type { FeatureTask, FeatureTaskResult } from './features.worker.js';

export type FeaturesWorker = typeof FeaturesWorkerModule;
export type FeaturesPool = TypedPool<FeaturesWorker>;

/** Files per pool task: enough to hide the message cost for small pictures, few enough to balance big ones. */
const FILES_PER_TASK = 4;

/**
 * Files smaller than this are computed again rather than cached: hashing one
 * and reading its parts back cost more than decoding it. Measured with `pca`
 * on CIFAR-10's 60000 32x32 JPEGs (0.7-1.1 KB each): 19.5 s without the
 * cache, 39.7 s filling it and 22.5 s reading it back (its 64x64 thumbnails,
 * 12 KB each, outweigh the files); 900 200x200 JPEGs (3-40 KB) gained
 * (3.3 s, then 2.2 s).
 */
const SMALLEST_CACHED_FILE = 2048;

/**
 * Whether the sets' picture files are, by the median of a few spread over
 * them, large enough to be cached (pca alone decodes faster on the PCA
 * engine's own workers when they are not: CIFAR-10's 32x32 JPEGs took 22.6 s
 * that way and 32.3-34.7 s on the features pool with every file computed).
 */
export function worthCaching(sets: readonly PictureSet[]): boolean {
  const files = sets.flatMap((s) => ('files' in s.source ? s.source.files : []));
  if (files.length === 0) return false;
  const sample = Array.from(
    { length: Math.min(31, files.length) },
    (_, i) => files[Math.floor((i * files.length) / 31)],
  );
  const sizes = sample.map((f) => statSync(f, { throwIfNoEntry: false })?.size ?? 0).sort((x, y) => x - y);
  return sizes[sizes.length >> 1] >= SMALLEST_CACHED_FILE;
}

/** How the pool runs: its threads, and the feature cache if there is one. */
export interface FilesRun {
  readonly threads: number;
  readonly cache?: FeatureCacheSettings;
  readonly onWarning?: (message: string) => void;
  /** What came from the cache, said once the pool is done. */
  readonly onNote?: (message: string) => void;
}

/** The features pool of a run, with the cache (when it opened) and a tally of its use. */
export interface FilesPool {
  readonly pool: FeaturesPool;
  readonly cache?: FeatureCache;
  readonly tally: {
    files: number;
    cached: number;
    /** Files under SMALLEST_CACHED_FILE: computed, not cached. */
    small: number;
    cacheError?: string;
    /** Stores under way: awaited before the pool's end. */
    readonly writes: Array<Promise<string | undefined>>;
  };
}

/**
 * Runs `body` with a features pool when some set is files (none is needed
 * otherwise). A cache that does not open is warned of, and the run goes on
 * without it; so does one that fails to store.
 */
export async function withFilesPool<T>(
  sets: readonly PictureSet[],
  run: FilesRun,
  body: (files: FilesPool | undefined) => Promise<T>,
): Promise<T> {
  if (!sets.some((s) => 'files' in s.source)) return body(undefined);
  let cache: FeatureCache | undefined;
  if (run.cache)
    try {
      cache = await openFeatureCache(run.cache.dir, run.onWarning);
    } catch (err) {
      run.onWarning?.(
        `the feature cache ${run.cache.dir} does not open (${(err as Error).message}); going on without it`,
      );
    }
  const tally: FilesPool['tally'] = { files: 0, cached: 0, small: 0, writes: [] };
  const result = await withPool<FeaturesWorker, T>(
    { worker: 'features/features.worker', threads: busyCores(run.threads), workerData: null },
    (pool) => body({ pool, cache, tally }),
  );
  if (run.cache && cache) {
    tally.cacheError ??= (await Promise.all(tally.writes)).find((m) => m !== undefined);
    if (tally.cacheError) run.onWarning?.(`the feature cache ${run.cache.dir} failed to store (${tally.cacheError})`);
    const trimmed = await trimFeatureCache(run.cache).catch((err: Error) => {
      run.onWarning?.(`the feature cache ${run.cache!.dir} could not be trimmed (${err.message})`);
      return { pictures: 0, bytes: 0 };
    });
    run.onNote?.(
      `feature cache ${run.cache.dir}: ${tally.cached} of ${tally.files} pictures read from it` +
        (tally.small > 0
          ? `; ${tally.small} files under ${SMALLEST_CACHED_FILE / 1024} KB computed, not cached (cheaper to decode)`
          : '') +
        (trimmed.pictures > 0
          ? `; ${trimmed.pictures} least recently used pictures removed to stay under its cap`
          : ''),
    );
  }
  return result;
}

/** `set`, whose loading also writes each picture's full-resolution values to `store` (set.names.length x width). */
export function featurizingSet(
  set: PictureSet,
  files: FilesPool | undefined,
  spec: FullResolutionSpec,
  store: Float32Array,
  run: { readonly skipBad: boolean; readonly threads: number },
): PictureSet {
  const width = fullResolutionLength(spec);
  const source = set.source;
  if ('files' in source)
    return {
      ...set,
      load: (sink, indices, rowStart, size, onProgress) => {
        const d = size * size * 3;
        const paths = indices.map((i) => source.files[i]);
        const processing = source.processing && indices.map((i) => source.processing![i]);
        let done = 0;
        return featurizeFiles(files!, { ...source, files: paths, processing }, spec, size, run, (start, count, r) => {
          for (let k = 0; k < count; k++) {
            store.set(r.values.subarray(k * width, (k + 1) * width), indices[start + k] * width);
            if (d > 0)
              sink
                .pixelRows(rowStart + start + k, rowStart + start + k + 1)
                .set(r.pixels!.subarray(k * d, (k + 1) * d));
          }
          done += count;
          onProgress?.(done);
        });
      },
    };
  if ('pixelRowsFile' in source)
    return {
      ...set,
      load: async (sink, indices, rowStart, size, onProgress) => {
        // the values here, the thumbnails (when wanted) by the set's own loading: the file is read twice
        let done = 0;
        readPixelRows(source.pixelRowsFile, source.side * source.side * 3, indices, (line, pixels) => {
          try {
            fullResolutionValues(pixels, source.side, source.side, spec, store, line * width);
          } catch (err) {
            throw new InputError(`${source.pixelRowsFile}: ${(err as Error).message}`);
          }
          if (++done % 1024 === 0 && size === 0) onProgress?.(done);
        });
        if (size > 0) return set.load(sink, indices, rowStart, size, onProgress);
        onProgress?.(done);
        return [];
      },
    };
  const { decoded, rows } = source;
  if (decoded.width !== width)
    throw new Error(`${set.origin}: decoded with ${decoded.width} values a picture, not ${width}`);
  return {
    ...set,
    load: (sink, indices, rowStart, size, onProgress) => {
      for (const i of indices) store.set(decoded.values.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
      return set.load(sink, indices, rowStart, size, onProgress);
    },
  };
}

/**
 * Runs the files through the pool a few at a time, at most two tasks per
 * thread in flight, and hands each result to `take` with the position of
 * its first file and its count as it arrives (so nothing depends on the thread count, and
 * nothing but the results in flight is held). Without --skip-bad no new
 * task starts after a failure. Returns the failures, by position.
 */
async function featurizeFiles(
  files: FilesPool,
  source: FileSource,
  spec: FullResolutionSpec,
  pcaSize: number,
  run: { readonly skipBad: boolean; readonly threads: number },
  take: (start: number, count: number, result: FeatureTaskResult) => void,
): Promise<LoadFailure[]> {
  const n = source.files.length;
  const failures: LoadFailure[] = [];
  const parts = files.cache ? cacheParts(spec, pcaSize) : [];
  let next = 0;
  const chain = async () => {
    while (next < n && (run.skipBad || failures.length === 0)) {
      const start = next;
      next = Math.min(n, next + FILES_PER_TASK);
      const task: FeatureTask = {
        files: source.files.slice(start, next),
        spec,
        pcaSize,
        maxPixels: source.maxPixels,
        reencodeJpeg: source.reencodeJpeg,
        processing: source.processing?.slice(start, next),
      };
      const r = files.cache
        ? await throughCache(files, files.cache, parts, task)
        : await files.pool.run('featurize', task);
      files.tally.files += task.files.length - r.failures.length;
      take(start, next - start, r);
      for (const f of r.failures) failures.push({ index: start + f.index, message: f.message });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, run.threads * 2) }, chain));
  return failures.sort((a, b) => a.index - b.index);
}

/** A part of a picture's row in the cache: a kind's values at its parameter, or the thumbnail at its size. */
interface CachePart {
  readonly name: string;
  readonly into: 'values' | 'pixels';
  /** Where the part starts in the picture's values (floats); 0 for the thumbnail. */
  readonly offset: number;
  readonly byteLength: number;
}

function cacheParts(spec: FullResolutionSpec, pcaSize: number): CachePart[] {
  const parts: CachePart[] = [];
  let at = 0;
  for (const kind of fullResolutionKinds(spec.kinds)) {
    const n = kindLength(kind, spec);
    const name = `${kind}:${spec[FULL_RESOLUTION_KINDS[kind].param]}`;
    parts.push({ name, into: 'values', offset: at, byteLength: n * 4 });
    at += n;
  }
  if (pcaSize > 0) parts.push({ name: `pixels:${pcaSize}`, into: 'pixels', offset: 0, byteLength: pcaSize ** 2 * 3 });
  return parts;
}

/**
 * A task's result with the cache: every file read and hashed here, the
 * pictures whose every part is held taken from it, the others computed by
 * the pool and stored (the parts that were missing). A file that cannot be
 * read here goes to the pool, which says why it fails.
 */
async function throughCache(
  { pool, tally }: FilesPool,
  cache: FeatureCache,
  parts: readonly CachePart[],
  task: FeatureTask,
): Promise<FeatureTaskResult> {
  const n = task.files.length;
  const width = fullResolutionLength(task.spec);
  const d = task.pcaSize * task.pcaSize * 3;
  const values = new Float32Array(n * width);
  const pixels = d > 0 ? new Uint8Array(n * d) : undefined;
  const bytesOf = (i: number, part: CachePart) =>
    part.into === 'values'
      ? new Uint8Array(values.buffer, (i * width + part.offset) * 4, part.byteLength)
      : pixels!.subarray(i * d, (i + 1) * d);
  const keys = await Promise.all(
    task.files.map(async (file, i) => {
      const decoding = { maxPixels: task.maxPixels, reencodeJpeg: task.reencodeJpeg, draw: task.processing?.[i] };
      return readFile(file).then(
        (bytes) => {
          if (bytes.length >= SMALLEST_CACHED_FILE) return cache.pictureKey(bytes, decoding);
          tally.small++;
          return undefined;
        },
        () => undefined,
      );
    }),
  );
  const missing = keys.map((key, i) =>
    key === undefined
      ? [...parts]
      : parts.filter((part) => {
          const held = cache.get(key, part.name, part.byteLength);
          if (held) bytesOf(i, part).set(held);
          return !held;
        }),
  );
  const compute = missing.flatMap((m, i) => (m.length > 0 ? [i] : []));
  for (const [i, key] of keys.entries())
    if (key !== undefined && missing[i].length === 0) tally.writes.push(cache.keep(key, []));
  tally.cached += n - compute.length;
  if (compute.length === 0) return { values, pixels, failures: [] };
  const r = await pool.run('featurize', {
    ...task,
    files: compute.map((i) => task.files[i]),
    processing: task.processing && compute.map((i) => task.processing![i]),
  });
  const failed = new Set(r.failures.map((f) => f.index));
  compute.forEach((i, k) => {
    values.set(r.values.subarray(k * width, (k + 1) * width), i * width);
    if (pixels) pixels.set(r.pixels!.subarray(k * d, (k + 1) * d), i * d);
    const key = keys[i];
    if (key !== undefined && !failed.has(k))
      tally.writes.push(
        cache.keep(
          key,
          missing[i].map((part) => ({ part: part.name, bytes: bytesOf(i, part) })),
        ),
      );
  });
  return { values, pixels, failures: r.failures.map((f) => ({ index: compute[f.index], message: f.message })) };
}
