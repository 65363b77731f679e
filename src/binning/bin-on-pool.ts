// Binning a training matrix on a fit's worker pool: the main thread transposes
// the rows into shared columns, the workers each bin a few feature ranges
// (binning/bin-mapper.ts binColumns) straight into the fit's shared memory.
// Every tree-learning worker exports the handler made by binFeaturesHandler.
import { binColumns, checkBinCount, transposeColumnsInto } from './bin-mapper.js';
import type { DenseMatrix } from '../core/dense-matrix.js';

/**
 * Binning of feature blocks: each runner (pool worker, or the calling thread)
 * claims block indices from the shared counter `next` until none is left, so
 * one that starts late or runs slow takes fewer. A worker gets one such task
 * for the whole binning: with a task per block, piscina handed a worker its
 * next block only when the main thread's event loop turned, which it did not
 * while the main thread binned its own share (a worker sat idle 244 ms of a
 * 950 ms binning of the canonical set, measured).
 */
export interface BinTask {
  /** Feature-major raw values, nRows per feature. */
  readonly columns: Float32Array;
  readonly blocks: ReadonlyArray<readonly [number, number]>;
  /** One Int32 in a SharedArrayBuffer: the next block index to claim. */
  readonly next: Int32Array;
  /**
   * One Int32 in a SharedArrayBuffer: how many blocks' columns are written (the
   * calling thread transposes block by block; workers start on the first
   * while it does the rest). Absent: all of them.
   */
  readonly ready?: Int32Array;
  readonly nBins: number;
}

/** The blocks a runner binned: block index, then each of its features' edges. */
export type BinResult = Array<readonly [number, Float64Array[]]>;

/** `count` contiguous blocks of features, sizes differing by at most one. */
export function featureBlocks(nFeatures: number, count: number): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * nFeatures) / count);
    const end = Math.floor(((b + 1) * nFeatures) / count);
    if (end > start) blocks.push([start, end]);
  }
  return blocks;
}

/** Where binning runs: `workers` pool workers, and the calling thread meanwhile when `here` is given. */
export interface BinRunners {
  readonly onPool: (task: BinTask) => Promise<BinResult>;
  readonly here?: (task: BinTask) => BinResult;
  readonly workers: number;
}

/**
 * Bins X into the binned matrix of the pool's shared memory; returns every
 * feature's edges. A few feature blocks per thread, claimed as the threads
 * get to them (argsorts of different columns take different times): one task
 * per worker goes to the pool first, then the calling thread claims blocks
 * too while they work. Which thread bins which block does not change a value.
 */
export async function binOnPool(
  runners: BinRunners,
  X: DenseMatrix,
  nBins: number,
  label: string,
): Promise<Float64Array[]> {
  checkBinCount(nBins);
  const threads = runners.workers + (runners.here ? 1 : 0);
  const task: BinTask = {
    columns: new Float32Array(new SharedArrayBuffer(X.nRows * X.nCols * 4)),
    blocks: featureBlocks(X.nCols, Math.min(X.nCols, 4 * threads)),
    next: new Int32Array(new SharedArrayBuffer(4)),
    ready: new Int32Array(new SharedArrayBuffer(4)),
    nBins,
  };
  try {
    const pooled = Promise.all(Array.from({ length: runners.workers }, () => runners.onPool(task)));
    pooled.catch(() => undefined); // awaited below, after this thread's share, which may throw first
    // the columns block by block: a worker bins the first while this thread writes the next
    // (transposing the canonical set took 0.24 s, which the workers spent waiting)
    try {
      for (let k = 0; k < task.blocks.length; k++) {
        transposeColumnsInto(X, task.columns, task.blocks[k][0], task.blocks[k][1]);
        Atomics.store(task.ready!, 0, k + 1);
        Atomics.notify(task.ready!, 0);
      }
    } finally {
      // never leave a worker waiting on a block this thread will not write
      Atomics.store(task.ready!, 0, task.blocks.length);
      Atomics.notify(task.ready!, 0);
    }
    const here = runners.here ? runners.here(task) : [];
    const byBlock = new Array<Float64Array[]>(task.blocks.length);
    for (const [block, edges] of [...(await pooled).flat(), ...here]) byBlock[block] = edges;
    if (byBlock.some((edges) => edges === undefined)) throw new Error('a feature block was not binned');
    return byBlock.flat();
  } catch (err) {
    throw new Error(`${label}: a binning worker failed: ${(err as Error)?.message ?? err}`, { cause: err });
  }
}

/** The worker side: a `binFeatures` handler writing into the binned matrix at `binnedAt` of `memory`. */
export function binFeaturesHandler(
  memory: WebAssembly.Memory,
  binnedAt: number,
  nRows: number,
  nFeatures: number,
): (task: BinTask) => BinResult {
  return (task) => {
    const binned = new Uint8Array(memory.buffer, binnedAt, nRows * nFeatures);
    const done: BinResult = [];
    for (let k = Atomics.add(task.next, 0, 1); k < task.blocks.length; k = Atomics.add(task.next, 0, 1)) {
      // workers only: the calling thread transposes every block before it claims one
      if (task.ready)
        for (let r = Atomics.load(task.ready, 0); r <= k; r = Atomics.load(task.ready, 0))
          Atomics.wait(task.ready, 0, r);
      const [featureStart, featureEnd] = task.blocks[k];
      done.push([k, binColumns(task.columns, nRows, featureStart, featureEnd, task.nBins, binned)]);
    }
    return done;
  };
}
