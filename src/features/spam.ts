// The spam kind (Pevny, Bas & Fridrich 2010, "Steganalysis by subtractive
// pixel adjacency matrix"), on each of Y, Cb and Cr. Along each of 8
// directions the differences of neighbouring pixels, truncated to [-T, T],
// are read three at a time (a second-order Markov chain); the triples'
// shares, pooled over the 4 straight directions (F1) and over the 4
// diagonal ones (F2), are 2 (2T+1)^3 values a channel (686 for T = 3),
// 6 (2T+1)^3 a picture. JPEG and resizing leave these local statistics of
// the noise (unlike the highest frequencies of the spectrum), which is why
// steganalysis uses them.
//
// The paper keeps the chain's transition probabilities P(d3 | d1, d2); the
// triples' joint shares (as the SRM's co-occurrences do) measured better
// on faces-b's VIP-like pictures (5-fold cv AUC, logistic, --l2 100: 0.804
// against 0.790), so those are kept, as their square roots (the Hellinger
// map: 0.813 -> 0.821 in numpy + scikit-learn, logistic with C from an
// inner cv).
//
// A reversed direction's chain is its forward one read backwards with the
// signs flipped (d <- is -d -> one pixel along), so only 4 directions are
// counted: count<-(a, b, c) = count->(-c, -b, -a). Each direction is one
// pass over the plane, counts in int32; the tests check every value
// against numpy's direct 8-direction recipe.
import { writeRootShares, ycbcrPlane } from './colour-planes.js';

export const DEFAULT_SPAM_T = 3;
export const MAX_SPAM_T = 5;

/** Values per picture for truncation T. */
export function spamLength(t: number): number {
  const k = 2 * t + 1;
  return 3 * 2 * k * k * k;
}

/** A pixel and the next three along a direction must fit. */
export const SPAM_MIN_SIDE = 4;

/** Counts of truncated difference triples along (dy, dx) into counts[(a+T) k^2 + (b+T) k + (c+T)]. */
function countTriples(plane: Int32Array, h: number, w: number, dy: number, dx: number, t: number, counts: Int32Array) {
  const k = 2 * t + 1;
  // positions y, y + dy, .., y + 3 dy all inside
  const y0 = dy < 0 ? -3 * dy : 0;
  const y1 = dy > 0 ? h - 3 * dy : h;
  const x0 = dx < 0 ? -3 * dx : 0;
  const x1 = dx > 0 ? w - 3 * dx : w;
  const step = dy * w + dx;
  for (let y = y0; y < y1; y++) {
    let p = y * w + x0;
    for (let x = x0; x < x1; x++, p++) {
      const v0 = plane[p];
      const v1 = plane[p + step];
      const v2 = plane[p + 2 * step];
      const v3 = plane[p + 3 * step];
      let a = v0 - v1;
      let b = v1 - v2;
      let c = v2 - v3;
      a = a < -t ? -t : a > t ? t : a;
      b = b < -t ? -t : b > t ? t : b;
      c = c < -t ? -t : c > t ? t : c;
      counts[(a + t) * k * k + (b + t) * k + (c + t)]++;
    }
  }
}

/** Adds the triple counts `counts` (read reversed with `reverse`) to `sum`. */
function addCounts(counts: Int32Array, t: number, reverse: boolean, sum: Float64Array) {
  const k = 2 * t + 1;
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++)
      for (let c = 0; c < k; c++)
        sum[a * k * k + b * k + c] += reverse
          ? counts[(k - 1 - c) * k * k + (k - 1 - b) * k + (k - 1 - a)]
          : counts[a * k * k + b * k + c];
}

/** Writes the spam values of an RGB picture (at least SPAM_MIN_SIDE each way) to out[offset..]: Y F1, Y F2, Cb F1, .. */
export function spamFeatures(
  rgb: Uint8Array,
  height: number,
  width: number,
  t: number,
  out: Float32Array,
  offset: number,
): void {
  const k = 2 * t + 1;
  const cube = k * k * k;
  const counts = new Int32Array(cube);
  const f = new Float64Array(cube);
  let at = offset;
  for (const c of [0, 1, 2] as const) {
    const plane = ycbcrPlane(rgb, height, width, c);
    for (const directions of [
      [
        [0, 1],
        [1, 0],
      ],
      [
        [1, 1],
        [1, -1],
      ],
    ]) {
      f.fill(0);
      for (const [dy, dx] of directions) {
        counts.fill(0);
        countTriples(plane, height, width, dy, dx, t, counts);
        addCounts(counts, t, false, f);
        addCounts(counts, t, true, f);
      }
      writeRootShares(f, out, at);
      at += cube;
    }
  }
}

/** Column names: spam_Y_s_-3_0_1 (channel, straight or diagonal, the three differences). */
export function spamColumns(t: number): string[] {
  const names: string[] = [];
  for (const c of ['Y', 'Cb', 'Cr'])
    for (const group of ['s', 'd'])
      for (let a = -t; a <= t; a++)
        for (let b = -t; b <= t; b++) for (let d = -t; d <= t; d++) names.push(`spam_${c}_${group}_${a}_${b}_${d}`);
  return names;
}
