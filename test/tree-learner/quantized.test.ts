// gbdt --quantized's kernels (one-word packed bins) against BigInt sums of the
// packed values, its rounding against what stochastic rounding promises, and
// its split search against the division-form scan of its own sums.
import { describe, expect, it } from 'vitest';
import { transposeBins } from '../../src/binning/transpose-bins.js';
import {
  GRADIENT_LEVELS,
  HESSIAN_LEVELS,
  packedQuantizationFor,
  roundScales,
  unpackSum,
} from '../../src/tree-learner/quantize.js';
import { Rng } from '../../src/util/rng.js';
import { divisionFormScan } from '../helpers/division-scan.js';
import { kernelMemory } from '../helpers/kernel-memory.js';

const N_BINS = 16;

/** A leaf of `nRows` rows with `nFeatures` binned features, quantized by the kernel. */
function quantizedLeaf(seed: number, nRows: number, nFeatures: number) {
  const rng = new Rng(seed);
  const km = kernelMemory(128);
  const q = packedQuantizationFor(nRows);
  const columns = Uint8Array.from({ length: nFeatures * nRows }, () => rng.int(N_BINS));
  const grad = Float32Array.from({ length: nRows }, () => rng.next() * 2 - 1);
  const hess = Float32Array.from({ length: nRows }, () => rng.next() * 0.25);
  const leafRows = Uint32Array.from({ length: nRows }, (_, i) => i).filter(() => rng.next() < 0.6);
  const at = {
    cols: km.alloc(nFeatures * nRows),
    rowMajor: km.alloc(nFeatures * nRows),
    grad: km.alloc(4 * nRows),
    hess: km.alloc(4 * nRows),
    packed: km.alloc(8 * nRows),
    all: km.alloc(4 * nRows),
    rows: km.alloc(4 * nRows),
    gh: km.alloc(8 * nRows),
    ghAll: km.alloc(8 * nRows),
  };
  new Uint8Array(km.buffer, at.cols, nFeatures * nRows).set(columns);
  transposeBins(columns, nRows, nFeatures, new Uint8Array(km.buffer, at.rowMajor, nFeatures * nRows));
  new Float32Array(km.buffer, at.grad, nRows).set(grad);
  new Float32Array(km.buffer, at.hess, nRows).set(hess);
  new Uint32Array(km.buffer, at.all, nRows).set(Uint32Array.from({ length: nRows }, (_, i) => i));
  new Uint32Array(km.buffer, at.rows, leafRows.length).set(leafRows);
  const scales = roundScales(1, 0.25);
  const total = km.kernels.quantize(
    at.all,
    0,
    nRows,
    at.grad,
    at.hess,
    at.packed,
    scales.gScale,
    scales.hScale,
    q.countBits,
    q.gShift,
    77n,
  );
  const packed = new BigInt64Array(km.buffer, at.packed, nRows);
  km.kernels.gatherPacked(at.rows, 0, leafRows.length, at.packed, at.gh);
  km.kernels.gatherPacked(at.all, 0, nRows, at.packed, at.ghAll);
  /** The reference: a bin's packed sum, as BigInt. */
  const reference = (f: number, rows: ArrayLike<number>) => {
    const sums = new Array<bigint>(N_BINS).fill(0n);
    for (let i = 0; i < rows.length; i++) sums[columns[f * nRows + rows[i]]] += packed[rows[i]];
    return sums.map((v) => BigInt.asIntN(64, v));
  };
  return { km, q, at, columns, grad, hess, leafRows, packed, total, scales, reference, nRows };
}

