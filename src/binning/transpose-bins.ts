// The binned matrix, feature-major as binning writes it, copied row-major.
// Tiles of 64 x 64 bytes keep both sides' cache lines in L1 during the copy.

const TILE = 64;

/** dst[i * nFeatures + f] = src[f * nRows + i]. */
export function transposeBins(src: Uint8Array, nRows: number, nFeatures: number, dst: Uint8Array): void {
  for (let r0 = 0; r0 < nRows; r0 += TILE) {
    const r1 = Math.min(nRows, r0 + TILE);
    for (let f0 = 0; f0 < nFeatures; f0 += TILE) {
      const f1 = Math.min(nFeatures, f0 + TILE);
      for (let i = r0; i < r1; i++) {
        const out = i * nFeatures;
        for (let f = f0; f < f1; f++) dst[out + f] = src[f * nRows + i];
      }
    }
  }
}
