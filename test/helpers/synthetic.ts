// Seeded data sets for model tests: a small nonlinear problem made here, and
// the project's own PersoData-shaped sets (src/synthetic/perso-like.ts).
import { denseMatrix, type DenseMatrix } from '../../src/core/dense-matrix.js';
import { writeFeatureDataset } from '../../src/io/write-automl.js';
import { makePersoLike, type PersoLikeOptions } from '../../src/synthetic/perso-like.js';
import { Rng } from '../../src/util/rng.js';

/** y depends on an interaction and a threshold, plus 10% label noise. */
export function nonlinearData(n: number, d: number, seed: number): { X: DenseMatrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const X = Float32Array.from({ length: n * d }, () => rng.next() * 2 - 1);
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const x = X.subarray(i * d, i * d + d);
    const truth = x[0] * x[1] > 0 !== x[2] > 0.3 ? 1 : 0;
    return rng.next() < 0.1 ? 1 - truth : truth;
  });
  return { X: denseMatrix(n, d, X), y };
}

/** Writes a PersoData-shaped AutoML set named `perso` into `dir`. */
export async function makePersoData(dir: string, options: Partial<PersoLikeOptions>): Promise<void> {
  await writeFeatureDataset(makePersoLike(dir, options));
}
