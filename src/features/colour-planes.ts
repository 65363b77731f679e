// Integer colour planes of an RGB picture, as the robust kinds read them:
// Y, Cb and Cr by JPEG's (JFIF) full-range conversion in 16-bit fixed point,
// rounded and clamped to 0..255, so the numpy reference
// (bench/features_reference.py) reproduces every value exactly; and the
// square roots of shares that spam and channels write.

/** The plane of channel `c` (0 Y, 1 Cb, 2 Cr) of an RGB picture, h * w values 0..255. */
export function ycbcrPlane(rgb: Uint8Array, height: number, width: number, c: 0 | 1 | 2): Int32Array {
  const n = height * width;
  const out = new Int32Array(n);
  // JFIF: Y = .299 R + .587 G + .114 B; Cb = 128 - .168736 R - .331264 G + .5 B; Cr = 128 + .5 R - .418688 G - .081312 B
  const [kr, kg, kb] = c === 0 ? [19595, 38470, 7471] : c === 1 ? [-11059, -21709, 32768] : [32768, -27439, -5329];
  const offset = c === 0 ? 32768 : (128 << 16) + 32768;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const v = (kr * rgb[p] + kg * rgb[p + 1] + kb * rgb[p + 2] + offset) >> 16;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/** Writes the square root of each count's share of their sum (the Hellinger map) to out[at..]. */
export function writeRootShares(counts: ArrayLike<number>, out: Float32Array, at: number): void {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  for (let i = 0; i < counts.length; i++) out[at + i] = Math.sqrt(counts[i] / total);
}

/** One of the picture's R, G, B planes as float64 (the wavelets' input). */
export function rgbPlane(rgb: Uint8Array, height: number, width: number, c: number): Float64Array {
  const n = height * width;
  const out = new Float64Array(n);
  for (let i = 0, p = c; i < n; i++, p += 3) out[i] = rgb[p];
  return out;
}
