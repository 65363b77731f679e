// Sets up one tree-learning fit: lays out and allocates the shared memory
// (fit-memory.ts), bins the training matrix into it, feature-major
// and row-major (binning/), starts the worker pool, and hands the boosting or
// forest loop a GrowerContext. The pool is closed when the loop returns or throws.
import { availableParallelism } from 'node:os';
import { binOnPool, featureBlocks } from '../binning/bin-on-pool.js';
import { transposeBins } from '../binning/transpose-bins.js';
import type { DenseMatrix } from '../io/dense-matrix.js';
import { fitMemoryLayout, fitViews, type SharedFitData } from './fit-memory.js';
import { sharedMemory } from '../parallel/shared-memory.js';
import { HISTOGRAM_TASK_CODEC, type ServeTask } from './histogram-task.js';
import { TaskChannel } from '../parallel/task-channel.js';
import { withPool } from '../parallel/pool.js';
import type { GrowerContext } from './grower.js';
import { betterSplit, NO_SPLIT } from './split.js';
import { readSplit, SPLIT_SLOT_BYTES } from './split-slots.js';
import { quantizationFor } from './quantize.js';
import { loadTreeKernels } from '../wasm/tree-kernels.js';

export interface TreeFitContext extends GrowerContext {
  readonly featureMask: Uint8Array;
  readonly nFeatures: number;
}

/**
 * Feature blocks per worker that each split's work is cut into; workers claim
 * them one at a time, so one slowed down (this VM's cores are shared) makes
 * the other take more. With a static half each, the faster worker waited
 * ~0.4 s of a 5 s, 60-tree fit; wall times with 1 and 4 blocks per worker
 * were within this machine's noise.
 */
const BLOCKS_PER_WORKER = 4;

export interface TreeFitOptions {
  /** Histogram bins per feature (2..256). */
  readonly bins: number;
  /** Bounds on the gradients and hessians the loop will write (fix the fixed-point scales). */
  readonly maxAbsGradient: number;
  readonly maxHessian: number;
  readonly threads?: number;
  /** Histogram slots: leaves that may be open at once, plus one. */
  readonly nSlots: number;
  /** Names the failing fit in worker errors, e.g. `gbdt seed 0`. */
  readonly label: string;
}

/** Runs `body` with a ready context; the pool is closed afterwards whatever happens. */
export async function withTreeFit<T>(
  X: DenseMatrix,
  opts: TreeFitOptions,
  body: (ctx: TreeFitContext, currentTree: { index: number }) => Promise<T>,
): Promise<T> {
  const { nRows, nCols } = X;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), nCols));
  const blocks = featureBlocks(nCols, Math.min(nCols, BLOCKS_PER_WORKER * threads));
  const layout = fitMemoryLayout(nRows, nCols, opts.bins, opts.nSlots, threads, blocks.length);
  const memory = sharedMemory(layout.bytes);
  const views = fitViews(memory, layout);
  const shared: SharedFitData = {
    layout,
    memory,
    quantization: quantizationFor(nRows, opts.maxAbsGradient, opts.maxHessian),
  };
  const kernels = loadTreeKernels(memory);
  const currentTree = { index: 0 };
  return withPool({ worker: 'tree-learner/histogram.worker', threads, workerData: shared }, async (pool) => {
    const thresholds = await binOnPool(pool, X, opts.bins, threads, opts.label);
    // the bins row-major too, for small leaves
    transposeBins(views.binned, nRows, nCols, views.binnedRows);
    // one long serve task per worker; work orders then go through the task channel
    let failure: unknown;
    const serveTask: ServeTask = { binsPerFeature: thresholds.map((t) => t.length + 1), blocks };
    const serving = Array.from({ length: threads }, () =>
      pool.run(serveTask, { name: 'serve' }).catch((err: unknown) => void (failure ??= err)),
    );
    const nextBlock = new Int32Array(memory.buffer, layout.nextBlock, 1);
    const channel = new TaskChannel(memory.buffer, layout.control, threads, HISTOGRAM_TASK_CODEC, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      if (failure !== undefined) throw failure;
    });
    const workerFailed = (err: unknown) =>
      new Error(
        `${opts.label}, tree ${currentTree.index}: a histogram worker failed: ${(err as Error)?.message ?? err}`,
        { cause: err },
      );
    const ctx: TreeFitContext = {
      ...views,
      nRows,
      nFeatures: nCols,
      thresholds,
      nSlots: opts.nSlots,
      partition: (start, end, feature, bin) =>
        kernels.partition(layout.rows, start, end, layout.binned + feature * nRows, bin, layout.partition),
      runTask: async (task) => {
        Atomics.store(nextBlock, 0, 0); // every worker finished the last order: no one reads it now
        try {
          await channel.run(task);
        } catch (err) {
          throw workerFailed(err);
        }
        // best over the blocks; betterSplit orders by gain, then feature, so the order of blocks does not matter
        let small = NO_SPLIT;
        let large = NO_SPLIT;
        for (let k = 0; k < blocks.length; k++) {
          small = betterSplit(small, readSplit(memory.buffer, layout.splits + 2 * k * SPLIT_SLOT_BYTES));
          large = betterSplit(large, readSplit(memory.buffer, layout.splits + (2 * k + 1) * SPLIT_SLOT_BYTES));
        }
        return { small, large };
      },
    };
    ctx.featureMask.fill(1);
    try {
      return await body(ctx, currentTree);
    } finally {
      channel.stop();
      await Promise.all(serving);
    }
  });
}
