// Types shared by the tree grower (main thread) and the histogram worker: what
// one task asks and returns. What is shared once per fit is fit-memory.ts's.
import type { SplitConstraints, SplitInfo } from '../trees/split.js';

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
  /** The feature blocks tasks are split into (fit-memory.ts has a result slot per block). */
  readonly blocks: ReadonlyArray<readonly [number, number]>;
}
