// Fixed-point scales for the packed integer histograms of tree-kernels.wat:
// one i64 holds a bin's gradient sum, the other its hessian sum shifted left
// past a row count. The scales are the largest powers of two for which no sum
// over all rows can overflow, so the resolution only depends on the row count
// (65856 rows: gradients to 2^-44, about 6e-14; hessians to 2^-29, about 2e-9).

export interface Quantization {
  readonly gScale: number;
  readonly hScale: number;
  /** 1 / gScale and 1 / hScale: what one integer step is worth. */
  readonly gUnit: number;
  readonly hUnit: number;
  /** Low bits of the hessian word that hold the row count. */
  readonly countBits: number;
}

/** For `nRows` rows with |gradient| <= maxAbsGradient and 0 <= hessian <= maxHessian. */
export function quantizationFor(nRows: number, maxAbsGradient: number, maxHessian: number): Quantization {
  const countBits = Math.ceil(Math.log2(nRows + 1));
  // 61 rather than 63: one bit for the sign, one for the +0.5 of rounding on every row
  const gBits = Math.floor(61 - Math.log2(nRows * maxAbsGradient));
  const hBits = Math.floor(61 - countBits - Math.log2(nRows * maxHessian));
  const gScale = 2 ** gBits;
  const hScale = 2 ** hBits;
  return { gScale, hScale, gUnit: 1 / gScale, hUnit: 1 / hScale, countBits };
}
