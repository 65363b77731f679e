// A JPEG's quality setting, recovered from its quantisation tables: libjpeg
// (IJG; PIL, sharp, ImageMagick by default) writes the standard tables of
// ITU-T T.81 Annex K scaled by a factor that depends on the quality alone,
// so trying the 100 qualities and keeping the closest gives the one used, or,
// for a table written otherwise (a camera's, Photoshop's), the nearest.

/** Annex K table K.1 (luminance), row-major. */
const LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];

/** Annex K table K.2 (chrominance), row-major. */
const CHROMINANCE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99,
];

/** Row-major position of the k-th coefficient in zig-zag order (the order a DQT segment stores). */
export const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];

/** libjpeg's jpeg_quality_scaling and jpeg_add_quant_table (baseline: at most 255). */
function scaled(table: readonly number[], quality: number): number[] {
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  return table.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

const TABLES = Array.from({ length: 100 }, (_, i) => ({
  quality: i + 1,
  luminance: scaled(LUMINANCE, i + 1),
  chrominance: scaled(CHROMINANCE, i + 1),
}));

export interface QualityEstimate {
  readonly quality: number;
  /** The tables are exactly libjpeg's at that quality. */
  readonly exact: boolean;
}

/**
 * The quality whose libjpeg tables are closest (sum of absolute differences)
 * to `luminance` and, when given, `chrominance`; both row-major, 64 values.
 */
export function estimateJpegQuality(luminance: ArrayLike<number>, chrominance?: ArrayLike<number>): QualityEstimate {
  let best = { quality: 0, error: Infinity };
  for (const t of TABLES) {
    let error = 0;
    for (let i = 0; i < 64; i++) error += Math.abs(t.luminance[i] - luminance[i]);
    if (chrominance) for (let i = 0; i < 64; i++) error += Math.abs(t.chrominance[i] - chrominance[i]);
    // ties (quality 97-100 can coincide once clamped at 1) go to the higher quality
    if (error <= best.error) best = { quality: t.quality, error };
  }
  return { quality: best.quality, exact: best.error === 0 };
}
