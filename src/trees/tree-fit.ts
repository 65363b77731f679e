// Sets up one tree-learning fit: bins the training matrix into shared memory
// (binning/bin-mapper.ts), allocates the shared gradient, row and histogram
// buffers, starts the worker pool, and hands the boosting or forest loop a
// GrowerContext. Everything is released when the loop returns or throws.
import { availableParallelism } from 'node:os';
import { fitBinMapper, type BinMapper } from '../binning/bin-mapper.js';
import type { DenseMatrix } from '../io/dense-matrix.js';
import type { HistogramResult, HistogramTask, SharedFitData } from '../parallel/messages.js';
import { withPool } from '../parallel/pool.js';
import type { GrowerContext } from './grower.js';

export interface TreeFitContext extends GrowerContext {
  readonly featureMask: Uint8Array;
  readonly nFeatures: number;
}

export interface TreeFitOptions {
  /** Histogram bins per feature (2..256). */
  readonly bins: number;
  readonly threads?: number;
  /** Histogram slots: leaves that may be open at once, plus one. */
  readonly nSlots: number;
  /** Names the failing fit in worker errors, e.g. `gbdt seed 0`. */
  readonly label: string;
}

/** Runs `body` with a ready context; the pool is closed afterwards whatever happens. */
export async function withTreeFit<T>(X: DenseMatrix, opts: TreeFitOptions, body: (ctx: TreeFitContext, currentTree: { index: number }) => Promise<T>): Promise<T> {
  const { nRows, nCols } = X;
  const binnedBuffer = new SharedArrayBuffer(nRows * nCols);
  const binned = new Uint8Array(binnedBuffer);
  const mapper: BinMapper = fitBinMapper(X, opts.bins, binned);
  const binStride = mapper.maxBins;
  const slotBins = nCols * binStride;
  const shared: SharedFitData = {
    nRows,
    nFeatures: nCols,
    binStride,
    binsPerFeature: mapper.thresholds.map((t) => t.length + 1),
    binned: binnedBuffer,
    gradients: new SharedArrayBuffer(nRows * 4),
    hessians: new SharedArrayBuffer(nRows * 4),
    rows: new SharedArrayBuffer(nRows * 4),
    histSums: new SharedArrayBuffer(opts.nSlots * slotBins * 2 * 8),
    histCounts: new SharedArrayBuffer(opts.nSlots * slotBins * 4),
    featureMask: new SharedArrayBuffer(nCols),
  };
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), nCols));
  const currentTree = { index: 0 };
  return withPool({ worker: 'histogram.worker', threads, workerData: shared }, async (pool) => {
    const ctx: TreeFitContext = {
      nRows,
      nFeatures: nCols,
      binned,
      gradients: new Float32Array(shared.gradients),
      hessians: new Float32Array(shared.hessians),
      rows: new Uint32Array(shared.rows),
      featureMask: new Uint8Array(shared.featureMask).fill(1),
      thresholds: mapper.thresholds,
      featureBlocks: featureBlocks(nCols, threads),
      nSlots: opts.nSlots,
      runTask: async (task: HistogramTask): Promise<HistogramResult> => {
        try {
          return (await pool.run(task)) as HistogramResult;
        } catch (err) {
          throw new Error(`${opts.label}, tree ${currentTree.index}: a histogram worker failed: ${(err as Error)?.message ?? err}`, { cause: err });
        }
      },
    };
    return body(ctx, currentTree);
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
