// Binning a training matrix on a fit's worker pool: the main thread transposes
// the rows into shared columns, the workers each bin a few feature ranges
// (binning/bin-mapper.ts binColumns) straight into the fit's shared memory.
// Every tree-learning worker exports the handler made by binFeaturesHandler.
import { binColumns, checkBinCount, transposeToColumns } from './bin-mapper.js';
import type { DenseMatrix } from '../core/dense-matrix.js';

/** Binning of features [featureStart, featureEnd). */
export interface BinTask {
  /** Feature-major raw values, nRows per feature. */
  readonly columns: Float32Array;
  readonly featureStart: number;
  readonly featureEnd: number;
  readonly nBins: number;
}

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
  readonly onPool: (task: BinTask) => Promise<Float64Array[]>;
  readonly here?: (task: BinTask) => Float64Array[];
  readonly workers: number;
}

/**
 * Bins X into the binned matrix of the pool's shared memory; returns every
 * feature's edges. A few feature ranges per thread, as argsorts of different
 * columns take different times: the workers' share goes to the pool first,
 * then the calling thread bins its own share while they work.
 */
export async function binOnPool(
  runners: BinRunners,
  X: DenseMatrix,
  nBins: number,
  label: string,
): Promise<Float64Array[]> {
  checkBinCount(nBins);
  const columns = transposeToColumns(X, true);
  const threads = runners.workers + (runners.here ? 1 : 0);
  const tasks = featureBlocks(X.nCols, Math.min(X.nCols, 4 * threads)).map(([featureStart, featureEnd]): BinTask => ({
    columns,
    featureStart,
    featureEnd,
    nBins,
  }));
  const onPool = runners.here ? Math.round((tasks.length * runners.workers) / threads) : tasks.length;
  try {
    const pooled = Promise.all(tasks.slice(0, onPool).map((task) => runners.onPool(task)));
    pooled.catch(() => undefined); // awaited below, after this thread's share, which may throw first
    const here = tasks.slice(onPool).map((task) => runners.here!(task));
    return [...(await pooled), ...here].flat();
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
): (task: BinTask) => Float64Array[] {
  return (task) =>
    binColumns(
      task.columns,
      nRows,
      task.featureStart,
      task.featureEnd,
      task.nBins,
      new Uint8Array(memory.buffer, binnedAt, nRows * nFeatures),
    );
}
