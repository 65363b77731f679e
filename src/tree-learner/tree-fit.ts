// Sets up one tree-learning fit and hands the boosting or forest loop a
// TreeFitContext. Two learners behind it, as LightGBM wraps its serial tree
// learner in parallel ones:
//   - pooled: the histogram work runs on the main thread and threads - 1
//     piscina workers (histogram.worker.ts), orders going through the task
//     channel, binning shared the same way;
//   - serial: the same work (histogram-builder.ts) on the main thread, for
//     --threads 1 and small inputs, where starting a pool costs more than it
//     saves (a 20-tree fit of the 35-row sample: 0.14-0.17 s pooled, 0.02-0.04 s
//     serial, measured).
// Both lay out the same shared memory (fit-memory.ts) and give identical trees
// (a test checks): the best split over feature blocks does not depend on who
// searched which block. The pool is closed when the loop returns or throws.
import { binFeaturesHandler, binOnPool, featureBlocks } from '../binning/bin-on-pool.js';
import { checkBinCount, transposeToColumns } from '../binning/bin-mapper.js';
import { transposeBins } from '../binning/transpose-bins.js';
import type { DenseMatrix } from '../core/dense-matrix.js';
import { withPool } from '../parallel/pool.js';
import { sharedMemory } from '../parallel/shared-memory.js';
import { EVENT_LOOP_TURN_MS, TaskChannel } from '../parallel/task-channel.js';
import { loadTreeKernels } from '../wasm/tree-kernels.js';
import { fitMemoryLayout, fitViews, type FitMemoryLayout, type SharedFitData } from './fit-memory.js';
import type { GrowerContext } from './grower.js';
import { histogramBuilder, isRowWise } from './histogram-builder.js';
import type * as HistogramWorker from './histogram.worker.js';
import {
  HISTOGRAM_TASK_CODEC,
  type HistogramResult,
  type HistogramTask,
  type LeafTotals,
  type ServeTask,
} from './histogram-task.js';
import { packedQuantizationFor, quantizationFor, roundScales, unpackSum } from './quantize.js';
import { readSplit, SPLIT_SLOT_BYTES } from './split-slots.js';
import { betterSplit, NO_SPLIT } from './split.js';
import type { BinCache } from '../core/bin-cache.js';
import { busyCores } from '../parallel/threads.js';

export interface TreeFitContext extends GrowerContext {
  readonly featureMask: Uint8Array;
  readonly nFeatures: number;
  /**
   * --quantized fits only: rounds this round's gradients and hessians of
   * rows[0, nRowsInTree) (quantize.ts; `seed` picks the rounding coins) and
   * returns the root's sums as the histograms will count them.
   */
  readonly quantizeRound?: (nRowsInTree: number, seed: bigint) => LeafTotals;
}

/**
 * Feature blocks per worker that each split's work is cut into; workers claim
 * them one at a time, so one slowed down (this VM's cores are shared) makes
 * the other take more. With a static half each, the faster worker waited
 * ~0.4 s of a 5 s, 60-tree fit; wall times with 1 and 4 blocks per worker
 * were within this machine's noise.
 */
const BLOCKS_PER_WORKER = 4;

/**
 * The column-wise blocks of a pooled fit, largest first (sizes in the ratio
 * 4, 4, 3, 3, 2, 2, 1, 1 for two learners), so that the blocks claimed last,
 * which decide how long the other thread waits, are the small ones. In two
 * CPU profiles each of the canonical fit (2 threads), the main thread's wait
 * for the worker went from 786 and 656 ms with equal blocks to 529 and 337 ms,
 * and the worker's idle time from 1.93 and 1.84 s to 1.58 and 1.57 s.
 */
