// The colour kind: how a picture's colours are spread, where generators
// differ from cameras (McCloskey & Albright 2019: saturation and clipped
// pixels; Li et al. 2020: chroma statistics in HSV and YCbCr). B bins each:
//   hue histogram weighted by saturation, saturation, value, Cb and Cr
//   histograms (5 B); an 8 x 8 joint Cb-Cr histogram (64); the shares of
//   pixels with a channel at 0, at 255, and all three at 255 (3); mean and
//   standard deviation of S, Cb, Cr (6); co-occurrences of the truncated
//   horizontal and vertical differences of S, Cb and Cr, pairs of
//   neighbouring differences in [-2, 2] (3 x 25), and of Cb's and Cr's
//   differences at one pixel (25).
// Every histogram is a share of the picture's pixels (or of its saturation,
// for hue), written as its square root. 5 B + 173 values, 253 for B = 16. Hue, saturation and value are
// those of the standard hexcone model on 0..255 bytes; Cb and Cr are the
// integer planes of colour-planes.ts.
import { ycbcrPlane } from './colour-planes.js';

export const DEFAULT_COLOUR_BINS = 16;
export const MAX_COLOUR_BINS = 256;
const JOINT = 8;
const T = 2;
const K = 2 * T + 1;

/** Values per picture for B bins. */
export function colourLength(bins: number): number {
  return 5 * bins + JOINT * JOINT + 3 + 6 + 4 * K * K;
}

/** Differences need two pixels each way. */
export const COLOUR_MIN_SIDE = 2;

/** Hue in [0, 1) (0 for grey), saturation in [0, 1], value 0..255 of one pixel. */
function hsv(r: number, g: number, b: number, into: Float64Array): void {
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  const min = r < g ? (r < b ? r : b) : g < b ? g : b;
  const delta = max - min;
  let h = 0;
  if (delta > 0) {
    if (max === r) h = (g - b) / delta;
    else if (max === g) h = 2 + (b - r) / delta;
    else h = 4 + (r - g) / delta;
    h /= 6;
    if (h < 0) h += 1;
  }
  into[0] = h;
  into[1] = max === 0 ? 0 : delta / max;
  into[2] = max;
}

const binOf = (v: number, bins: number) => (v >= 1 ? bins - 1 : Math.floor(v * bins));

const tr = (d: number) => (d < -T ? -T : d > T ? T : d);

/** Co-occurrence of neighbouring truncated differences of `plane` (h and v) into out[at..at+25], shares. */
function differencePairs(plane: Int32Array, h: number, w: number, out: Float64Array, at: number): void {
  let n = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x + 2 < w; x++) {
      const p = y * w + x;
      out[at + (tr(plane[p] - plane[p + 1]) + T) * K + tr(plane[p + 1] - plane[p + 2]) + T]++;
      n++;
    }
  for (let y = 0; y + 2 < h; y++)
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      out[at + (tr(plane[p] - plane[p + w]) + T) * K + tr(plane[p + w] - plane[p + 2 * w]) + T]++;
      n++;
    }
  if (n > 0) for (let i = 0; i < K * K; i++) out[at + i] /= n;
}

/** Writes the colour values of an RGB picture (at least COLOUR_MIN_SIDE each way) to out[offset..]. */
export function colourStats(
  rgb: Uint8Array,
  height: number,
  width: number,
  bins: number,
  out: Float32Array,
  offset: number,
): void {
  const n = height * width;
  const v = new Float64Array(colourLength(bins));
  const cb = ycbcrPlane(rgb, height, width, 1);
  const cr = ycbcrPlane(rgb, height, width, 2);
  const sat = new Int32Array(n);
  const px = new Float64Array(3);
  const hueAt = 0;
  const satAt = bins;
  const valAt = 2 * bins;
  const cbAt = 3 * bins;
  const crAt = 4 * bins;
  const jointAt = 5 * bins;
  const clipAt = jointAt + JOINT * JOINT;
  const momentsAt = clipAt + 3;
  const pairsAt = momentsAt + 6;
  let satSum = 0;
  const sums = new Float64Array(6);
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = rgb[p];
    const g = rgb[p + 1];
    const b = rgb[p + 2];
    hsv(r, g, b, px);
    const s = px[1];
    v[hueAt + binOf(px[0], bins)] += s;
    satSum += s;
    v[satAt + binOf(s, bins)]++;
    v[valAt + binOf(px[2] / 256, bins)]++;
    v[cbAt + binOf(cb[i] / 256, bins)]++;
    v[crAt + binOf(cr[i] / 256, bins)]++;
    v[jointAt + (cb[i] >> 5) * JOINT + (cr[i] >> 5)]++;
    if (r === 0 || g === 0 || b === 0) v[clipAt]++;
    if (r === 255 || g === 255 || b === 255) v[clipAt + 1]++;
    if (r === 255 && g === 255 && b === 255) v[clipAt + 2]++;
    // saturation on 0..255 for its difference co-occurrences
    sat[i] = Math.round(s * 255);
    sums[0] += s;
    sums[1] += s * s;
    sums[2] += cb[i];
    sums[3] += cb[i] * cb[i];
    sums[4] += cr[i];
    sums[5] += cr[i] * cr[i];
  }
  for (let i = 0; i < bins; i++) v[hueAt + i] = satSum > 0 ? v[hueAt + i] / satSum : 0;
  for (let i = satAt; i < momentsAt; i++) v[i] /= n;
  for (let c = 0; c < 3; c++) {
    const mean = sums[2 * c] / n;
    v[momentsAt + 2 * c] = mean;
    v[momentsAt + 2 * c + 1] = Math.sqrt(Math.max(0, sums[2 * c + 1] / n - mean * mean));
  }
  differencePairs(sat, height, width, v, pairsAt);
  differencePairs(cb, height, width, v, pairsAt + K * K);
  differencePairs(cr, height, width, v, pairsAt + 2 * K * K);
  // Cb's and Cr's horizontal differences at one pixel
  const crossAt = pairsAt + 3 * K * K;
  let m = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x + 1 < width; x++) {
      const p = y * width + x;
      v[crossAt + (tr(cb[p] - cb[p + 1]) + T) * K + tr(cr[p] - cr[p + 1]) + T]++;
      m++;
    }
  for (let i = 0; i < K * K; i++) v[crossAt + i] /= m;
  // shares as their square roots (the Hellinger map: 0.764 -> 0.791 on faces-b's VIP-like pictures, numpy +
  // scikit-learn logistic), the moments as they are
  for (let i = 0; i < v.length; i++) out[offset + i] = i >= momentsAt && i < pairsAt ? v[i] : Math.sqrt(v[i]);
}

/** Column names, in the order above. */
export function colourColumns(bins: number): string[] {
  const names: string[] = [];
  for (const h of ['hue', 'sat', 'val', 'cb', 'cr']) for (let i = 0; i < bins; i++) names.push(`colour_${h}_${i}`);
  for (let i = 0; i < JOINT; i++) for (let j = 0; j < JOINT; j++) names.push(`colour_cbcr_${i}_${j}`);
  names.push('colour_any0', 'colour_any255', 'colour_all255');
  for (const c of ['sat', 'cb', 'cr']) names.push(`colour_${c}_mean`, `colour_${c}_sd`);
  for (const c of ['sat', 'cb', 'cr'])
    for (let a = -T; a <= T; a++) for (let b = -T; b <= T; b++) names.push(`colour_${c}_pair_${a}_${b}`);
  for (let a = -T; a <= T; a++) for (let b = -T; b <= T; b++) names.push(`colour_cbcr_diff_${a}_${b}`);
  return names;
}
