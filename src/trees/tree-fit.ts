// Sets up one tree-learning fit: lays out and allocates the shared memory
// (parallel/fit-memory.ts), bins the training matrix into it, feature-major
// and row-major (binning/), starts the worker pool, and hands the boosting or
// forest loop a GrowerContext. The pool is closed when the loop returns or throws.
import { availableParallelism } from 'node:os';
import { fitBinMapper, type BinMapper } from '../binning/bin-mapper.js';
import { transposeBins } from '../binning/transpose-bins.js';
import type { DenseMatrix } from '../io/dense-matrix.js';
import { allocateFitMemory, fitMemoryLayout, fitViews, type SharedFitData } from '../parallel/fit-memory.js';
import { TaskChannel } from '../parallel/task-channel.js';
import { withPool } from '../parallel/pool.js';
import type { GrowerContext } from './grower.js';
import { quantizationFor } from './quantize.js';
import { loadTreeKernels } from '../wasm/tree-kernels.js';

export interface TreeFitContext extends GrowerContext {
  readonly featureMask: Uint8Array;
  readonly nFeatures: number;
}

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
export async function withTreeFit<T>(X: DenseMatrix, opts: TreeFitOptions, body: (ctx: TreeFitContext, currentTree: { index: number }) => Promise<T>): Promise<T> {
  const { nRows, nCols } = X;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), nCols));
  const layout = fitMemoryLayout(nRows, nCols, opts.bins, opts.nSlots, threads);
  const memory = allocateFitMemory(layout);
  const views = fitViews(memory, layout);
  const mapper: BinMapper = fitBinMapper(X, opts.bins, views.binned);
  transposeBins(views.binned, nRows, nCols, views.binnedRows);
  const shared: SharedFitData = {
    layout,
    memory,
    binsPerFeature: mapper.thresholds.map((t) => t.length + 1),
    quantization: quantizationFor(nRows, opts.maxAbsGradient, opts.maxHessian),
  };
  const kernels = loadTreeKernels(memory);
  const currentTree = { index: 0 };
  return withPool({ worker: 'histogram.worker', threads, workerData: shared }, async (pool) => {
    // one long serve task per worker; work orders then go through the task channel
    let failure: unknown;
    const serving = Array.from({ length: threads }, () => pool.run({}).catch((err: unknown) => void (failure ??= err)));
    const channel = new TaskChannel(memory.buffer, layout.control, threads, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      if (failure !== undefined) throw failure;
    });
    const workerFailed = (err: unknown) =>
      new Error(`${opts.label}, tree ${currentTree.index}: a histogram worker failed: ${(err as Error)?.message ?? err}`, { cause: err });
    const ctx: TreeFitContext = {
      ...views,
      nRows,
      nFeatures: nCols,
      thresholds: mapper.thresholds,
      featureBlocks: featureBlocks(nCols, threads),
      nSlots: opts.nSlots,
      partition: (start, end, feature, bin) => kernels.partition(layout.rows, start, end, layout.binned + feature * nRows, bin, layout.partition),
      runTasks: async (tasks) => {
        try {
          return await channel.run(tasks);
        } catch (err) {
          throw workerFailed(err);
        }
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

/** `threads` contiguous blocks of features, sizes differing by at most one. */
export function featureBlocks(nFeatures: number, threads: number): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  for (let b = 0; b < threads; b++) {
    const start = Math.floor((b * nFeatures) / threads);
    const end = Math.floor(((b + 1) * nFeatures) / threads);
    if (end > start) blocks.push([start, end]);
  }
  return blocks;
}
