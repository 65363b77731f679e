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
