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

/**
 * gbdt --quantized (LightGBM's use_quantized_grad): each round's gradients are
 * rounded stochastically to the integers -2..2 and hessians to 0..4 (LightGBM's
 * default 4 levels), and a histogram bin is one i64 (tree-kernels.wat):
 *   (g sum) << gShift | (h sum) << countBits | count
 * Half the bytes of the two-word bins, so building, clearing and subtracting
 * histograms move half as much memory. Field widths: count countBits bits, h
 * sums below 4 n < 2^(countBits + 2), g sums within ±2 n (countBits + 2 bits
 * with the sign): 3 countBits + 4 <= 64 bits, so at most 2^20 - 1 rows.
 */
export interface PackedQuantization {
  readonly countBits: number;
  /** Where the g field starts: countBits + the h field's countBits + 2 bits. */
  readonly gShift: number;
}

/** Gradient levels either side of 0, and hessian levels above it. */
export const GRADIENT_LEVELS = 2;
export const HESSIAN_LEVELS = 4;
export const MAX_QUANTIZED_ROWS = 2 ** 20 - 1;

export function packedQuantizationFor(nRows: number): PackedQuantization {
  if (nRows > MAX_QUANTIZED_ROWS)
    throw new RangeError(
      `--quantized packs a histogram bin into 64 bits: at most ${MAX_QUANTIZED_ROWS} rows, got ${nRows}`,
    );
  const countBits = Math.max(1, Math.ceil(Math.log2(nRows + 1)));
  return { countBits, gShift: 2 * countBits + 2 };
}

/** One round's scales: integers per unit of gradient and hessian (0 when all are 0), and their inverses. */
export function roundScales(
  maxAbsGradient: number,
  maxHessian: number,
): { gScale: number; hScale: number; gUnit: number; hUnit: number } {
  const gScale = maxAbsGradient > 0 ? GRADIENT_LEVELS / maxAbsGradient : 0;
  const hScale = maxHessian > 0 ? HESSIAN_LEVELS / maxHessian : 0;
  return { gScale, hScale, gUnit: gScale > 0 ? 1 / gScale : 0, hUnit: hScale > 0 ? 1 / hScale : 0 };
}

/** Decodes a packed sum: g and h in integer steps, and the row count. */
export function unpackSum(sum: bigint, q: PackedQuantization): { g: number; h: number; count: number } {
  const countMask = (1n << BigInt(q.countBits)) - 1n;
  const hMask = (1n << BigInt(q.gShift - q.countBits)) - 1n;
  return {
    g: Number(BigInt.asIntN(64, sum) >> BigInt(q.gShift)),
    h: Number((sum >> BigInt(q.countBits)) & hMask),
    count: Number(sum & countMask),
  };
}
