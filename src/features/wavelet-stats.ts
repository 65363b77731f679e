// The wavelets kind: higher-order wavelet statistics (Farid & Lyu 2003,
// Lyu & Farid 2005), in colour. Each of R, G, B is decomposed by a separable
// Daubechies-4 filter bank (periodic edges, rows then columns, each level
// cropped to even sides first) into S + 1 levels of horizontal, vertical
// and diagonal detail. For the first S levels, per channel and orientation:
//   - mean, variance, skewness and excess kurtosis of the coefficients;
//   - the same four of the log error of a linear predictor of each
//     coefficient's magnitude from its 9 neighbours' magnitudes: 4 in space,
//     its parent one level up, the other orientations here (and the parent's
//     of the diagonal one up: for H and V, D one up; for D, H and V here),
//     and the same coefficient in the other two channels; the weights are
//     the least-squares fit over the level's interior, per picture.
// 2 x 4 x 3 x 3 S values, 216 for S = 3. The error is
// ln((|c| + 1) / (|prediction| + 1)). The statistics of natural photographs'
// wavelet coefficients (and how well neighbours predict them) hold after
// resizing and JPEG better than the highest frequencies do.
//
// By hand: no npm wavelet package computes this (a 4-tap filter bank is a
// few lines); the tests check it against numpy.
import { rgbPlane } from './colour-planes.js';

export const DEFAULT_WAVELET_SCALES = 3;
export const MAX_WAVELET_SCALES = 6;

// Daubechies 4-tap low-pass; the high-pass is its quadrature mirror g[k] = (-1)^k h[3 - k]
const S3 = Math.sqrt(3);
const D = 4 * Math.SQRT2;
const LOW = [(1 + S3) / D, (3 + S3) / D, (3 - S3) / D, (1 - S3) / D];
const HIGH = [LOW[3], -LOW[2], LOW[1], -LOW[0]];

/** Values per picture for S levels of statistics. */
export function waveletLength(scales: number): number {
  return 2 * 4 * 3 * 3 * scales;
}

/** S + 1 levels, the last at least 4 x 4 (the predictor's interior). */
export function waveletMinSide(scales: number): number {
  return 4 << (scales + 1);
}

interface Level {
  readonly h: number;
  readonly w: number;
  /** horizontal, vertical, diagonal detail, h * w each. */
  readonly bands: [Float64Array, Float64Array, Float64Array];
}

/** out[i] = sum_k f[k] x[(2 i + k) mod n] along rows (stride 1) or columns. */
function filterRows(x: Float64Array, h: number, w: number, f: readonly number[]): Float64Array {
  const half = w >> 1;
  const out = new Float64Array(h * half);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // every tap inside the row but the last output's, which wraps
    for (let i = 0; i < half - 1; i++) {
      const at = row + 2 * i;
      out[y * half + i] = f[0] * x[at] + f[1] * x[at + 1] + f[2] * x[at + 2] + f[3] * x[at + 3];
    }
    let s = 0;
    for (let k = 0; k < 4; k++) s += f[k] * x[row + ((w - 2 + k) % w)];
    out[y * half + half - 1] = s;
  }
  return out;
}

function filterColumns(x: Float64Array, h: number, w: number, f: readonly number[]): Float64Array {
  const half = h >> 1;
  const out = new Float64Array(half * w);
  for (let i = 0; i < half; i++)
    for (let k = 0; k < 4; k++) {
      const fk = f[k];
      const src = ((2 * i + k) % h) * w;
      const dst = i * w;
      for (let x0 = 0; x0 < w; x0++) out[dst + x0] += fk * x[src + x0];
    }
  return out;
}

/** The top-left even h x w of a plane. */
function cropEven(x: Float64Array, h: number, w: number): { x: Float64Array; h: number; w: number } {
  const eh = h & ~1;
  const ew = w & ~1;
  if (eh === h && ew === w) return { x, h, w };
  const out = new Float64Array(eh * ew);
  for (let y = 0; y < eh; y++) out.set(x.subarray(y * w, y * w + ew), y * ew);
  return { x: out, h: eh, w: ew };
}

