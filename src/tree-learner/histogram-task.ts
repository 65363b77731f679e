// Types shared by the tree grower (main thread) and the histogram worker: what
// one task asks and returns, and how a task travels in a task-channel block.
// What is shared once per fit is fit-memory.ts's.
import type { TaskCodec } from '../parallel/task-channel.js';
import type { SplitConstraints, SplitInfo } from './split.js';

/** Gradient sum, hessian sum and row count of one leaf. */
export interface LeafTotals {
  readonly sumGradients: number;
  readonly sumHessians: number;
  readonly count: number;
}

/**
 * One split's histogram work, done block of features by block of features
 * (workers claim blocks from a shared counter): build the small child's
 * histogram from rows[rowsStart, rowsEnd) into `smallSlot`; when `largeSlot`
 * >= 0, turn that slot (which holds the parent's histogram) into the large
 * child's by subtracting the small one. Then search splits for the children
 * flagged in `search`, writing each block's best into its result slot.
 */
export interface HistogramTask {
  readonly smallSlot: number;
  readonly rowsStart: number;
  readonly rowsEnd: number;
  /** rows[i] === i over the range (a root over every row): lets the kernel skip the row ids. */
  readonly identityRows: boolean;
  readonly small: LeafTotals;
  readonly largeSlot: number;
  readonly large?: LeafTotals;
  readonly searchSmall: boolean;
  readonly searchLarge: boolean;
  readonly constraints: SplitConstraints;
  /** --quantized: what one integer step of g and of h is worth this round (0 otherwise). */
  readonly gUnit: number;
  readonly hUnit: number;
}

/** Best split per child over all features (NO_SPLIT when none or not searched). */
export interface HistogramResult {
  readonly small: SplitInfo;
  readonly large: SplitInfo;
}

/** The serve task's argument: what binning found, for the split search. */
export interface ServeTask {
  /** Bins each feature actually uses (<= binStride). */
  readonly binsPerFeature: readonly number[];
  /** The feature blocks column-wise tasks are split into (fit-memory.ts has a result slot per block). */
  readonly blocks: ReadonlyArray<readonly [number, number]>;
  /** The fewer, wider blocks row-wise tasks are split into (histogram-builder.ts says why). */
  readonly rowBlocks: ReadonlyArray<readonly [number, number]>;
}

function writeTask(i32: Int32Array, f64: Float64Array, t: HistogramTask): void {
  i32[6] = t.smallSlot;
  i32[7] = t.rowsStart;
  i32[8] = t.rowsEnd;
  i32[9] = t.largeSlot;
  i32[10] = (t.searchSmall ? 1 : 0) | (t.searchLarge ? 2 : 0) | (t.large ? 4 : 0) | (t.identityRows ? 8 : 0);
  i32[11] = t.small.count;
  i32[12] = t.large?.count ?? 0;
  i32[13] = t.constraints.minLeaf;
  f64[8] = t.small.sumGradients;
  f64[9] = t.small.sumHessians;
  f64[10] = t.large?.sumGradients ?? 0;
  f64[11] = t.large?.sumHessians ?? 0;
  f64[12] = t.constraints.l2;
  f64[13] = t.constraints.minHessian;
  f64[14] = t.gUnit;
  f64[15] = t.hUnit;
}

function readTask(i32: Int32Array, f64: Float64Array): HistogramTask {
  return {
    smallSlot: i32[6],
    rowsStart: i32[7],
    rowsEnd: i32[8],
    identityRows: (i32[10] & 8) !== 0,
    largeSlot: i32[9],
    searchSmall: (i32[10] & 1) !== 0,
    searchLarge: (i32[10] & 2) !== 0,
    small: { count: i32[11], sumGradients: f64[8], sumHessians: f64[9] },
    large: i32[10] & 4 ? { count: i32[12], sumGradients: f64[10], sumHessians: f64[11] } : undefined,
    constraints: { minLeaf: i32[13], l2: f64[12], minHessian: f64[13] },
    gUnit: f64[14],
    hUnit: f64[15],
  };
}

/** HistogramTask in a task-channel control block: i32[6..13], f64[8..15]. */
export const HISTOGRAM_TASK_CODEC: TaskCodec<HistogramTask> = { write: writeTask, read: readTask };