function guidedBlocks(nCols: number, learners: number): Array<[number, number]> {
  const count = BLOCKS_PER_WORKER * learners;
  if (learners === 1 || nCols < 2 * count) return featureBlocks(nCols, Math.min(nCols, count));
  const weights = Array.from({ length: count }, (_, k) => BLOCKS_PER_WORKER - Math.floor(k / learners));
  const total = weights.reduce((a, b) => a + b, 0);
  const blocks: Array<[number, number]> = [];
  let sum = 0;
  let start = 0;
  for (const w of weights) {
    sum += w;
    const end = Math.round((sum / total) * nCols);
    if (end > start) blocks.push([start, end]);
    start = end;
  }
  return blocks;
}

/**
 * Pooled, row-wise (small-leaf) tasks are cut into one feature block per
 * learner rather than BLOCKS_PER_WORKER: each pass over a leaf reads every one
 * of its rows from the row-major bins, so fewer, wider blocks read them fewer
 * times. buildRows took 3.3 s a thread with 4 blocks per learner, 2.8 s with
 * 2, 2.55 s with 1 (2 learners, 200 trees). The serial learner keeps its 4
 * (3.5 s against 3.8 s with 1).
 */
const rowBlocksOf = (nCols: number, learners: number, blocks: Array<[number, number]>) =>
  learners > 1 ? featureBlocks(nCols, Math.min(nCols, learners)) : blocks;

/**
 * Inputs with fewer values than this (rows x features) are fitted by the
 * serial learner whatever --threads says. Measured, 100 trees on 2 threads:
 * 500 x 200 serial 0.53 s, pooled 0.55-0.62 s; 1000 x 200 serial 1.01-1.08 s,
 * pooled 0.79-0.91 s; 4000 x 200 serial 1.90 s, pooled 1.37-1.44 s.
 */
export const SERIAL_BELOW_VALUES = 150_000;

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
  /** Force a learner (tests); by default serial for one thread or a small input. */
  readonly learner?: 'serial' | 'pooled';
  /** Quantized gradients and one-word histogram bins (quantize.ts). */
  readonly quantized?: boolean;
  /** Bins of X kept from an earlier fit of the same matrix, and where this fit's are kept (bin-cache.ts). */
  readonly binCache?: BinCache;
}

type Body<T> = (ctx: TreeFitContext, currentTree: { index: number }) => Promise<T>;

/** What both learners share: the fit's memory, its views and kernels, and how results are read. */
interface FitSetup {
  readonly X: DenseMatrix;
  readonly opts: TreeFitOptions;
  readonly layout: FitMemoryLayout;
  readonly shared: SharedFitData;
  readonly blocks: Array<[number, number]>;
  readonly rowBlocks: Array<[number, number]>;
  readonly currentTree: { index: number };
}

function setUp(X: DenseMatrix, opts: TreeFitOptions, learners: number): FitSetup {
  const { nRows, nCols } = X;
  const blocks = guidedBlocks(nCols, learners);
  const rowBlocks = rowBlocksOf(nCols, learners, blocks);
  const packed = opts.quantized ? packedQuantizationFor(nRows) : undefined;
  const layout = fitMemoryLayout(
    nRows,
    nCols,
    opts.bins,
    opts.nSlots,
    learners,
    Math.max(blocks.length, rowBlocks.length),
    packed !== undefined,
  );
  const memory = sharedMemory(layout.bytes);
  const shared: SharedFitData = {
    layout,
    memory,
    quantization: quantizationFor(nRows, opts.maxAbsGradient, opts.maxHessian),
    ...(packed ? { packed } : {}),
  };
  return { X, opts, layout, shared, blocks, rowBlocks, currentTree: { index: 0 } };
}

