// Worker entry of `persodata features`: each task is a few picture files;
// each is read and decoded once, its full-resolution values computed, and,
// when the run also wants pca, squashed to size x size x 3 for it. Only the
// values (and the small pixel rows) go back; the decoded picture is dropped
// before the next, so a worker holds one picture at a time. A file may come
// with a processing drawn for it (images/processing.ts), done after the decode.
import { readFileSync } from 'node:fs';
import { decodeRgb } from '../images/decode-image.js';
import { processPicture, type ProcessingDraw } from '../images/processing.js';
import { resizeRgbInto } from '../images/resize.js';
import { fullResolutionLength, fullResolutionValues, type FullResolutionSpec } from './feature-kinds.js';
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
}

export interface FeatureTaskResult {
  /** files.length x fullResolutionLength(spec), row-major; a failed file's row is zero. */
  readonly values: Float32Array;
  /** files.length x pcaSize^2 x 3 when pcaSize > 0. */
  readonly pixels?: Uint8Array;
  readonly failures: Array<{ index: number; message: string }>;
}

export async function featurize(task: FeatureTask): Promise<FeatureTaskResult> {
  await loadFft();
  const width = fullResolutionLength(task.spec);
  const d = task.pcaSize * task.pcaSize * 3;
  const values = new Float32Array(task.files.length * width);
  const pixels = task.pcaSize > 0 ? new Uint8Array(task.files.length * d) : undefined;
  const failures: FeatureTaskResult['failures'] = [];
  for (let i = 0; i < task.files.length; i++) {
    try {
      const decoded = await decodeRgb(readFileSync(task.files[i]), task.maxPixels, task.reencodeJpeg);
      const draw = task.processing?.[i];
      const img = draw && decoded.width > 0 && decoded.height > 0 ? await processPicture(decoded, draw) : decoded;
      if (img.width < 1 || img.height < 1) throw new Error('the image has no pixels');
      fullResolutionValues(img.data, img.height, img.width, task.spec, values, i * width);
      if (pixels) resizeRgbInto(img.data, img.width, img.height, task.pcaSize, pixels.subarray(i * d, (i + 1) * d));
    } catch (err) {
      failures.push({ index: i, message: (err as Error).message });
    }
  }
  return { values, pixels, failures };
}