/** levels detail levels of one plane. */
function pyramid(plane: Float64Array, height: number, width: number, levels: number): Level[] {
  const out: Level[] = [];
  let a = { x: plane, h: height, w: width };
  for (let l = 0; l < levels; l++) {
    a = cropEven(a.x, a.h, a.w);
    const lo = filterRows(a.x, a.h, a.w, LOW);
    const hi = filterRows(a.x, a.h, a.w, HIGH);
    const w = a.w >> 1;
    const h = a.h >> 1;
    // LH: low along rows, high along columns (horizontal edges); HL: vertical; HH: diagonal
    const bands: Level['bands'] = [
      filterColumns(lo, a.h, w, HIGH),
      filterColumns(hi, a.h, w, LOW),
      filterColumns(hi, a.h, w, HIGH),
    ];
    out.push({ h, w, bands });
    a = { x: filterColumns(lo, a.h, w, LOW), h, w };
  }
  return out;
}

/** Mean, variance, skewness and excess kurtosis of x[0..n) into out[at..at+4]. */
function moments(x: Float64Array, n: number, out: Float32Array, at: number): void {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  out[at] = mean;
  out[at + 1] = m2;
  out[at + 2] = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
  out[at + 3] = m2 > 0 ? m4 / (m2 * m2) - 3 : 0;
}

const NEIGHBOURS = 9;

/** Solves the symmetric positive semi-definite a (n x n) w = b by Gaussian elimination with partial pivoting; a singular system gives zeros for its free weights. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const r = Float64Array.from(b);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++)
      if (Math.abs(m[perm[i] * n + col]) > Math.abs(m[perm[pivot] * n + col])) pivot = i;
    [perm[col], perm[pivot]] = [perm[pivot], perm[col]];
    const p = perm[col];
    const d = m[p * n + col];
    if (Math.abs(d) < 1e-12) continue;
    for (let i = col + 1; i < n; i++) {
      const q = perm[i];
      const f = m[q * n + col] / d;
      if (f === 0) continue;
      for (let j = col; j < n; j++) m[q * n + j] -= f * m[p * n + j];
      r[q] -= f * r[p];
    }
  }
  const w = new Float64Array(n);
  for (let col = n - 1; col >= 0; col--) {
    const p = perm[col];
    const d = m[p * n + col];
    if (Math.abs(d) < 1e-12) continue;
    let s = r[p];
    for (let j = col + 1; j < n; j++) s -= m[p * n + j] * w[j];
    w[col] = s / d;
  }
  return w;
}

/** Writes the wavelet statistics of an RGB picture (at least waveletMinSide(scales) each way) to out[offset..]. */
export function waveletStats(
  rgb: Uint8Array,
  height: number,
  width: number,
  scales: number,
  out: Float32Array,
  offset: number,
): void {
  const levels = [0, 1, 2].map((c) => pyramid(rgbPlane(rgb, height, width, c), height, width, scales + 1));
  let at = offset;
  // coefficient statistics: channel, level, orientation
  for (let c = 0; c < 3; c++)
    for (let l = 0; l < scales; l++) {
      const level = levels[c][l];
      for (let o = 0; o < 3; o++) {
        moments(level.bands[o], level.h * level.w, out, at);
        at += 4;
      }
    }
  // log errors of the linear predictor
  for (let c = 0; c < 3; c++)
    for (let l = 0; l < scales; l++) {
      const here = levels[c][l].bands;
      const up = levels[c][l + 1];
      const [k0, k1] = [0, 1, 2].filter((k) => k !== c);
      for (let o = 0; o < 3; o++) {
        // beside the four spatial neighbours and the parent: for H and V, D here and D one up; for D, H and V here
        const crossUp = o !== 2;
        predictionErrors(
          here[o],
          levels[c][l].h,
          levels[c][l].w,
          up.bands[o],
          up.w,
          o === 2 ? here[0] : here[2],
          o === 2 ? here[1] : up.bands[2],
          crossUp,
          levels[k0][l].bands[o],
          levels[k1][l].bands[o],
          out,
          at,
        );
        at += 4;
      }
    }
}

