// Sums the outputs of many trees for every row, on worker threads when the job
// is large enough to pay for starting them, inline otherwise.
// The loop itself is packed-trees.ts's.
import { availableParallelism } from 'node:os';
import type { DenseMatrix } from '../io/dense-matrix.js';
import type { PredictTask } from '../parallel/predict.worker.js';
import { withPool } from '../parallel/pool.js';
import type { FlatTree } from './flat-tree.js';
import { packTrees, sumPackedTrees } from './packed-trees.js';

/** Below this many row x tree visits, one thread finishes before workers would start. */
const PARALLEL_MIN_WORK = 1_000_000;

/** Adds the summed output of `trees` for each row of X to `out`. */
export async function addTreeOutputs(trees: readonly FlatTree[], X: DenseMatrix, out: Float64Array, threads = availableParallelism()): Promise<void> {
  const nThreads = Math.max(1, Math.min(threads, Math.ceil(X.nRows / 1024)));
  if (nThreads === 1 || X.nRows * trees.length < PARALLEL_MIN_WORK) {
    sumPackedTrees(packTrees(trees), X.data, X.nCols, out, 0, X.nRows);
    return;
  }
  const packed = packTrees(trees, true);
  const data = new SharedArrayBuffer(X.data.byteLength);
  new Float32Array(data).set(X.data);
  const shared = new SharedArrayBuffer(out.byteLength);
  new Float64Array(shared).set(out);
  const rangeOf = (t: number) => [Math.floor((t * X.nRows) / nThreads), Math.floor(((t + 1) * X.nRows) / nThreads)] as const;
  // shares 1.. go to nThreads - 1 workers; share 0 is done here meanwhile, so
  // no thread sits idle and one fewer worker has to start
  await withPool({ worker: 'predict.worker', threads: nThreads - 1, workerData: undefined }, async (pool) => {
    const running = Array.from({ length: nThreads - 1 }, (_, k) => {
      const [start, end] = rangeOf(k + 1);
      const task: PredictTask = { trees: packed, X: data, nCols: X.nCols, out: shared, start, end };
      return pool.run(task);
    });
    const [start, end] = rangeOf(0);
    sumPackedTrees(packed, X.data, X.nCols, out, start, end);
    await Promise.all(running);
  });
  const [, end0] = rangeOf(0);
  out.set(new Float64Array(shared).subarray(end0), end0);
}
