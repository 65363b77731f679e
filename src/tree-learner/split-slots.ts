// Best splits stored in shared memory, one slot per feature block and child:
// i32 feature, bin, left count; f64 gain, left gradient sum, left hessian sum.
import { NO_SPLIT, type SplitInfo } from './split.js';

/** Bytes per slot. */
export const SPLIT_SLOT_BYTES = 48;

export function writeSplit(buffer: ArrayBufferLike, at: number, s: SplitInfo): void {
  const i32 = new Int32Array(buffer, at, 3);
  const f64 = new Float64Array(buffer, at + 16, 3);
  i32[0] = s.feature;
  i32[1] = s.bin;
  i32[2] = s.leftCount;
  f64[0] = s.gain;
  f64[1] = s.leftGradient;
  f64[2] = s.leftHessian;
}

export function readSplit(buffer: ArrayBufferLike, at: number): SplitInfo {
  const i32 = new Int32Array(buffer, at, 3);
  if (i32[0] < 0) return NO_SPLIT;
  const f64 = new Float64Array(buffer, at + 16, 3);
  return { feature: i32[0], bin: i32[1], leftCount: i32[2], gain: f64[0], leftGradient: f64[1], leftHessian: f64[2] };
}
