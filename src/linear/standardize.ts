// Per-feature centring and scaling (scikit-learn's StandardScaler: population
// standard deviation, 1 for constant features). Used by linear models.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';

export interface Standardizer {
  readonly mean: Float64Array;
  /** Standard deviation, or 1 where a feature is constant. */
  readonly scale: Float64Array;
}

/** Two passes in float64 (mean, then squared deviations) for accuracy on large values. */
export function fitStandardizer(X: DenseMatrix): Standardizer {
  const { nRows, nCols, data } = X;
  const mean = new Float64Array(nCols);
  const scale = new Float64Array(nCols);
  for (let i = 0; i < nRows; i++) {
    const base = i * nCols;
    for (let j = 0; j < nCols; j++) mean[j] += data[base + j];
  }
  for (let j = 0; j < nCols; j++) mean[j] /= nRows;
  for (let i = 0; i < nRows; i++) {
    const base = i * nCols;
    for (let j = 0; j < nCols; j++) {
      const d = data[base + j] - mean[j];
      scale[j] += d * d;
    }
  }
  for (let j = 0; j < nCols; j++) {
    const sd = Math.sqrt(scale[j] / nRows);
    scale[j] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

/** A new matrix of (x - mean) / scale. */
export function standardize(X: DenseMatrix, s: Standardizer): DenseMatrix {
  const { nRows, nCols, data } = X;
  const out = new Float32Array(data.length);
  const inv = s.scale.map((v) => 1 / v);
  for (let i = 0; i < nRows; i++) {
    const base = i * nCols;
    for (let j = 0; j < nCols; j++) out[base + j] = (data[base + j] - s.mean[j]) * inv[j];
  }
  return denseMatrix(nRows, nCols, out);
}
