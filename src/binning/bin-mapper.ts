// Per-feature quantile thresholds and the binned, feature-major Uint8Array the
// tree learners work on. Thresholds stay raw feature values, so a tree split
// "bin <= t" is the raw test "x <= thresholds[t]" at prediction time.
//
// Work goes column by column: the row-major matrix is first transposed in row
// blocks that stay in cache, then each column is radix-argsorted once, which
// gives both its quantiles and, in one sweep, the bin of every row.
import type { DenseMatrix } from '../core/dense-matrix.js';
import { UsageError } from '../util/errors.js';
import { argsortScratch, radixArgsort } from './radix-argsort.js';

export interface BinMapper {
  /** Per feature, ascending upper edges: bin(x) = number of edges < x. */
  readonly thresholds: readonly Float64Array[];
}

/** Throws unless 2 <= nBins <= 256. */
export function checkBinCount(nBins: number): void {
  if (!Number.isInteger(nBins) || nBins < 2 || nBins > 256)
    throw new UsageError(`options.bins must be an integer from 2 to 256, got ${nBins}`);
}

/**
 * Places up to `nBins - 1` edges per feature from all rows: midpoints between
 * distinct values when a feature has at most `nBins` of them, otherwise
 * midpoint quantiles (numpy's percentile method 'midpoint', as scikit-learn
 * does, but over all rows rather than a 200000-row sample). When `binnedOut`
 * is given, also bins every value into it, feature-major: bin of (row i,
 * feature f) at `binnedOut[f * nRows + i]` (it may live in a SharedArrayBuffer).
 */
export function fitBinMapper(X: DenseMatrix, nBins: number, binnedOut?: Uint8Array): BinMapper {
  checkBinCount(nBins);
  return { thresholds: binColumns(transposeToColumns(X), X.nRows, 0, X.nCols, nBins, binnedOut) };
}

/**
 * fitBinMapper's work for features [featureStart, featureEnd) of the
 * feature-major `columns` (transposeToColumns): their edges, and their bins
 * into `binnedOut` when given. Features are independent, so worker threads
 * each take a range (bin-on-pool.ts, called from the gbdt and forest workers).
 */
export function binColumns(
  columns: Float32Array,
  nRows: number,
  featureStart: number,
  featureEnd: number,
  nBins: number,
  binnedOut?: Uint8Array,
): Float64Array[] {
  const scratch = argsortScratch(nRows);
  const sorted = new Float32Array(nRows);
  const thresholds: Float64Array[] = [];
  for (let f = featureStart; f < featureEnd; f++) {
    const column = columns.subarray(f * nRows, (f + 1) * nRows);
    const order = radixArgsort(column, scratch);
    for (let k = 0; k < nRows; k++) sorted[k] = column[order[k]];
    const edges = edgesOf(sorted, nBins);
    thresholds.push(edges);
    if (binnedOut) {
      // sweep the sorted values once: bin = number of edges < value
      const base = f * nRows;
      let bin = 0;
      for (let k = 0; k < nRows; k++) {
        const v = sorted[k];
        while (bin < edges.length && edges[bin] < v) bin++;
        binnedOut[base + order[k]] = bin;
      }
    }
  }
  return thresholds;
}

function edgesOf(sorted: Float32Array, nBins: number): Float64Array {
  let distinct = 0;
  for (let k = 0; k < sorted.length && distinct <= nBins; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
  if (distinct <= nBins) {
    const edges = new Float64Array(distinct - 1);
    for (let k = 1, e = 0; k < sorted.length; k++)
      if (sorted[k] !== sorted[k - 1]) edges[e++] = midpoint(sorted[k - 1], sorted[k]);
    return edges;
  }
  const edges: number[] = [];
  const last = sorted.length - 1;
  for (let q = 1; q < nBins; q++) {
    const pos = (q / nBins) * last;
    const value = midpoint(sorted[Math.floor(pos)], sorted[Math.ceil(pos)]);
    if (edges.length === 0 || value > edges[edges.length - 1]) edges.push(value);
  }
  return Float64Array.from(edges);
}

/** Midpoint in float64: strictly between two distinct float32 inputs, so it never merges them. */
function midpoint(a: number, b: number): number {
  return a + (b - a) / 2;
}

/** Bin of `x` for one feature's edges: the number of edges < x (binary search; the rule fitBinMapper's sweep follows). */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Feature-major copy: value (row i, feature f) at `out[f * nRows + i]`,
 * transposed in cache-sized row blocks; `shared` puts it in a SharedArrayBuffer.
 */
export function transposeToColumns(X: DenseMatrix, shared = false): Float32Array {
  const bytes = X.nRows * X.nCols * 4;
  const out = new Float32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  transposeColumnsInto(X, out, 0, X.nCols);
  return out;
}

/** transposeToColumns for features [featureStart, featureEnd) only, into `out` (nRows x nCols values). */
export function transposeColumnsInto(
  X: DenseMatrix,
  out: Float32Array,
  featureStart: number,
  featureEnd: number,
): void {
  const { nRows, nCols, data } = X;
  const block = 64;
  for (let i0 = 0; i0 < nRows; i0 += block) {
    const i1 = Math.min(nRows, i0 + block);
    for (let f = featureStart; f < featureEnd; f++) {
      const base = f * nRows;
      for (let i = i0; i < i1; i++) out[base + i] = data[i * nCols + f];
    }
  }
}
