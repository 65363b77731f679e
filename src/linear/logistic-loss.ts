// Mean binary log loss of a linear model and its gradient, in one pass over
// the rows. The penalty is added by the caller.
//
// Rows go four at a time: the four dot products are independent chains (a
// single `z += x*w` chain waits on the previous add every step), and each
// gradient entry is loaded and stored once per four rows instead of once per
// row. On 65856 x 200 that halves a pass (about 100 ms to 50 ms here).
import type { DenseMatrix } from '../core/dense-matrix.js';

/**
 * `params` = [w_0 .. w_{d-1}, b]. Returns (1/n) Σ c_i (log(1 + e^{z_i}) - y_i z_i)
 * with z_i = b + x_i·w and c_i the weight of row i's class (1 without
 * `classWeights`), and writes its gradient into `grad` (length d + 1).
 * Inputs are trusted (shapes checked by the caller).
 */
export function logisticLossGradient(
  X: DenseMatrix,
  y: Uint8Array,
  params: Float64Array,
  grad: Float64Array,
  classWeights: readonly [number, number] = [1, 1],
): number {
  const { nRows, nCols: d, data } = X;
  const c = classWeights;
  const b = params[d];
  grad.fill(0);
  let loss = 0;
  let gradB = 0;
  let i = 0;
  for (; i + 3 < nRows; i += 4) {
    const r0 = i * d,
      r1 = r0 + d,
      r2 = r1 + d,
      r3 = r2 + d;
    let z0 = b,
      z1 = b,
      z2 = b,
      z3 = b;
    for (let j = 0; j < d; j++) {
      const w = params[j];
      z0 += data[r0 + j] * w;
      z1 += data[r1 + j] * w;
      z2 += data[r2 + j] * w;
      z3 += data[r3 + j] * w;
    }
    const c0 = c[y[i]],
      c1 = c[y[i + 1]],
      c2 = c[y[i + 2]],
      c3 = c[y[i + 3]];
    // a weight of 1 multiplies exactly: without --class-weight the sums are the unweighted ones, bit for bit
    loss +=
      c0 * rowLoss(z0, y[i]) + c1 * rowLoss(z1, y[i + 1]) + c2 * rowLoss(z2, y[i + 2]) + c3 * rowLoss(z3, y[i + 3]);
    const e0 = c0 * (sigmoid(z0) - y[i]),
      e1 = c1 * (sigmoid(z1) - y[i + 1]),
      e2 = c2 * (sigmoid(z2) - y[i + 2]),
      e3 = c3 * (sigmoid(z3) - y[i + 3]);
    gradB += e0 + e1 + e2 + e3;
    for (let j = 0; j < d; j++)
      grad[j] += e0 * data[r0 + j] + e1 * data[r1 + j] + e2 * data[r2 + j] + e3 * data[r3 + j];
  }
  for (; i < nRows; i++) {
    const r0 = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += data[r0 + j] * params[j];
    loss += c[y[i]] * rowLoss(z, y[i]);
    const e = c[y[i]] * (sigmoid(z) - y[i]);
    gradB += e;
    for (let j = 0; j < d; j++) grad[j] += e * data[r0 + j];
  }
  const inv = 1 / nRows;
  for (let j = 0; j < d; j++) grad[j] *= inv;
  grad[d] = gradB * inv;
  return loss * inv;
}

/** log(1 + e^z) - y z, without overflow for large |z|. */
function rowLoss(z: number, y: number): number {
  return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