describe('quantized gradients (gbdt --quantized)', () => {
  it('rounds each row to a neighbouring level, without bias, the same for the same seed', () => {
    const nRows = 20000;
    const { km, q, at, grad, hess, packed, total, scales } = quantizedLeaf(3, nRows, 1);
    let sumG = 0;
    let sumH = 0;
    let sumGi = 0;
    let sumHi = 0;
    for (let r = 0; r < nRows; r++) {
      const { g, h, count } = unpackSum(packed[r], q);
      expect(count).toBe(1);
      const x = grad[r] * scales.gScale;
      const y = hess[r] * scales.hScale;
      expect(g === Math.floor(x) || g === Math.ceil(x)).toBe(true);
      expect(h === Math.floor(y) || h === Math.ceil(y)).toBe(true);
      expect(Math.abs(g)).toBeLessThanOrEqual(GRADIENT_LEVELS);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThanOrEqual(HESSIAN_LEVELS);
      ((sumG += x), (sumH += y), (sumGi += g), (sumHi += h));
    }
    // unbiased: the rounding errors are independent, each of variance <= 1/4
    const sd = Math.sqrt(nRows / 4);
    expect(Math.abs(sumGi - sumG)).toBeLessThan(4 * sd);
    expect(Math.abs(sumHi - sumH)).toBeLessThan(4 * sd);
    // the returned total is the packed sum of every row
    expect(unpackSum(total, q)).toEqual({ g: sumGi, h: sumHi, count: nRows });
    // the same coins for the same seed, others for another
    const again = km.alloc(8 * nRows);
    km.kernels.quantize(
      at.all,
      0,
      nRows,
      at.grad,
      at.hess,
      again,
      scales.gScale,
      scales.hScale,
      q.countBits,
      q.gShift,
      77n,
    );
    expect(new BigInt64Array(km.buffer, again, nRows)).toEqual(packed);
    km.kernels.quantize(
      at.all,
      0,
      nRows,
      at.grad,
      at.hess,
      again,
      scales.gScale,
      scales.hScale,
      q.countBits,
      q.gShift,
      78n,
    );
    expect(new BigInt64Array(km.buffer, again, nRows)).not.toEqual(packed);
  });

  it('builds one-word histograms equal to the BigInt sums, by row ids, densely, four at once and row-wise; subtracts exactly', () => {
    const nRows = 700;
    const nF = 5;
    const { km, at, leafRows, reference } = quantizedLeaf(4, nRows, nF);
    const m = leafRows.length;
    const bins = nF * N_BINS;
    const words = (addr: number) => Array.from(new BigInt64Array(km.buffer, addr, bins));
    const expected = Array.from({ length: nF }, (_, f) => reference(f, leafRows)).flat();
    const all = Array.from({ length: nRows }, (_, i) => i);
    const expectedDense = Array.from({ length: nF }, (_, f) => reference(f, all)).flat();
    expect(expected.some((v) => v !== 0n)).toBe(true);
    const [one, four, rowWise, dense, denseFour] = [0, 1, 2, 3, 4].map(() => km.alloc(8 * bins));
    for (let f = 0; f < nF; f++) {
      km.kernels.buildQ(at.cols + f * nRows, at.rows, 0, m, at.gh, one + f * 8 * N_BINS);
      km.kernels.buildDenseQ(at.cols + f * nRows, 0, nRows, at.ghAll, dense + f * 8 * N_BINS);
    }
    km.kernels.buildQ4(at.cols, nRows, at.rows, 0, m, at.gh, four, 8 * N_BINS);
    km.kernels.buildQ(at.cols + 4 * nRows, at.rows, 0, m, at.gh, four + 4 * 8 * N_BINS);
    km.kernels.buildDenseQ4(at.cols, nRows, 0, nRows, at.ghAll, denseFour, 8 * N_BINS);
    km.kernels.buildDenseQ(at.cols + 4 * nRows, 0, nRows, at.ghAll, denseFour + 4 * 8 * N_BINS);
    km.kernels.buildRowsQ(at.rowMajor, nF, nF, at.rows, 0, m, at.gh, rowWise, 8 * N_BINS);
    expect(words(one)).toEqual(expected);
    expect(words(four)).toEqual(expected);
    expect(words(rowWise)).toEqual(expected);
    expect(words(dense)).toEqual(expectedDense);
    expect(words(denseFour)).toEqual(expectedDense);
    // parent (every row) - child (the leaf) = the rows outside the leaf
    km.kernels.subtractQ(dense, one, dense, bins);
    const inLeaf = new Set(leafRows);
    const outside = all.filter((r) => !inLeaf.has(r));
    expect(words(dense)).toEqual(Array.from({ length: nF }, (_, f) => reference(f, outside)).flat());
  });

  it('bestSplitQ takes the bin and gain the division-form scan of its decoded sums takes, bit for bit', () => {
    for (let k = 0; k < 200; k++) {
      const nRows = 60 + (k % 7) * 90;
      const { km, q, at, leafRows, reference, scales } = quantizedLeaf(100 + k, nRows, 1);
      const sums = reference(0, leafRows);
      const addr = km.alloc(8 * N_BINS);
      new BigInt64Array(km.buffer, addr, N_BINS).set(sums);
      const out = km.alloc(64);
      const decoded = sums.map((v) => unpackSum(v, q));
      const c = { l2: [0, 1e-3, 1, 7][k % 4], minLeaf: 1 + (k % 20), minHessian: k % 5 ? 1e-3 : 0 };
      const best = divisionFormScan(
        decoded.map((d) => ({ g: BigInt(d.g), h: BigInt(d.h), count: d.count })),
        scales,
        c,
      );
      const { G, H, N } = best;
      expect(N).toBe(leafRows.length);
      const gain = km.kernels.bestSplitQ(
        addr,
        N_BINS,
        scales.gUnit,
        scales.hUnit,
        q.countBits,
        q.gShift,
        G,
        H,
        N,
        c.l2,
        c.minLeaf,
        c.minHessian,
        out,
      );
      expect(new DataView(km.buffer as ArrayBuffer, out, 64).getInt32(0, true)).toBe(best.bin);
      expect(gain).toBe(best.gain);
      void at;
    }
  });

  it('sizes the fields so that sums over every row cannot overflow, and refuses more rows than fit', () => {
    const q = packedQuantizationFor(2 ** 20 - 1);
    expect(3 * q.countBits + 4).toBeLessThanOrEqual(64);
    // every row at the extreme levels: the sums decode back
    const n = BigInt(2 ** 20 - 1);
    const low = BigInt.asIntN(64, (-2n * n) << BigInt(q.gShift)) + ((4n * n) << BigInt(q.countBits)) + n;
    expect(unpackSum(low, q)).toEqual({ g: -2 * Number(n), h: 4 * Number(n), count: Number(n) });
    const high = BigInt.asIntN(64, ((2n * n) << BigInt(q.gShift)) + ((4n * n) << BigInt(q.countBits)) + n);
    expect(unpackSum(high, q)).toEqual({ g: 2 * Number(n), h: 4 * Number(n), count: Number(n) });
    expect(() => packedQuantizationFor(2 ** 20)).toThrow(/at most 1048575 rows/);
  });
});
