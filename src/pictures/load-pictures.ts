// Loading a selection of a set's pictures into rows 0.. of a sink, the one
// place that decides what an unreadable picture does: without --skip-bad it
// stops the run, naming the first few; with it, the picture is left out (its
// row taken by the next readable one) and reported, unless none is left.
import { unreadablePicturesError, type PictureSet, type PixelRowSink } from './picture-sets.js';

export interface LoadPolicy {
  readonly skipBad: boolean;
  /** Every picture must be read (a submission has a row a picture, and no --skip-bad to suggest). */
  readonly everyPicture?: boolean;
}

export interface LoadedPictures {
  /** The indices (into the set) that loaded, ascending: row r of the sink holds picture kept[r]. */
  readonly kept: number[];
  /** The ones left out (skipBad), with why, ascending. */
  readonly failed: Array<{ index: number; message: string }>;
}

export async function loadPictures(
  set: PictureSet,
  sink: PixelRowSink,
  indices: readonly number[],
  size: number,
  policy: LoadPolicy,
  onProgress?: (done: number) => void,
): Promise<LoadedPictures> {
  const failures = await set.load(sink, indices, 0, size, onProgress);
  if (failures.length === 0) return { kept: [...indices], failed: [] };
  const named = failures.map((f) => ({ name: set.names[indices[f.index]], message: f.message }));
  if (!policy.skipBad)
    throw unreadablePicturesError(
      set.origin,
      named,
      policy.everyPicture ? 'a submission scores every picture: replace or remove them' : undefined,
    );
  if (failures.length === indices.length)
    throw unreadablePicturesError(
      set.origin,
      named,
      `every one of them: --skip-bad would leave an empty ${set.setName} set`,
    );
  const bad = new Set(failures.map((f) => f.index));
  const kept: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    if (bad.has(i)) continue;
    if (kept.length !== i) sink.pixelRows(kept.length, kept.length + 1).set(sink.pixelRows(i, i + 1));
    kept.push(indices[i]);
  }
  return { kept, failed: failures.map((f) => ({ index: indices[f.index], message: f.message })) };
}
