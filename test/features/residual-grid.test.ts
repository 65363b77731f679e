// The residual kind's shortcut (fold the residual onto one P x P tile, then a
// P x P DFT) against the DFT summed over every pixel, on seeded random
// pictures of odd and uneven sizes and two grids.
import { describe, expect, it } from 'vitest';
import { residualGrid, residualLength } from '../../src/features/residual-grid.js';
import { Rng } from '../../src/util/rng.js';
import { bruteForceResidualDft } from '../helpers/naive.js';

describe('residual grid', () => {
  for (const [height, width, grid] of [
    [41, 29, 8],
    [33, 50, 16],
    [20, 20, 4],
  ] as const) {
    it(`${width}x${height}, grid ${grid}: equals the brute-force DFT at every harmonic`, () => {
      const rng = new Rng(height * width, 3);
      const rgb = Uint8Array.from({ length: height * width * 3 }, () => Math.floor(rng.next() * 256));
      const out = new Float32Array(residualLength(grid));
      residualGrid(rgb, height, width, grid, out, 0);
      const rows = Math.floor((height - 1) / grid) * grid;
      const cols = Math.floor((width - 1) / grid) * grid;
      let at = 0;
      for (let c = 0; c < 3; c++)
        for (let m = -grid / 2; m <= grid / 2; m++)
          for (let n = 0; n <= grid / 2; n++) {
            const want = bruteForceResidualDft(rgb, width, c, rows, cols, (m * rows) / grid, (n * cols) / grid);
            expect(Math.abs(out[at++] - Math.log(want + 1e-8))).toBeLessThan(1e-5);
          }
      expect(at).toBe(out.length);
    });
  }
});
