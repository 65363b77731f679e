// One learner's histogram work for a fit, with no transport of its own: build
// a split's histograms and search its best splits, block of features by
// block, with the WebAssembly kernels, in the fit's shared memory. The pooled
// learner runs one per worker (histogram.worker.ts, orders through the task
// channel); the serial learner (tree-fit.ts) runs one on the main thread.
import { loadTreeKernels } from '../wasm/tree-kernels.js';
import type { SharedFitData } from './fit-memory.js';
import type { HistogramTask, LeafTotals, ServeTask } from './histogram-task.js';
import { NO_SPLIT, type SplitInfo } from './split.js';
import { SPLIT_SLOT_BYTES, writeSplit } from './split-slots.js';

/**
 * A leaf's histogram is built row-wise (each row's bins of a block of features
 * at once, from the row-major copy) when the leaf has fewer than
 * nRows / rowWiseBelow(learners) rows, and column-wise otherwise. Alone, the
 * row-wise build wins for small leaves; with two learners at once it loses
 * most of that (on this 2-core machine each of two threads took as long over
 * its half of the features as one thread over all of them, where the
 * column-wise build halves). CPU profiles of the canonical 200-tree fit
 * (65856 x 200), histogram building (build + buildRows) per thread:
 *   1 learner:  4.15 s at 8, 4.38 s at 32, 4.74 s at 128, 5.00 s column-wise only
 *   2 learners: 3.62 s at 8, 2.65 s at 16, 2.45 s at 32, 1.69 s at 128, 1.93 s column-wise only
 */
export function rowWiseBelow(learners: number): number {
  return learners > 1 ? 128 : 8;
}

/** Whether `task` builds its histogram row-wise (and so is cut into the fit's row blocks). */
export function isRowWise(task: HistogramTask, nRows: number, learners: number): boolean {
  return !task.identityRows && (task.rowsEnd - task.rowsStart) * rowWiseBelow(learners) < nRows;
}

export interface HistogramBuilder {
  /** What binning found, before the first task. */
  setup(serve: ServeTask): void;
  /**
   * Claims feature blocks from the fit's shared counter until none is left
   * (so a worker that finishes early takes more) and writes each block's best
   * splits into its result slots. The leaf's gradients are gathered once, on
   * the first block claimed.
   */
  run(task: HistogramTask): void;
}

