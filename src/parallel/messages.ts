// Types shared by the tree grower (main thread) and the histogram worker: what
// is shared once per fit through workerData, and what one task asks and returns.
import type { SplitConstraints, SplitInfo } from '../trees/split.js';

/**
 * Buffers shared once per fit (SharedArrayBuffers, never copied per task).
 *   binned        Uint8Array  [feature][row]                 (feature-major)
 *   gradients     Float32Array [row], hessians likewise       (rewritten each round)
 *   rows          Uint32Array  row ids grouped by leaf        (the grower partitions it)
 *   histSums      Float64Array [slot][feature][bin][g, h]
 *   histCounts    Uint32Array  [slot][feature][bin]
 *   featureMask   Uint8Array   [feature] 1 = may split on it  (rewritten each tree)
 */
export interface SharedFitData {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Bins reserved per feature in a slot (the largest bin count). */
  readonly binStride: number;
  /** Bins actually used by each feature. */
  readonly binsPerFeature: readonly number[];
  readonly binned: SharedArrayBuffer;
  readonly gradients: SharedArrayBuffer;
  readonly hessians: SharedArrayBuffer;
  readonly rows: SharedArrayBuffer;
  readonly histSums: SharedArrayBuffer;
  readonly histCounts: SharedArrayBuffer;
  readonly featureMask: SharedArrayBuffer;
}

/** Gradient sum, hessian sum and row count of one leaf. */
export interface LeafTotals {
  readonly sumGradients: number;
  readonly sumHessians: number;
  readonly count: number;
}

/**
 * One split's histogram work on features [featureStart, featureEnd):
 * build the small child's histogram from rows[rowsStart, rowsEnd) into
 * `smallSlot`; when `largeSlot` >= 0, turn that slot (which holds the
 * parent's histogram) into the large child's by subtracting the small one.
 * Then search splits for the children flagged in `search`.
 */
export interface HistogramTask {
  readonly featureStart: number;
  readonly featureEnd: number;
  readonly smallSlot: number;
  readonly rowsStart: number;
  readonly rowsEnd: number;
  readonly small: LeafTotals;
  readonly largeSlot: number;
  readonly large?: LeafTotals;
  readonly searchSmall: boolean;
  readonly searchLarge: boolean;
  readonly constraints: SplitConstraints;
}

/** Best split per child over the task's features (NO_SPLIT when none or not searched). */
export interface HistogramResult {
  readonly small: SplitInfo;
  readonly large: SplitInfo;
}
