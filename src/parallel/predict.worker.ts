// Worker entry: one exported handler that adds the outputs of packed trees
// (trees/packed-trees.ts) for a range of rows. Everything arrives as
// SharedArrayBuffers, so a task message carries no data, only views.
import { sumPackedTrees, type PackedTrees } from '../trees/packed-trees.js';

export interface PredictTask {
  readonly trees: PackedTrees;
  readonly X: SharedArrayBuffer;
  readonly nCols: number;
  readonly out: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
}

export default function predictRows(task: PredictTask): void {
  sumPackedTrees(task.trees, new Float32Array(task.X), task.nCols, new Float64Array(task.out), task.start, task.end);
}