/** sum a[i] b[i], four partial sums (an add's latency, not the multiplies, bounds one running sum). */
function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + (s2 + s3);
}

/**
 * Fits the least-squares weights predicting |band| over the interior from
 * its 9 neighbours' magnitudes (4 spatial, the parent, two other
 * orientations, the second one level up when `crossUp`, the other two
 * channels), then writes the four moments of the log errors to out[at..].
 * The neighbours are gathered as 9 columns (19 MB at the first level of a
 * 1024x1024 picture, freed after) so that the normal equations are 45 dot
 * products of plain arrays (four partial sums each).
 */
function predictionErrors(
  band: Float64Array,
  h: number,
  w: number,
  parent: Float64Array,
  upW: number,
  cross0: Float64Array,
  cross1: Float64Array,
  crossUp: boolean,
  other0: Float64Array,
  other1: Float64Array,
  out: Float32Array,
  at: number,
): void {
  const n = (h - 2) * (w - 2);
  const cols = Array.from({ length: NEIGHBOURS }, () => new Float64Array(n));
  const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = cols;
  const target = new Float64Array(n);
  let r = 0;
  for (let y = 1; y < h - 1; y++) {
    const up = (y >> 1) * upW;
    for (let x = 1; x < w - 1; x++, r++) {
      const p = y * w + x;
      const pp = up + (x >> 1);
      c0[r] = Math.abs(band[p - 1]);
      c1[r] = Math.abs(band[p + 1]);
      c2[r] = Math.abs(band[p - w]);
      c3[r] = Math.abs(band[p + w]);
      c4[r] = Math.abs(parent[pp]);
      c5[r] = Math.abs(cross0[p]);
      c6[r] = Math.abs(crossUp ? cross1[pp] : cross1[p]);
      c7[r] = Math.abs(other0[p]);
      c8[r] = Math.abs(other1[p]);
      target[r] = Math.abs(band[p]);
    }
  }
  const qtq = new Float64Array(NEIGHBOURS * NEIGHBOURS);
  const qtv = new Float64Array(NEIGHBOURS);
  for (let a = 0; a < NEIGHBOURS; a++) {
    qtv[a] = dot(cols[a], target, n);
    for (let b = a; b < NEIGHBOURS; b++) qtq[a * NEIGHBOURS + b] = qtq[b * NEIGHBOURS + a] = dot(cols[a], cols[b], n);
  }
  const wt = solve(qtq, qtv, NEIGHBOURS);
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pred =
      wt[0] * c0[i] +
      wt[1] * c1[i] +
      wt[2] * c2[i] +
      wt[3] * c3[i] +
      wt[4] * c4[i] +
      wt[5] * c5[i] +
      wt[6] * c6[i] +
      wt[7] * c7[i] +
      wt[8] * c8[i];
    err[i] = Math.log((target[i] + 1) / (Math.abs(pred) + 1));
  }
  moments(err, n, out, at);
}

/** Column names: wavelets_coef_r_1_h_mean .., wavelets_err_b_3_d_kurt. */
export function waveletColumns(scales: number): string[] {
  const names: string[] = [];
  for (const what of ['coef', 'err'])
    for (const c of ['r', 'g', 'b'])
      for (let l = 1; l <= scales; l++)
        for (const o of ['h', 'v', 'd'])
          for (const m of ['mean', 'var', 'skew', 'kurt']) names.push(`wavelets_${what}_${c}_${l}_${o}_${m}`);
  return names;
}
