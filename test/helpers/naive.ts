// Slow, obviously-correct references that fast code is tested against.
import { denseMatrix, type DenseMatrix } from '../../src/core/dense-matrix.js';

/** AUC as the share of (positive, negative) pairs ordered right, ties counting one half. O(n^2). */
export function bruteForceAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let pairs = 0;
  let wins = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** Splits text on whitespace and calls parseFloat on every token. */
export function naiveParseMatrix(text: string): DenseMatrix {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/).map(Number.parseFloat));
  return denseMatrix(rows.length, rows[0].length, Float32Array.from(rows.flat()));
}

/**
 * |DFT| of one channel of an RGB picture's cross-difference residual, cropped
 * to rows x cols, at frequency (ky, kx): the sum over every pixel, O(rows cols).
 */
export function bruteForceResidualDft(
  rgb: Uint8Array,
  width: number,
  channel: number,
  rows: number,
  cols: number,
  ky: number,
  kx: number,
): number {
  let re = 0;
  let im = 0;
  const at = (y: number, x: number) => rgb[(y * width + x) * 3 + channel];
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < cols; x++) {
      const r = Math.abs(at(y, x) + at(y + 1, x + 1) - at(y, x + 1) - at(y + 1, x));
      const angle = -2 * Math.PI * ((ky * y) / rows + (kx * x) / cols);
      re += r * Math.cos(angle);
      im += r * Math.sin(angle);
    }
  return Math.hypot(re, im);
}
