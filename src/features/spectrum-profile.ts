// The spectrum kind (Durall et al. 2020, "Watch your up-convolution" and
// "Unmasking DeepFakes with simple features"): the grey picture's 2-D DFT at
// its own size, 20 ln(|F| + 1e-8), averaged over each integer radius
// round(|(u, v)|) around the zero frequency up to the inscribed circle
// (radius < min(H, W) / 2), that profile linearly resampled to `bins` values
// and min-max scaled per picture. Generators' up-sampling lifts the far end of
// this profile. The half plane of column frequencies is computed and the
// mirror columns counted twice, which gives the whole plane's means.
import { halfSpectrumFor } from './half-spectrum.js';

const EPS = 1e-8;

interface RadiusTable {
  /** Per half-plane entry (H x columns): its radius, or -1 outside the inscribed circle. */
  readonly radius: Int32Array;
  /** Per half-plane entry: 1, or 2 for a column whose mirror is another column. */
  readonly weight: Uint8Array;
  /** Per radius: entries of the whole plane at that radius. */
  readonly count: Float64Array;
}

const tables = new Map<string, RadiusTable>();

/** The signed frequency of unshifted index i of an n-point DFT, as numpy's fftshift places it. */
function signedFrequency(i: number, n: number): number {
  const half = Math.floor(n / 2);
  return ((i + half) % n) - half;
}

function radiusTable(height: number, width: number, columns: number): RadiusTable {
  const key = `${height}x${width}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const radii = Math.floor(Math.min(height, width) / 2);
  const radius = new Int32Array(height * columns);
  const weight = new Uint8Array(height * columns);
  const count = new Float64Array(radii);
  for (let u = 0; u < height; u++) {
    const fu = signedFrequency(u, height);
    for (let v = 0; v < columns; v++) {
      const fv = signedFrequency(v, width);
      const r = Math.floor(Math.hypot(fu, fv) + 0.5);
      const w = v === 0 || 2 * v === width ? 1 : 2;
      const at = u * columns + v;
      radius[at] = r < radii ? r : -1;
      weight[at] = w;
      if (r < radii) count[r] += w;
    }
  }
  const table = { radius, weight, count };
  if (tables.size >= 8) tables.clear(); // mixed-size sets: keep the memory bounded
  tables.set(key, table);
  return table;
}

/** The smallest picture side the spectrum takes: one ring inside the inscribed circle. */
export const SPECTRUM_MIN_SIDE = 2;

/**
 * Writes the `bins` spectrum values of an RGB picture (width x height x 3
 * bytes, row-major) to out[offset..offset + bins).
 */
export function spectrumProfile(
  rgb: Uint8Array,
  height: number,
  width: number,
  bins: number,
  out: Float32Array,
  offset: number,
): void {
  const plan = halfSpectrumFor(height, width);
  const n = height * width;
  let sum = 0;
  for (let p = 0; p < n; p++) sum += 0.299 * rgb[3 * p] + 0.587 * rgb[3 * p + 1] + 0.114 * rgb[3 * p + 2];
  // centred, so that f32 rounding is relative to the picture's detail rather than its brightness
  const mean = sum / n;
  const image = plan.image();
  for (let p = 0; p < n; p++) image[p] = 0.299 * rgb[3 * p] + 0.587 * rgb[3 * p + 1] + 0.114 * rgb[3 * p + 2] - mean;
  const magnitude = new Float32Array(height * plan.columns);
  plan.transform(magnitude);
  magnitude[0] = Math.abs(sum); // the zero frequency, exactly
  const { radius, weight, count } = radiusTable(height, width, plan.columns);
  const radii = count.length;
  const profile = new Float64Array(radii);
  for (let i = 0; i < magnitude.length; i++) {
    const r = radius[i];
    if (r >= 0) profile[r] += weight[i] * 20 * Math.log(magnitude[i] + EPS);
  }
  for (let r = 0; r < radii; r++) profile[r] /= count[r];
  const resampled = new Float64Array(bins);
  const step = bins > 1 ? (radii - 1) / (bins - 1) : 0;
  for (let b = 0; b < bins; b++) {
    const t = b === bins - 1 ? radii - 1 : b * step;
    const i = Math.min(Math.floor(t), Math.max(radii - 2, 0));
    resampled[b] = radii === 1 ? profile[0] : profile[i] + (t - i) * (profile[i + 1] - profile[i]);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of resampled) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  for (let b = 0; b < bins; b++) out[offset + b] = hi > lo ? (resampled[b] - lo) / (hi - lo) : 0;
}
