// A set of picture files with processed copies after its own pictures
// (augmentation, cv's test condition): block 0 is the set as it is, block
// b + 1 holds variant b of every picture, in the same order, so row
// (b + 1) n + i is picture i through variant b. A copy is named
// "NAME#TAG" and keeps its picture's label; its processing is drawn from
// the seed, its picture's name and its tag (images/processing.ts), so the
// same copy comes out of any thread count, fold or order.
import { drawProcessing, processingSeed, type Processing, type ProcessingDraw } from '../images/processing.js';
import { UsageError } from '../util/errors.js';
import type { PictureSet } from './picture-sets.js';

export interface Variant {
  readonly processing: Processing;
  /** Distinct per variant: "aug1", "test". */
  readonly tag: string;
}

/** The K augmentation variants of `processing`: aug1..augK. */
export function augmentVariants(processing: Processing, copies: number): Variant[] {
  return Array.from({ length: copies }, (_, k) => ({ processing, tag: `aug${k + 1}` }));
}

/** `set` (picture files) followed by each variant's copy of every picture. */
export function withProcessedCopies(set: PictureSet, variants: readonly Variant[], seed: number): PictureSet {
  const source = set.source;
  if (!('files' in source))
    throw new UsageError(
      `${set.origin}: pictures can be processed (--augment, --test-transform) from picture files only, not raw-pixel rows`,
    );
  if (variants.length === 0) return set;
  const n = set.names.length;
  const names = [...set.names];
  const files = [...source.files];
  const processing: Array<ProcessingDraw | undefined> = source.processing ? [...source.processing] : Array(n);
  for (const v of variants)
    for (let i = 0; i < n; i++) {
      names.push(`${set.names[i]}#${v.tag}`);
      files.push(source.files[i]);
      processing.push(drawProcessing(v.processing, processingSeed(seed, `${set.names[i]}#${v.tag}`, 0)));
    }
  const labels = set.labels && Uint8Array.from({ length: names.length }, (_, r) => set.labels![r % n]);
  return {
    ...set,
    names,
    labels,
    source: { ...source, files, processing },
    load: () => Promise.reject(new Error(`${set.origin}: processed pictures are loaded on the features pool`)),
  };
}
