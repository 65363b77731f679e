// Per-feature quantile thresholds and the binned, feature-major Uint8Array the
// tree learners work on. Thresholds stay raw feature values, so a tree split
// "bin <= t" is the raw test "x <= thresholds[t]" at prediction time.
import type { DenseMatrix } from '../io/dense-matrix.js';
import { UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** Rows sampled to place thresholds (scikit-learn samples 200000 too). */
export const BINNING_SAMPLE_ROWS = 200_000;

export interface BinMapper {
  /** Per feature, ascending upper edges: bin(x) = number of edges < x. */
  readonly thresholds: readonly Float64Array[];
  /** Largest bin count over features (edges + 1), at most 256. */
  readonly maxBins: number;
}

/**
 * Places up to `nBins - 1` edges per feature: midpoints between distinct
 * values when a feature has at most `nBins` of them, otherwise midpoint
 * quantiles (numpy's percentile method 'midpoint', as scikit-learn does).
 */
export function fitBinMapper(X: DenseMatrix, nBins: number, seed = 0): BinMapper {
  if (!Number.isInteger(nBins) || nBins < 2 || nBins > 256) throw new UsageError(`options.bins must be an integer from 2 to 256, got ${nBins}`);
  const { nRows, nCols, data } = X;
  const sample = nRows > BINNING_SAMPLE_ROWS ? new Rng(seed, 0xb1).shuffle(Uint32Array.from({ length: nRows }, (_, i) => i)).subarray(0, BINNING_SAMPLE_ROWS).sort() : undefined;
  const m = sample ? sample.length : nRows;
  const column = new Float64Array(m);
  const thresholds: Float64Array[] = [];
  for (let f = 0; f < nCols; f++) {
    for (let k = 0; k < m; k++) column[k] = data[(sample ? sample[k] : k) * nCols + f];
    column.sort();
    thresholds.push(edgesOf(column, nBins));
  }
  return { thresholds, maxBins: Math.max(...thresholds.map((t) => t.length + 1)) };
}

function edgesOf(sorted: Float64Array, nBins: number): Float64Array {
  const distinct: number[] = [];
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct.push(sorted[k]);
  if (distinct.length <= nBins) {
    return Float64Array.from({ length: distinct.length - 1 }, (_, k) => midpoint(distinct[k], distinct[k + 1]));
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

/** Bin of `x` for one feature's edges: the number of edges < x (binary search). */
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
 * Bins every value into a feature-major array: bin of (row i, feature f) at
 * `out[f * nRows + i]`. `out` may live in a SharedArrayBuffer.
 */
export function binMatrix(X: DenseMatrix, mapper: BinMapper, out: Uint8Array = new Uint8Array(X.nRows * X.nCols)): Uint8Array {
  const { nRows, nCols, data } = X;
  for (let f = 0; f < nCols; f++) {
    const edges = mapper.thresholds[f];
    const base = f * nRows;
    for (let i = 0; i < nRows; i++) out[base + i] = binOf(edges, data[i * nCols + f]);
  }
  return out;
}
