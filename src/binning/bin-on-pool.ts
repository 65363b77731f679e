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

/**
 * Bins X into `binnedAt` (feature-major, nRows bytes per feature) of the pool's
 * shared memory; returns every feature's edges. A few ranges per worker, as
 * argsorts of different columns take different times.
 */
export async function binOnPool(
  runBinTask: (task: BinTask) => Promise<Float64Array[]>,
  X: DenseMatrix,
  nBins: number,
  threads: number,
  label: string,
): Promise<Float64Array[]> {
  checkBinCount(nBins);
  const columns = transposeToColumns(X, true);
  const tasks = featureBlocks(X.nCols, Math.min(X.nCols, 4 * threads)).map(([featureStart, featureEnd]): BinTask => ({
    columns,
    featureStart,
    featureEnd,
    nBins,
  }));
  try {
    const parts = await Promise.all(tasks.map((task) => runBinTask(task)));
    return parts.flat();
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
