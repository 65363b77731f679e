// Worker entry: one exported handler that adds the outputs of an ensemble
// (trees/tree-scorer.ts) for a range of rows. The scorer's rows, tables and
// sums are in shared memory, so a task message carries no data, only views.
import { scoreRows, type RowScorer } from './tree-scorer.js';

export interface PredictTask {
  readonly scorer: RowScorer;
  /** This task's scratch area in the scorer. */
  readonly slot: number;
  readonly start: number;
  readonly end: number;
}

export default function predictRows(task: PredictTask): void {
  scoreRows(task.scorer, task.slot, task.start, task.end);
}
