// Randomized PCA of pixel rows (Halko, Martinsson & Tropp 2011, section 4;
// the scheme of scikit-learn's PCA(svd_solver='randomized')), on the
// engine's shared memory. With X the n x d pixel rows, Xc = X - 1 meanᵀ:
//
//   V0 = Gaussian d x l                   l = components + oversamples, to 8
//   repeat q times:  W = Xs V;  V = orth(Xsᵀ W)       (subspace iteration)
//   warm start only: V = orth(Xsᵀ Xs V); then once W = Xc V, V = orth(Xcᵀ W)
//   W = Xc V;  Wᵀ W = E Λ Eᵀ                          (Rayleigh-Ritz)
//   components = (V E)ᵀ, top k;  explained variance = Λ / (n - 1)
//
// Xs is every 8th centred row (a warm start) when that leaves at least 4
// rows per column, else Xc itself. On the 50000 CIFAR-10 pictures (numpy
// simulation, 216 columns, q = 2) the warm start captured 0.99964 of the
// exact solver's variance against 0.99815 for q = 2 on all rows, with 3
// full products and 6 of an eighth instead of 5 full ones.
// The fitted rows' scores are W E (W = Xc V, already made): no further pass.
// Without the warm start, 1 + 2q products of X with l columns (sklearn's
// scheme takes 2 + 2q: it forms Q and then B = Qᵀ X). Xc is never formed: Xc V = X V - 1 (meanᵀ V)
// and Xcᵀ W = Xᵀ W - mean (1ᵀ W). orth() is Z (Zᵀ Z)^(-1/2) through the
// eigen-decomposition of the l x l Gram matrix, in f64: Z = Xcᵀ Xc V has
// condition λ1/λl (about 1.7e3 on CIFAR-10 at 216 columns), so the Gram's
// (its square) is far inside f64.
import type * as MlMatrix from 'ml-matrix';
import { lazyRequire } from '../util/lazy-require.js';
import { Rng } from '../util/rng.js';
import type { PcaEngine } from './pca-engine.js';

const mlMatrix = lazyRequire<typeof MlMatrix>('ml-matrix');

export interface RandomizedPcaOptions {
  readonly components: number;
  readonly oversamples: number;
  readonly powerIterations: number;
  readonly seed: number;
}

export const DEFAULT_RANDOMIZED_PCA_OPTIONS: Readonly<Omit<RandomizedPcaOptions, 'components'>> = Object.freeze({
  oversamples: 16,
  powerIterations: 2,
  seed: 0,
});

export interface PcaFit {
  /** components x nFeatures, row-major, unit rows; f32 as saved and used. */
  readonly components: Float32Array;
  readonly mean: Float64Array;
  readonly explainedVariance: Float64Array;
  readonly totalVariance: number;
  /** The fitted rows' scores, nRows x components: (X - mean) V E, from the fit's own products. */
  readonly scores: Float32Array;
}

/** Product width for k components: k + oversamples rounded up to the 8-column panels. */
export function productColumns(components: number, oversamples: number): number {
  return Math.ceil((components + oversamples) / 8) * 8;
}

