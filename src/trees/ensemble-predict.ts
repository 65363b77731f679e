// Sums the outputs of many trees for every row, on worker threads when the job
// is large enough to pay for starting them, inline otherwise.
// The loops are tree-scorer.ts's.
import type { DenseMatrix } from '../core/dense-matrix.js';
import type * as PredictWorker from './predict.worker.js';
import type { PredictTask } from './predict.worker.js';
import { withPool } from '../parallel/pool.js';
import type { FlatTree } from './flat-tree.js';
import { makeRowScorer, scoreRows, scorerSums } from './tree-scorer.js';
import { busyCores } from '../parallel/threads.js';

/** Below this many row x tree visits, one thread finishes before workers would start. */
const PARALLEL_MIN_WORK = 1_000_000;

/** Adds the summed output of `trees` for each row of X to `out`. */
export async function addTreeOutputs(
  trees: readonly FlatTree[],
  X: DenseMatrix,
  out: Float64Array,
  threads?: number,
): Promise<void> {
  const nThreads = X.nRows * trees.length < PARALLEL_MIN_WORK ? 1 : busyCores(threads, Math.ceil(X.nRows / 1024));
  const scorer = makeRowScorer(trees, X, out, nThreads);
  const rangeOf = (t: number) =>
    [Math.floor((t * X.nRows) / nThreads), Math.floor(((t + 1) * X.nRows) / nThreads)] as const;
  if (nThreads === 1) {
    scoreRows(scorer, 0, 0, X.nRows);
  } else {
    // shares 1.. go to nThreads - 1 workers; share 0 is done here meanwhile, so
    // no thread sits idle and one fewer worker has to start
    const workerOptions = { worker: 'trees/predict.worker', threads: nThreads - 1, workerData: undefined };
    await withPool<typeof PredictWorker, void>(workerOptions, async (pool) => {
      const running = Array.from({ length: nThreads - 1 }, (_, k) => {
        const [start, end] = rangeOf(k + 1);
        const task: PredictTask = { scorer, slot: k + 1, start, end };
        return pool.run('default', task);
      });
      const [start, end] = rangeOf(0);
      scoreRows(scorer, 0, start, end);
      await Promise.all(running);
    });
  }
  const sums = scorerSums(scorer);
  if (sums !== out) out.set(sums);
}