/** A builder using scratch area `scratchIndex` (one per learner running at once). */
export function histogramBuilder(shared: SharedFitData, scratchIndex: number): HistogramBuilder {
  const { layout, memory, quantization: q, packed } = shared;
  const kernels = loadTreeKernels(memory);
  // --quantized: one-word bins (8 bytes) and their kernels
  const binBytes = layout.binBytes;
  const k = packed
    ? {
        build: kernels.buildQ,
        build4: kernels.buildQ4,
        buildDense: kernels.buildDenseQ,
        buildDense4: kernels.buildDenseQ4,
        buildRows: kernels.buildRowsQ,
        subtract: kernels.subtractQ,
      }
    : kernels;
  const gh = layout.scratch + scratchIndex * layout.scratchStride;
  const out = gh + layout.nRows * 16;
  const results = new DataView(memory.buffer, out, 64);
  const slotBins = layout.nFeatures * layout.binStride;
  const featureMask = new Uint8Array(memory.buffer, layout.featureMask, layout.nFeatures);
  const nextBlock = new Int32Array(memory.buffer, layout.nextBlock, 1);
  /** Address of bin `bin` (counted over the slot's features) of a histogram slot. */
  const binAt = (slot: number, bin: number) => layout.hist + (slot * slotBins + bin) * binBytes;
  let binsPerFeature: readonly number[] = [];
  let blocks: ReadonlyArray<readonly [number, number]> = [];
  let rowBlocks: ReadonlyArray<readonly [number, number]> = [];

  /** The small child's histogram of features [featureStart, featureEnd), and the large child's by subtraction. */
  const histogramBlock = (task: HistogramTask, featureStart: number, featureEnd: number): void => {
    const { rowsStart, rowsEnd, smallSlot, largeSlot } = task;
    const stride = layout.binStride;
    const binStart = featureStart * stride;
    const nBins = (featureEnd - featureStart) * stride;
    kernels.clear(binAt(smallSlot, binStart), nBins * binBytes);
    if (isRowWise(task, layout.nRows, layout.nWorkers)) {
      k.buildRows(
        layout.binnedRows + featureStart,
        layout.nFeatures,
        featureEnd - featureStart,
        layout.rows,
        rowsStart,
        rowsEnd,
        gh,
        binAt(smallSlot, binStart),
        stride * binBytes,
      );
    } else {
      const { nRows } = layout;
      const featureBytes = stride * binBytes;
      let f = featureStart;
      for (; f + 4 <= featureEnd; f += 4) {
        const column = layout.binned + f * nRows;
        const sums = binAt(smallSlot, f * stride);
        if (task.identityRows) k.buildDense4(column, nRows, rowsStart, rowsEnd, gh, sums, featureBytes);
        else k.build4(column, nRows, layout.rows, rowsStart, rowsEnd, gh, sums, featureBytes);
      }
      for (; f < featureEnd; f++) {
        const column = layout.binned + f * nRows;
        if (task.identityRows) k.buildDense(column, rowsStart, rowsEnd, gh, binAt(smallSlot, f * stride));
        else k.build(column, layout.rows, rowsStart, rowsEnd, gh, binAt(smallSlot, f * stride));
      }
    }
    if (largeSlot >= 0)
      k.subtract(binAt(largeSlot, binStart), binAt(smallSlot, binStart), binAt(largeSlot, binStart), nBins);
  };

  /** Best split over the allowed features of a block; scanning upwards with a strict > keeps the lowest feature on ties. */
  const bestOverFeatures = (
    slot: number,
    totals: LeafTotals,
    task: HistogramTask,
    featureStart: number,
    featureEnd: number,
  ): SplitInfo => {
    const c = task.constraints;
    let best: SplitInfo = NO_SPLIT;
    for (let f = featureStart; f < featureEnd; f++) {
      if (featureMask[f] === 0) continue;
      const gain = packed
        ? kernels.bestSplitQ(
            binAt(slot, f * layout.binStride),
            binsPerFeature[f],
            task.gUnit,
            task.hUnit,
            packed.countBits,
            packed.gShift,
            totals.sumGradients,
            totals.sumHessians,
            totals.count,
            c.l2,
            c.minLeaf,
            c.minHessian,
            out,
          )
        : kernels.bestSplit(
            binAt(slot, f * layout.binStride),
            binsPerFeature[f],
            q.gUnit,
            q.hUnit,
            q.countBits,
            totals.sumGradients,
            totals.sumHessians,
            totals.count,
            c.l2,
            c.minLeaf,
            c.minHessian,
            out,
          );
      if (gain > 0 && gain > best.gain) {
        best = {
          feature: f,
          bin: results.getInt32(0, true),
          gain,
          leftCount: results.getInt32(4, true),
          leftGradient: results.getFloat64(8, true),
          leftHessian: results.getFloat64(16, true),
        };
      }
    }
    return best;
  };

  return {
    setup(serve) {
      binsPerFeature = serve.binsPerFeature;
      blocks = serve.blocks;
      rowBlocks = serve.rowBlocks;
    },
    run(task) {
      const taskBlocks = isRowWise(task, layout.nRows, layout.nWorkers) ? rowBlocks : blocks;
      let gathered = false;
      for (let b = Atomics.add(nextBlock, 0, 1); b < taskBlocks.length; b = Atomics.add(nextBlock, 0, 1)) {
        if (!gathered && packed) {
          kernels.gatherPacked(layout.rows, task.rowsStart, task.rowsEnd, layout.packed, gh);
          gathered = true;
        } else if (!gathered) {
          kernels.gather(
            layout.rows,
            task.rowsStart,
            task.rowsEnd,
            layout.gradients,
            layout.hessians,
            gh,
            q.gScale,
            q.hScale,
            q.countBits,
          );
          gathered = true;
        }
        const [featureStart, featureEnd] = taskBlocks[b];
        histogramBlock(task, featureStart, featureEnd);
        const at = layout.splits + 2 * b * SPLIT_SLOT_BYTES;
        writeSplit(
          memory.buffer,
          at,
          task.searchSmall ? bestOverFeatures(task.smallSlot, task.small, task, featureStart, featureEnd) : NO_SPLIT,
        );
        writeSplit(
          memory.buffer,
          at + SPLIT_SLOT_BYTES,
          task.searchLarge && task.largeSlot >= 0 && task.large
            ? bestOverFeatures(task.largeSlot, task.large, task, featureStart, featureEnd)
            : NO_SPLIT,
        );
      }
    },
  };
}