/** The context the grower sees, around one learner's `run` (which leaves each block's best in its result slots). */
function contextFor(
  setup: FitSetup,
  thresholds: Float64Array[],
  run: (task: HistogramTask) => Promise<void>,
): TreeFitContext {
  const { X, layout, shared, opts } = setup;
  const { memory } = shared;
  const views = fitViews(memory, layout);
  const kernels = loadTreeKernels(memory);
  const nextBlock = new Int32Array(memory.buffer, layout.nextBlock, 1);
  // the bins row-major too, for small leaves (copied from the cache, or transposed and kept)
  const cached = opts.binCache?.get(X, opts.bins);
  if (cached) views.binnedRows.set(cached.rows);
  else {
    transposeBins(views.binned, X.nRows, X.nCols, views.binnedRows);
    opts.binCache?.set(X, opts.bins, {
      thresholds,
      columns: views.binned.slice(),
      rows: views.binnedRows.slice(),
    });
  }
  // the round's quantization units (--quantized; 0 otherwise, unused)
  let units = { gUnit: 0, hUnit: 0 };
  const packed = shared.packed;
  const quantizeRound = packed
    ? (nRowsInTree: number, seed: bigint): LeafTotals => {
        let maxAbsGradient = 0;
        let maxHessian = 0;
        const { rows, gradients, hessians } = views;
        for (let i = 0; i < nRowsInTree; i++) {
          const r = rows[i];
          maxAbsGradient = Math.max(maxAbsGradient, Math.abs(gradients[r]));
          maxHessian = Math.max(maxHessian, hessians[r]);
        }
        const scales = roundScales(maxAbsGradient, maxHessian);
        units = { gUnit: scales.gUnit, hUnit: scales.hUnit };
        const sum = kernels.quantize(
          layout.rows,
          0,
          nRowsInTree,
          layout.gradients,
          layout.hessians,
          layout.packed,
          scales.gScale,
          scales.hScale,
          packed.countBits,
          packed.gShift,
          seed,
        );
        const totals = unpackSum(sum, packed);
        return { sumGradients: totals.g * scales.gUnit, sumHessians: totals.h * scales.hUnit, count: totals.count };
      }
    : undefined;
  const ctx: TreeFitContext = {
    ...(quantizeRound ? { quantizeRound } : {}),
    ...views,
    nRows: X.nRows,
    nFeatures: X.nCols,
    thresholds,
    nSlots: opts.nSlots,
    partition: (start, end, feature, bin) =>
      kernels.partition(layout.rows, start, end, layout.binned + feature * X.nRows, bin, layout.partition),
    runTask: async (growerTask): Promise<HistogramResult> => {
      const task: HistogramTask = { ...growerTask, ...units };
      Atomics.store(nextBlock, 0, 0); // every learner finished the last order: no one reads it now
      await run(task);
      // best over the blocks; betterSplit orders by gain, then feature, so the order of blocks does not matter
      const blocks = isRowWise(task, layout.nRows, layout.nWorkers) ? setup.rowBlocks : setup.blocks;
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
  return ctx;
}

/** The learner a fit uses by default: serial for one thread or fewer than SERIAL_BELOW_VALUES values. */
export function defaultLearner(threads: number, nRows: number, nCols: number): 'serial' | 'pooled' {
  return threads === 1 || nRows * nCols < SERIAL_BELOW_VALUES ? 'serial' : 'pooled';
}

/** Runs `body` with a ready context; the pool (if any) is closed afterwards whatever happens. */
export async function withTreeFit<T>(X: DenseMatrix, opts: TreeFitOptions, body: Body<T>): Promise<T> {
  const threads = busyCores(opts.threads, X.nCols);
  const learner = opts.learner ?? defaultLearner(threads, X.nRows, X.nCols);
  // one thread pooled is the main thread alone: the serial learner
  return learner === 'serial' || threads === 1 ? serialFit(X, opts, body) : pooledFit(X, opts, threads, body);
}

/** X's edges when the cache has its bins, which are then copied into the fit's memory. */
function fromCache(setup: FitSetup): Float64Array[] | undefined {
  const { X, opts, shared, layout } = setup;
  const cached = opts.binCache?.get(X, opts.bins);
  if (!cached) return undefined;
  new Uint8Array(shared.memory.buffer, layout.binned, X.nRows * X.nCols).set(cached.columns);
  return cached.thresholds.slice();
}

/** The serial learner: binning and histogram work on the main thread. */
async function serialFit<T>(X: DenseMatrix, opts: TreeFitOptions, body: Body<T>): Promise<T> {
  checkBinCount(opts.bins);
  const setup = setUp(X, opts, 1);
  const { shared, blocks, rowBlocks, layout } = setup;
  const binHere = (): Float64Array[] => {
    const bin = binFeaturesHandler(shared.memory, layout.binned, X.nRows, X.nCols);
    const task = { columns: transposeToColumns(X), next: new Int32Array(1), nBins: opts.bins };
    return bin({ ...task, blocks: [[0, X.nCols]] })[0][1];
  };
  const thresholds = fromCache(setup) ?? binHere();
  const builder = histogramBuilder(shared, 0);
  builder.setup({ binsPerFeature: thresholds.map((t) => t.length + 1), blocks, rowBlocks });
  let lastTurn = performance.now();
  const ctx = contextFor(setup, thresholds, async (task) => {
    try {
      builder.run(task);
    } catch (err) {
      throw new Error(
        `${opts.label}, tree ${setup.currentTree.index}: the histogram work failed: ${(err as Error)?.message ?? err}`,
        { cause: err },
      );
    }
    if (performance.now() - lastTurn > EVENT_LOOP_TURN_MS) {
      lastTurn = performance.now();
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  return body(ctx, setup.currentTree);
}

/**
 * The pooled learner: the main thread and threads - 1 histogram workers, orders
 * through the task channel. The main thread takes feature blocks of every
 * order like the workers (as OpenMP's master thread does in LightGBM), so
 * --threads 2 means two threads at work, not two workers spinning while the
 * main thread partitions rows on a third. Binning is shared the same way.
 */
async function pooledFit<T>(X: DenseMatrix, opts: TreeFitOptions, threads: number, body: Body<T>): Promise<T> {
  const setup = setUp(X, opts, threads);
  const { shared, blocks, rowBlocks, layout, currentTree } = setup;
  const workers = threads - 1;
  const workerOptions = { worker: 'tree-learner/histogram.worker', threads: workers, workerData: shared };
  return withPool<typeof HistogramWorker, T>(workerOptions, async (pool) => {
    const binHere = binFeaturesHandler(shared.memory, layout.binned, X.nRows, X.nCols);
    const thresholds =
      fromCache(setup) ??
      (await binOnPool(
        { onPool: (task) => pool.run('binFeatures', task), here: binHere, workers },
        X,
        opts.bins,
        opts.label,
      ));
    // one long serve task per worker; work orders then go through the task channel
    let failure: unknown;
    const serveTask: ServeTask = { binsPerFeature: thresholds.map((t) => t.length + 1), blocks, rowBlocks };
    const serving = Array.from({ length: workers }, () =>
      pool.run('serve', serveTask).catch((err: unknown) => void (failure ??= err)),
    );
    // the workers claim scratch areas 0..workers-1; the main thread's builder has the last
    const builder = histogramBuilder(shared, workers);
    builder.setup(serveTask);
    const channel = new TaskChannel(shared.memory.buffer, layout.control, workers, HISTOGRAM_TASK_CODEC, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      if (failure !== undefined) throw failure;
    });
    const ctx = contextFor(setup, thresholds, async (task) => {
      try {
        channel.send(task);
        builder.run(task);
        await channel.finished();
      } catch (err) {
        throw new Error(
          `${opts.label}, tree ${currentTree.index}: the histogram work failed: ${(err as Error)?.message ?? err}`,
          { cause: err },
        );
      }
    });
    try {
      return await body(ctx, currentTree);
    } finally {
      channel.stop();
      await Promise.all(serving);
    }
  });
}
