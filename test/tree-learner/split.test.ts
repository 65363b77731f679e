// The best split of a leaf on one feature against a brute-force search over
// every threshold, for the TypeScript scan and the WebAssembly kernel.
import { describe, expect, it } from 'vitest';
import { buildFeatureHistogram } from '../../src/tree-learner/histogram.js';
import { quantizationFor } from '../../src/tree-learner/quantize.js';
import { bestSplitOfFeature, type SplitConstraints } from '../../src/tree-learner/split.js';
import { Rng } from '../../src/util/rng.js';
import { divisionFormScan } from '../helpers/division-scan.js';
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
  it('WebAssembly kernel takes the bin and gain the division-form scan of its own sums takes, bit for bit', () => {
    // the kernel screens bins without dividing; the screen must never drop the
    // bin the exact comparison takes, even among near-equal gains
    const rng = new Rng(21);
    const nBins = 64;
    for (let k = 0; k < 300; k++) {
      const n = 50 + rng.int(400);
      const km = kernelMemory();
      const q = quantizationFor(n, 1, 0.25);
      const at = { col: km.alloc(n), grad: km.alloc(4 * n), hess: km.alloc(4 * n), rows: km.alloc(4 * n) };
      const gh = km.alloc(16 * n);
      const sums = km.alloc(16 * nBins);
      const out = km.alloc(64);
      // few distinct values: many bins with equal sums, so equal gains
      const bins = Uint8Array.from({ length: n }, () => rng.int(nBins));
      const levels = 1 + rng.int(4);
      const g = Float32Array.from(bins, (b) => (rng.int(levels) - levels / 2) / 4 + (k % 2 ? b / nBins - 0.5 : 0));
      const h = Float32Array.from({ length: n }, () => (k % 3 ? 0.25 : 0.01 + rng.next() * 0.24));
      new Uint8Array(km.buffer, at.col, n).set(bins);
      new Float32Array(km.buffer, at.grad, n).set(g);
      new Float32Array(km.buffer, at.hess, n).set(h);
      new Uint32Array(km.buffer, at.rows, n).set(Uint32Array.from(bins.keys()));
      km.kernels.gather(at.rows, 0, n, at.grad, at.hess, gh, q.gScale, q.hScale, q.countBits);
      km.kernels.build(at.col, at.rows, 0, n, gh, sums);
      const words = new BigInt64Array(km.buffer, sums, 2 * nBins);
      const mask = (1n << BigInt(q.countBits)) - 1n;
      const decoded = Array.from({ length: nBins }, (_, b) => ({
        g: words[2 * b],
        h: words[2 * b + 1] >> BigInt(q.countBits),
        count: Number(words[2 * b + 1] & mask),
      }));
      const c = { l2: [0, 1e-3, 1, 7][k % 4], minLeaf: 1 + rng.int(20), minHessian: k % 5 ? 1e-3 : 0 };
      const best = divisionFormScan(decoded, q, c);
      const [Gf, Hf] = [best.G, best.H];
      const gain = km.kernels.bestSplit(
        sums,
        nBins,
        q.gUnit,
        q.hUnit,
        q.countBits,
        Gf,
        Hf,
        n,
        c.l2,
        c.minLeaf,
        c.minHessian,
        out,
      );
      expect(new DataView(km.buffer as ArrayBuffer, out, 64).getInt32(0, true)).toBe(best.bin);
      expect(gain).toBe(best.gain);
    }
  });
});
