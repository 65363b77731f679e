// The best split of a leaf on one feature against a brute-force search over
// every threshold, for the TypeScript scan and the WebAssembly kernel.
import { describe, expect, it } from 'vitest';
import { buildFeatureHistogram } from '../../src/tree-learner/histogram.js';
import { quantizationFor } from '../../src/tree-learner/quantize.js';
import { bestSplitOfFeature, type SplitConstraints } from '../../src/tree-learner/split.js';
import { Rng } from '../../src/util/rng.js';
import { kernelMemory } from '../helpers/kernel-memory.js';

const N_BINS = 12;

function bruteForce(bins: Uint8Array, g: Float32Array, h: Float32Array, c: SplitConstraints) {
  let G = 0;
  let H = 0;
  g.forEach((v, i) => ((G += v), (H += h[i])));
  let best = { bin: -1, gain: 0 };
  for (let t = 0; t < N_BINS - 1; t++) {
    let gl = 0;
    let hl = 0;
    let nl = 0;
    bins.forEach((b, i) => {
      if (b <= t) ((gl += g[i]), (hl += h[i]), nl++);
    });
    const nr = bins.length - nl;
    if (nl < c.minLeaf || nr < c.minLeaf || hl < c.minHessian || H - hl < c.minHessian) continue;
    const gain = (gl * gl) / (hl + c.l2) + ((G - gl) * (G - gl)) / (H - hl + c.l2) - (G * G) / (H + c.l2);
    if (gain > best.gain) best = { bin: t, gain };
  }
  return { ...best, G, H };
}

describe('best split of one feature', () => {
  const rng = new Rng(9);
  const cases = Array.from({ length: 25 }, (_, k) => {
    const n = 30 + rng.int(200);
    const bins = Uint8Array.from({ length: n }, () => rng.int(N_BINS));
    const shift = rng.next() - 0.5;
    const g = Float32Array.from(bins, (b) => (b > 5 ? shift : -shift) + rng.next() - 0.5);
    const h = Float32Array.from({ length: n }, () => 0.01 + rng.next() * 0.24);
    const c = { l2: k % 3 === 0 ? 0 : rng.next() * 2, minLeaf: 1 + rng.int(15), minHessian: k % 2 ? 1e-3 : 0.5 };
    return { bins, g, h, c };
  });

  it('TypeScript scan equals brute force', () => {
    for (const { bins, g, h, c } of cases) {
      const expected = bruteForce(bins, g, h, c);
      const slot = { sums: new Float64Array(2 * N_BINS), counts: new Uint32Array(N_BINS) };
      const rows = Uint32Array.from(bins.keys());
      buildFeatureHistogram(bins, rows, 0, rows.length, Float64Array.from(g), Float64Array.from(h), slot, 0);
      const got = bestSplitOfFeature(slot.sums, slot.counts, 0, N_BINS, 3, expected.G, expected.H, bins.length, c);
      expect(got.bin).toBe(expected.bin);
      if (expected.bin >= 0) {
        expect(got.feature).toBe(3);
        expect(got.gain).toBeCloseTo(expected.gain, 9);
        expect(got.leftCount).toBe(Array.from(bins).filter((b) => b <= expected.bin).length);
      }
    }
  });

  it('WebAssembly kernel equals brute force', () => {
    for (const { bins, g, h, c } of cases) {
      const expected = bruteForce(bins, g, h, c);
      const n = bins.length;
      const km = kernelMemory();
      const q = quantizationFor(n, 1, 0.25);
      const at = {
        col: km.alloc(n),
        grad: km.alloc(4 * n),
        hess: km.alloc(4 * n),
        rows: km.alloc(4 * n),
        gh: km.alloc(16 * n),
        sums: km.alloc(16 * N_BINS),
        out: km.alloc(64),
      };
      new Uint8Array(km.buffer, at.col, n).set(bins);
      new Float32Array(km.buffer, at.grad, n).set(g);
      new Float32Array(km.buffer, at.hess, n).set(h);
      new Uint32Array(km.buffer, at.rows, n).set(Uint32Array.from(bins.keys()));
      km.kernels.gather(at.rows, 0, n, at.grad, at.hess, at.gh, q.gScale, q.hScale, q.countBits);
      km.kernels.build(at.col, at.rows, 0, n, at.gh, at.sums);
      const gain = km.kernels.bestSplit(
        at.sums,
        N_BINS,
        q.gUnit,
        q.hUnit,
        q.countBits,
        expected.G,
        expected.H,
        n,
        c.l2,
        c.minLeaf,
        c.minHessian,
        at.out,
      );
      const out = new DataView(km.buffer as ArrayBuffer, at.out, 64);
      expect(out.getInt32(0, true)).toBe(expected.bin);
      // fixed-point sums differ from float sums by at most n half-units
      if (expected.bin >= 0) expect(gain).toBeCloseTo(expected.gain, 6);
      else expect(gain).toBe(0);
    }
  });
});
