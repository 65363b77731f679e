// Worker entry of `persodata features`: each task is a few picture files;
// each is read and decoded once, its full-resolution values computed, and,
// when the run also wants pca, squashed to size x size x 3 for it. Only the
// values (and the small pixel rows) go back; the decoded picture is dropped
// before the next, so a worker holds one picture at a time. A file may come
// with a processing drawn for it (images/processing.ts), done after the decode.
// With a feature cache (feature-cache.ts), a picture whose every part is held
// is not decoded: its values and thumbnail are read back; the parts that were
// missing are stored after they are computed.
import { readFileSync } from 'node:fs';
import { decodeRgb } from '../images/decode-image.js';
import { processPicture, type ProcessingDraw } from '../images/processing.js';
import { resizeRgbInto } from '../images/resize.js';
import { openFeatureCache } from './feature-cache.js';
import {
  FULL_RESOLUTION_KINDS,
  fullResolutionKinds,
  fullResolutionLength,
  fullResolutionValues,
  kindLength,
  type FullResolutionSpec,
} from './feature-kinds.js';
import { loadFft } from './half-spectrum.js';

export interface FeatureTask {
  readonly files: readonly string[];
  readonly spec: FullResolutionSpec;
  /** Also return each picture squashed to pcaSize x pcaSize x 3 (0: not wanted). */
  readonly pcaSize: number;
  readonly maxPixels: number;
  readonly reencodeJpeg?: number;
  /** Per file, the processing drawn for it (augmentation, a test condition), done after the decode. */
  readonly processing?: ReadonlyArray<ProcessingDraw | undefined>;
  /** The feature cache's folder, when one is used. */
  readonly cacheDir?: string;
}

export interface FeatureTaskResult {
  /** files.length x fullResolutionLength(spec), row-major; a failed file's row is zero. */
  readonly values: Float32Array;
  /** files.length x pcaSize^2 x 3 when pcaSize > 0. */
  readonly pixels?: Uint8Array;
  readonly failures: Array<{ index: number; message: string }>;
  /** Files whose every part came from the cache. */
  readonly cached: number;
  /** Why storing in the cache failed, if it did (the values are right regardless). */
  readonly cacheError?: string;
}

/** A part of a picture's row in the cache: a kind's values (at its parameter), or the thumbnail. */
interface Part {
  readonly name: string;
  /** Where in the picture's bytes: values (at a float offset) or pixels. */
  readonly into: 'values' | 'pixels';
  readonly offset: number;
  readonly byteLength: number;
}

function partsOf(spec: FullResolutionSpec, pcaSize: number): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const kind of fullResolutionKinds(spec.kinds)) {
    const n = kindLength(kind, spec);
    parts.push({
      name: `${kind}:${spec[FULL_RESOLUTION_KINDS[kind].param]}`,
      into: 'values',
      offset: at,
      byteLength: n * 4,
    });
    at += n;
  }
  if (pcaSize > 0)
    parts.push({ name: `pixels:${pcaSize}`, into: 'pixels', offset: 0, byteLength: pcaSize * pcaSize * 3 });
  return parts;
}

export async function featurize(task: FeatureTask): Promise<FeatureTaskResult> {
  await loadFft();
  const width = fullResolutionLength(task.spec);
  const d = task.pcaSize * task.pcaSize * 3;
  const values = new Float32Array(task.files.length * width);
  const pixels = task.pcaSize > 0 ? new Uint8Array(task.files.length * d) : undefined;
  const failures: FeatureTaskResult['failures'] = [];
  const cache = task.cacheDir !== undefined ? openFeatureCache(task.cacheDir) : undefined;
  const parts = cache ? partsOf(task.spec, task.pcaSize) : [];
  const writes: Array<Promise<string | undefined>> = [];
  let cached = 0;
  for (let i = 0; i < task.files.length; i++) {
    // a picture's bytes in `values` and `pixels`
    const where = (part: Part) =>
      part.into === 'values'
        ? new Uint8Array(values.buffer, (i * width + part.offset) * 4, part.byteLength)
        : pixels!.subarray(i * d, (i + 1) * d);
    try {
      const bytes = readFileSync(task.files[i]);
      const draw = task.processing?.[i];
      let key: string | undefined;
      let missing = parts;
      if (cache) {
        key = cache.pictureKey(bytes, { maxPixels: task.maxPixels, reencodeJpeg: task.reencodeJpeg, draw });
        missing = parts.filter((part) => {
          const held = cache.get(key!, part.name, part.byteLength);
          if (held) where(part).set(held);
          return !held;
        });
        if (missing.length === 0) {
          cached++;
          writes.push(cache.keep(key, []));
          continue;
        }
      }
      const decoded = await decodeRgb(bytes, task.maxPixels, task.reencodeJpeg);
      const img = draw && decoded.width > 0 && decoded.height > 0 ? await processPicture(decoded, draw) : decoded;
      if (img.width < 1 || img.height < 1) throw new Error('the image has no pixels');
      fullResolutionValues(img.data, img.height, img.width, task.spec, values, i * width);
      if (pixels) resizeRgbInto(img.data, img.width, img.height, task.pcaSize, pixels.subarray(i * d, (i + 1) * d));
      if (cache)
        writes.push(
          cache.keep(
            key!,
            missing.map((part) => ({ part: part.name, bytes: where(part) })),
          ),
        );
    } catch (err) {
      failures.push({ index: i, message: (err as Error).message });
    }
  }
  // stored before the result goes back: a pool may end its workers as soon as the last result is in
  const cacheError = (await Promise.all(writes)).find((m) => m !== undefined);
  return { values, pixels, failures, cached, cacheError };
}