/** Eigenpairs of a symmetric f64 matrix, largest first. */
function symmetricEigen(g: Float64Array, m: number): { values: number[]; vectors: MlMatrix.Matrix } {
  const { EigenvalueDecomposition, Matrix } = mlMatrix();
  const rows = Array.from({ length: m }, (_, a) => Array.from(g.subarray(a * m, a * m + m)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((_, i) => i).sort((a, b) => evd.realEigenvalues[b] - evd.realEigenvalues[a]);
  const vectors = new Matrix(m, m);
  order.forEach((from, to) => {
    for (let a = 0; a < m; a++) vectors.set(a, to, evd.eigenvectorMatrix.get(a, from));
  });
  return { values: order.map((i) => evd.realEigenvalues[i]), vectors };
}

/** M = U Λ^(-1/2) for G = U Λ Uᵀ, so that Z M has orthonormal columns; directions with λ <= 1e-12 λmax are dropped (zero columns). */
function orthonormalizer(g: Float64Array, m: number): Float64Array {
  const { values, vectors } = symmetricEigen(g, m);
  const floor = Math.max(values[0], 0) * 1e-12;
  const out = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    if (!(values[c] > floor)) continue;
    const s = 1 / Math.sqrt(values[c]);
    for (let a = 0; a < m; a++) out[a * m + c] = vectors.get(a, c) * s;
  }
  return out;
}

/** Row stride of the warm start's subsample. */
export const WARM_STRIDE = 8;
const WARM_MIN_ROWS_PER_COLUMN = 4;

/**
 * The warm start's row stride: every WARM_STRIDE-th row when there are at
 * least WARM_MIN_ROWS_PER_COLUMN rows per product column in that subsample,
 * else 1 (no warm start).
 */
export function warmStride(nRows: number, columns: number): number {
  return Math.ceil(nRows / WARM_STRIDE) >= WARM_MIN_ROWS_PER_COLUMN * columns ? WARM_STRIDE : 1;
}

/**
 * Fits `opts.components` components (<= min(nRows - 1, nFeatures), checked
 * by the caller) to pixel rows [0, nRows) of the engine. The engine's
 * `columns` must be productColumns(components, oversamples).
 */
export async function fitRandomizedPca(
  engine: PcaEngine,
  nRows: number,
  opts: RandomizedPcaOptions,
  onStep?: (done: number, total: number) => void,
): Promise<PcaFit> {
  const { nFeatures: d, columns: l } = engine.layout;
  const k = opts.components;
  const stride = warmStride(nRows, l);
  const nSub = Math.ceil(nRows / stride);
  const steps = 1 + 2 * opts.powerIterations + (stride > 1 ? 3 : 0) + 1;
  let step = 0;
  const tick = () => onStep?.(++step, steps);

  const { mean, totalVariance } = await engine.columnStats(nRows);
  const basis = engine.basis();
  const rng = new Rng(opts.seed);
  for (let i = 0; i < d * l; i++) basis[i] = rng.normal();
  let shift = engine.quantizeBasis(l, mean);
  /** basis = orth(Xcᵀ Xc basis) over the rows the last product used: rowsOut holds Xc basis for them. */
  const iterate = async (rows: number, rowStride: number) => {
    const rowSums = engine.quantizeRows(rows, l, shift);
    await engine.featsTimesRows(rows, l, rowStride);
    tick();
    const g = await engine.gram('featsOut', d, l, rowSums, mean);
    await engine.timesSmall('featsOut', 'basis', d, l, rowSums, mean, orthonormalizer(g, l), l);
    shift = engine.quantizeBasis(l, mean);
  };
  // subspace iteration on every stride-th row (all rows when stride = 1)
  await engine.rowsTimesBasis(nSub, l, stride);
  tick();
  for (let it = 0; it < opts.powerIterations; it++) {
    await iterate(nSub, stride);
    await engine.rowsTimesBasis(nSub, l, stride);
    tick();
  }
  if (stride > 1) {
    // the subsample's basis as the start of one iteration over all rows
    await iterate(nSub, stride);
    await engine.rowsTimesBasis(nRows, l);
    tick();
    await iterate(nRows, 1);
    await engine.rowsTimesBasis(nRows, l);
    tick();
  }
  const { values, vectors } = symmetricEigen(await engine.gram('rowsOut', nRows, l, shift), l);
  const e = new Float64Array(l * k);
  for (let a = 0; a < l; a++) for (let c = 0; c < k; c++) e[a * k + c] = vectors.get(a, c);
  await engine.timesSmall('basis', 'basis', d, l, new Float64Array(l), undefined, e, k);
  await engine.timesSmall('rowsOut', 'rowsOut', nRows, l, shift, undefined, e, k);
  tick();

  const components = new Float32Array(k * d);
  const scores = new Float32Array(nRows * k);
  const rowsOut = engine.rowsOut();
  for (let c = 0; c < k; c++) {
    // sign: the largest-magnitude weight of each component is positive
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(basis[j * l + c]) > Math.abs(big)) big = basis[j * l + c];
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * basis[j * l + c];
    for (let r = 0; r < nRows; r++) scores[r * k + c] = sign * rowsOut[r * l + c];
  }
  const explainedVariance = Float64Array.from(values.slice(0, k), (v) => Math.max(v, 0) / (nRows - 1));
  return { components, mean, explainedVariance, totalVariance, scores };
}

/**
 * Scores of pixel rows [0, nRows): (row - mean) x componentsᵀ, as
 * nRows x k f32, through the same i16 product as the fit.
 */
export async function projectRows(
  engine: PcaEngine,
  nRows: number,
  fit: Pick<PcaFit, 'components' | 'mean'>,
  k: number,
): Promise<Float32Array> {
  const { nFeatures: d, columns } = engine.layout;
  const width = Math.ceil(k / 8) * 8;
  if (width > columns) throw new Error(`${k} components need ${width} product columns; the engine has ${columns}`);
  const basis = engine.basis();
  for (let j = 0; j < d; j++) {
    for (let c = 0; c < width; c++) basis[j * columns + c] = c < k ? fit.components[c * d + j] : 0;
  }
  const shift = engine.quantizeBasis(width, fit.mean);
  await engine.rowsTimesBasis(nRows, width);
  const out = engine.rowsOut();
  const scores = new Float32Array(nRows * k);
  for (let r = 0; r < nRows; r++) for (let c = 0; c < k; c++) scores[r * k + c] = out[r * columns + c] - shift[c];
  return scores;
}
