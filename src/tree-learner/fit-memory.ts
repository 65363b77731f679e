// The shared memory of one tree-learning fit: a single WebAssembly.Memory
// (its buffer is a SharedArrayBuffer) holding every array the grower and the
// workers share, so the WebAssembly kernels can reach all of them. This file
// only computes the byte layout and makes typed views; it fills nothing.
//
//   binned      u8   [feature][row]                 written once by binning
//   binnedRows  u8   [row][feature]                 the same bins row-major (small leaves' histograms)
//   gradients   f32  [row], hessians f32 [row]      rewritten every round
//   packed      i64  [row] quantized (g, h, 1)      --quantized only (else 0 bytes): rewritten every round
//   rows        u32  [row] row ids grouped by leaf  partitioned by the grower
//   featureMask u8   [feature]                      rewritten every tree
//   hist        i64 x 2 [slot][feature][bin]        packed sums (trees/quantize.ts)
//   partition   u32  [row]                         the grower's partition scratch
//   workerIndex i32  counter each worker bumps once to claim its scratch
//   nextBlock   i32  counter workers bump to claim a task's feature blocks
//   splits      per feature block: best split of the small, then the large child (split-slots.ts)
//   control     per worker: a task-channel.ts control block
//   scratch     per worker: gathered packed (g, h) i64 x 2 [row], then 64 bytes of results
import type { PackedQuantization, Quantization } from './quantize.js';
import { alignTo64, checkFitBytes, RegionLayout } from '../parallel/shared-memory.js';
import { SPLIT_SLOT_BYTES } from './split-slots.js';
import { CONTROL_BYTES } from '../parallel/task-channel.js';

export interface FitMemoryLayout {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Bins reserved per feature in a histogram slot: the --bins asked for. */
  readonly binStride: number;
  readonly nSlots: number;
  readonly nWorkers: number;
  readonly bytes: number;
  readonly binned: number;
  readonly binnedRows: number;
  readonly gradients: number;
  readonly hessians: number;
  /** --quantized: the round's packed (g, h, 1) per row (quantize.ts); 0 bytes otherwise. */
  readonly packed: number;
  /** Bytes a histogram bin takes: 16, or 8 when quantized. */
  readonly binBytes: number;
  readonly rows: number;
  readonly featureMask: number;
  readonly hist: number;
  readonly partition: number;
  readonly workerIndex: number;
  readonly nextBlock: number;
  readonly splits: number;
  readonly control: number;
  readonly scratch: number;
  readonly scratchStride: number;
}

/** What workers receive once, as workerData. */
export interface SharedFitData {
  readonly layout: FitMemoryLayout;
  readonly memory: WebAssembly.Memory;
  readonly quantization: Quantization;
  /** Set for a --quantized fit: the packed bins' fields. */
  readonly packed?: PackedQuantization;
}

export function fitMemoryLayout(
  nRows: number,
  nFeatures: number,
  binStride: number,
  nSlots: number,
  nWorkers: number,
  nBlocks: number,
  quantized = false,
): FitMemoryLayout {
  const slotBins = nFeatures * binStride;
  const regions = new RegionLayout();
  const take = (bytes: number) => regions.take(bytes);
  const layout = {
    nRows,
    nFeatures,
    binStride,
    nSlots,
    nWorkers,
    binned: take(nRows * nFeatures),
    binnedRows: take(nRows * nFeatures),
    gradients: take(nRows * 4),
    hessians: take(nRows * 4),
    packed: quantized ? take(nRows * 8) : 0,
    binBytes: quantized ? 8 : 16,
    rows: take(nRows * 4),
    featureMask: take(nFeatures),
    hist: take(nSlots * slotBins * 16),
    partition: take(nRows * 4),
    workerIndex: take(4),
    nextBlock: take(4),
    splits: take(nBlocks * 2 * SPLIT_SLOT_BYTES),
    control: take(nWorkers * CONTROL_BYTES),
    scratchStride: alignTo64(nRows * 16 + 64),
    scratch: 0,
    bytes: 0,
  };
  layout.scratch = take(nWorkers * layout.scratchStride);
  layout.bytes = regions.bytes;
  checkFitBytes(layout.bytes, nRows, nFeatures);
  return layout;
}

/** Typed views of the arrays the main thread reads and writes. */
export function fitViews(memory: WebAssembly.Memory, l: FitMemoryLayout) {
  const buffer = memory.buffer;
  return {
    binned: new Uint8Array(buffer, l.binned, l.nRows * l.nFeatures),
    binnedRows: new Uint8Array(buffer, l.binnedRows, l.nRows * l.nFeatures),
    gradients: new Float32Array(buffer, l.gradients, l.nRows),
    hessians: new Float32Array(buffer, l.hessians, l.nRows),
    rows: new Uint32Array(buffer, l.rows, l.nRows),
    featureMask: new Uint8Array(buffer, l.featureMask, l.nFeatures),
  };
}
