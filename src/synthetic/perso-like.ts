// A deterministic PersoData-shaped data set, made here so that tests (and a
// user without the challenge's files) have realistic rows to fit: 200
// "components" whose spread falls off like a PCA's, labels 1 = real, 0 = fake.
// Writing it is write-automl.ts's job; scripts/make-perso-like.mjs is its CLI.
import type { SetName } from '../io/automl.js';
import type { FeatureDataset, FeatureSet } from '../io/write-automl.js';
import { Rng } from '../util/rng.js';

export interface PersoLikeOptions {
  readonly train: number;
  readonly valid: number;
  readonly test: number;
  readonly features: number;
  readonly seed: number;
}

export const DEFAULT_PERSO_LIKE_OPTIONS: PersoLikeOptions = Object.freeze({
  train: 65856,
  valid: 9408,
  test: 18817,
  features: 200,
  seed: 1,
});

/**
 * The class signal is spread over several kinds of evidence, so that no one
 * feature gives it away and trees beat a linear model, as on the real data:
 * - component j has spread 4000·(j+1)^-0.7 + 100 (a PCA's decaying variances);
 * - the real class has 1.12x the spread of the fake one beyond component 40
 *   (generators lose fine detail), and a random per-component ratio below it;
 * - six "styles" (painting schools) move the first 12 components, and each
 *   style is more common in one class;
 * - a quarter of the first 30 components carry a small mean shift;
 * - components 2 and 5 are correlated in the real class, anti-correlated in
 *   the fake one (an interaction a linear model cannot use);
 * - the first 8 components have heavy tails (a scale mixture).
 * Labels are balanced within each set (alternating, then shuffled).
 */
export function makePersoLike(dir: string, options: Partial<PersoLikeOptions> = {}, name = 'perso'): FeatureDataset {
  const opts = { ...DEFAULT_PERSO_LIKE_OPTIONS, ...options };
  const d = opts.features;
  if (!Number.isInteger(d) || d < 6) throw new RangeError(`features must be an integer >= 6, got ${d}`);
  const rng = new Rng(opts.seed, 0x7e55);
  const spread = Float64Array.from({ length: d }, (_, j) => 4000 * Math.pow(j + 1, -0.7) + 100);
  const logRatio = Float64Array.from({ length: d }, (_, j) => (j < 40 ? 0.25 * rng.normal() : Math.log(1.12)));
  const shift = Float64Array.from({ length: d }, (_, j) => (j < 30 && rng.next() < 0.25 ? 0.15 * rng.normal() : 0));
  const nStyles = 6;
  const styleMeans = Array.from({ length: nStyles }, () =>
    Float64Array.from({ length: Math.min(12, d) }, () => 0.9 * rng.normal()),
  );
  const styleRealShare = Float64Array.from({ length: nStyles }, () => 0.3 + 0.4 * rng.next());

  const drawStyle = (label: number): number => {
    for (;;) {
      const k = rng.int(nStyles);
      const share = label === 1 ? styleRealShare[k] : 1 - styleRealShare[k];
      if (rng.next() < share * 1.4) return k;
    }
  };

  const makeSet = (setName: SetName, nRows: number, firstId: number): FeatureSet => {
    const labels = Uint8Array.from({ length: nRows }, (_, i) => i % 2);
    rng.shuffle(labels);
    const values = new Float32Array(nRows * d);
    for (let r = 0; r < nRows; r++) {
      const label = labels[r];
      const sign = label === 1 ? 1 : -1;
      const style = styleMeans[drawStyle(label)];
      const tail = 1 / Math.sqrt(0.25 + 1.5 * rng.next());
      const row = values.subarray(r * d, (r + 1) * d);
      let noise2 = 0;
      for (let j = 0; j < d; j++) {
        let noise = rng.normal();
        if (j === 2) noise2 = noise;
        // correlation +0.6 (real) or -0.6 (fake) between components 2 and 5
        if (j === 5) noise = sign * 0.6 * noise2 + 0.8 * noise;
        const sd = spread[j] * Math.exp((sign * logRatio[j]) / 2);
        const mean = spread[j] * ((j < style.length ? style[j] : 0) + sign * shift[j]);
        row[j] = mean + sd * noise * (j < 8 ? tail : 1);
      }
    }
    const names = Array.from({ length: nRows }, (_, i) => String(firstId + i));
    return { setName, names, labels, values };
  };

  const sets: FeatureSet[] = [];
  let firstId = 1;
  for (const setName of ['train', 'valid', 'test'] as const) {
    const n = opts[setName];
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${setName} must be a whole number of rows, got ${n}`);
    if (n === 0) continue;
    sets.push(makeSet(setName, n, firstId));
    firstId += n;
  }
  return {
    dir,
    name,
    featureNames: Array.from({ length: d }, (_, j) => `feature${j}`),
    sets,
    info: { usage: `persodata synthetic PersoData-shaped set (seed ${opts.seed})` },
  };
}
