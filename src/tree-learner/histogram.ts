// Gradient/hessian histograms of one leaf, per feature and bin, plus the
// sibling-by-subtraction trick, in plain float arithmetic: the readable
// reference that the WebAssembly kernels (wasm/tree-kernels.wat, which the
// workers run) are tested against. Split search is split.ts's.
//
// Layout of one histogram slot (nFeatures x nBins bins):
//   sums   Float64Array [feature][bin][gradient, hessian]   (2 values a bin)
//   counts Uint32Array  [feature][bin]
// Hot loops trust their inputs: ranges and offsets are checked by the caller.

export interface HistogramSlot {
  readonly sums: Float64Array;
  readonly counts: Uint32Array;
}

/**
 * Adds rows `rows[start..end)` of one feature into the slot's feature block.
 * `binnedColumn` is that feature's column of the feature-major binned matrix;
 * `orderedGradients[k]` / `orderedHessians[k]` belong to `rows[start + k]`
 * (gathered once per leaf so that every feature reads them sequentially).
 * Cost: one pass over the leaf's rows per feature; the smaller child of a split
 * is built this way and the larger one by subtraction (see subtractHistograms).
 */
export function buildFeatureHistogram(
  binnedColumn: Uint8Array,
  rows: Uint32Array,
  start: number,
  end: number,
  orderedGradients: Float64Array,
  orderedHessians: Float64Array,
  slot: HistogramSlot,
  binOffset: number,
): void {
  const { sums, counts } = slot;
  for (let k = 0, i = start; i < end; k++, i++) {
    const bin = binOffset + binnedColumn[rows[i]];
    sums[2 * bin] += orderedGradients[k];
    sums[2 * bin + 1] += orderedHessians[k];
    counts[bin]++;
  }
}

/**
 * `target = parent - child` over bins [binStart, binEnd): the larger child's
 * histogram for the price of one pass over bins instead of over its rows.
 */
export function subtractHistograms(
  parent: HistogramSlot,
  child: HistogramSlot,
  target: HistogramSlot,
  binStart: number,
  binEnd: number,
): void {
  for (let b = binStart; b < binEnd; b++) {
    target.sums[2 * b] = parent.sums[2 * b] - child.sums[2 * b];
    target.sums[2 * b + 1] = parent.sums[2 * b + 1] - child.sums[2 * b + 1];
    target.counts[b] = parent.counts[b] - child.counts[b];
  }
}
