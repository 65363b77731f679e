// The TypeScript histogram code against a naive per-(feature, bin) count, and
// the WebAssembly kernels against the TypeScript code.
import { describe, expect, it } from 'vitest';
import { transposeBins } from '../../src/binning/transpose-bins.js';
import { buildFeatureHistogram, subtractHistograms, type HistogramSlot } from '../../src/tree-learner/histogram.js';
import { quantizationFor } from '../../src/tree-learner/quantize.js';
import { Rng } from '../../src/util/rng.js';
import { kernelMemory } from '../helpers/kernel-memory.js';

const N_BINS = 16;

function randomLeaf(seed: number, nRows: number) {
  const rng = new Rng(seed);
  const column = Uint8Array.from({ length: nRows }, () => rng.int(N_BINS));
  const gradients = Float32Array.from({ length: nRows }, () => rng.next() * 2 - 1);
  const hessians = Float32Array.from({ length: nRows }, () => rng.next() * 0.25);
  const rows = Uint32Array.from({ length: nRows }, (_, i) => i).filter(() => rng.next() < 0.6);
  return { column, gradients, hessians, rows };
}

function jsHistogram(leaf: ReturnType<typeof randomLeaf>, rows = leaf.rows): HistogramSlot {
  const slot = { sums: new Float64Array(2 * N_BINS), counts: new Uint32Array(N_BINS) };
  const og = Float64Array.from(rows, (r) => leaf.gradients[r]);
  const oh = Float64Array.from(rows, (r) => leaf.hessians[r]);
  buildFeatureHistogram(leaf.column, rows, 0, rows.length, og, oh, slot, 0);
  return slot;
}

describe('histograms (TypeScript reference)', () => {
  it('equal a naive count per bin', () => {
    const leaf = randomLeaf(1, 500);
    const slot = jsHistogram(leaf);
    for (let b = 0; b < N_BINS; b++) {
      const members = Array.from(leaf.rows).filter((r) => leaf.column[r] === b);
      expect(slot.counts[b]).toBe(members.length);
      expect(slot.sums[2 * b]).toBeCloseTo(
        members.reduce((s, r) => s + leaf.gradients[r], 0),
        10,
      );
      expect(slot.sums[2 * b + 1]).toBeCloseTo(
        members.reduce((s, r) => s + leaf.hessians[r], 0),
        10,
      );
    }
  });

  it('do not depend on row order, and parent = left + right', () => {
    const leaf = randomLeaf(2, 400);
    const parent = jsHistogram(leaf);
    const shuffled = new Rng(3).shuffle(Uint32Array.from(leaf.rows));
    const again = jsHistogram(leaf, shuffled);
    expect(Array.from(again.counts)).toEqual(Array.from(parent.counts));
    again.sums.forEach((v, i) => expect(v).toBeCloseTo(parent.sums[i], 10));
    const left = jsHistogram(
      leaf,
      leaf.rows.filter((r) => r % 3 === 0),
    );
    const right = { sums: new Float64Array(2 * N_BINS), counts: new Uint32Array(N_BINS) };
    subtractHistograms(parent, left, right, 0, N_BINS);
    const direct = jsHistogram(
      leaf,
      leaf.rows.filter((r) => r % 3 !== 0),
    );
    expect(Array.from(right.counts)).toEqual(Array.from(direct.counts));
    right.sums.forEach((v, i) => expect(v).toBeCloseTo(direct.sums[i], 10));
  });
});

describe('WebAssembly kernels', () => {
  function wasmHistogram(leaf: ReturnType<typeof randomLeaf>, nRowsTotal: number) {
    const km = kernelMemory();
    const n = leaf.column.length;
    const q = quantizationFor(nRowsTotal, 1, 0.25);
    const at = {
      col: km.alloc(n),
      grad: km.alloc(4 * n),
      hess: km.alloc(4 * n),
      rows: km.alloc(4 * n),
      gh: km.alloc(16 * n),
      sums: km.alloc(16 * N_BINS),
      child: km.alloc(16 * N_BINS),
    };
    new Uint8Array(km.buffer, at.col, n).set(leaf.column);
    new Float32Array(km.buffer, at.grad, n).set(leaf.gradients);
    new Float32Array(km.buffer, at.hess, n).set(leaf.hessians);
    new Uint32Array(km.buffer, at.rows, n).set(leaf.rows);
    return { km, q, at };
  }

  function decode(buffer: ArrayBufferLike, at: number, q: ReturnType<typeof quantizationFor>) {
    const words = new BigInt64Array(buffer, at, 2 * N_BINS);
    const mask = (1n << BigInt(q.countBits)) - 1n;
    return Array.from({ length: N_BINS }, (_, b) => ({
      g: Number(words[2 * b]) * q.gUnit,
      h: Number(words[2 * b + 1] >> BigInt(q.countBits)) * q.hUnit,
      count: Number(words[2 * b + 1] & mask),
    }));
  }

  it('build packed histograms that decode to the float histograms', () => {
    const leaf = randomLeaf(4, 700);
    const { km, q, at } = wasmHistogram(leaf, 700);
    const m = leaf.rows.length;
    km.kernels.gather(at.rows, 0, m, at.grad, at.hess, at.gh, q.gScale, q.hScale, q.countBits);
    km.kernels.build(at.col, at.rows, 0, m, at.gh, at.sums);
    const reference = jsHistogram(leaf);
    decode(km.buffer, at.sums, q).forEach((bin, b) => {
      expect(bin.count).toBe(reference.counts[b]);
      // fixed point: each row rounds by at most half a unit
      expect(Math.abs(bin.g - reference.sums[2 * b])).toBeLessThanOrEqual(m * q.gUnit);
      expect(Math.abs(bin.h - reference.sums[2 * b + 1])).toBeLessThanOrEqual(m * q.hUnit);
    });
  });

  it('subtract exactly, and buildDense equals build over rows 0..n-1', () => {
    const leaf = randomLeaf(5, 300);
    leaf.rows = Uint32Array.from({ length: 300 }, (_, i) => i);
    const { km, q, at } = wasmHistogram(leaf, 300);
    km.kernels.gather(at.rows, 0, 300, at.grad, at.hess, at.gh, q.gScale, q.hScale, q.countBits);
    km.kernels.build(at.col, at.rows, 0, 300, at.gh, at.sums);
    const viaRows = new BigInt64Array(km.buffer, at.sums, 2 * N_BINS).slice();
    km.kernels.clear(at.sums, 16 * N_BINS);
    km.kernels.buildDense(at.col, 0, 300, at.gh, at.sums);
    expect(new BigInt64Array(km.buffer, at.sums, 2 * N_BINS)).toEqual(viaRows);
    // child = rows 0..99; parent - child must equal rows 100..299 built directly, bit for bit
    km.kernels.buildDense(at.col, 0, 100, at.gh, at.child);
    km.kernels.subtract(at.sums, at.child, at.sums, N_BINS);
    const direct = km.alloc(16 * N_BINS);
    km.kernels.buildDense(at.col, 100, 300, at.gh + 100 * 16, direct);
    expect(new BigInt64Array(km.buffer, at.sums, 2 * N_BINS)).toEqual(new BigInt64Array(km.buffer, direct, 2 * N_BINS));
  });

  it('buildRows on a row-major matrix equals build column by column, bit for bit', () => {
    // 3 features row-major (transposeBins of feature-major columns); build features 1 and 2 only
    const nRows = 500;
    const rng = new Rng(8);
    const columns = Uint8Array.from({ length: 3 * nRows }, () => rng.int(N_BINS));
    const rowMajor = new Uint8Array(3 * nRows);
    transposeBins(columns, nRows, 3, rowMajor);
    expect(rowMajor[7 * 3 + 2]).toBe(columns[2 * nRows + 7]);
    const leaf = randomLeaf(9, nRows);
    const { km, q, at } = wasmHistogram(leaf, nRows);
    const m = leaf.rows.length;
    const cols = km.alloc(3 * nRows);
    const binnedRows = km.alloc(3 * nRows);
    new Uint8Array(km.buffer, cols, 3 * nRows).set(columns);
    new Uint8Array(km.buffer, binnedRows, 3 * nRows).set(rowMajor);
    const byColumn = km.alloc(2 * 16 * N_BINS);
    const byRow = km.alloc(2 * 16 * N_BINS);
    km.kernels.gather(at.rows, 0, m, at.grad, at.hess, at.gh, q.gScale, q.hScale, q.countBits);
    for (const f of [1, 2]) km.kernels.build(cols + f * nRows, at.rows, 0, m, at.gh, byColumn + (f - 1) * 16 * N_BINS);
    km.kernels.buildRows(binnedRows + 1, 3, 2, at.rows, 0, m, at.gh, byRow, 16 * N_BINS);
    const expected = new BigInt64Array(km.buffer, byColumn, 4 * N_BINS);
    expect(expected.some((v) => v !== 0n)).toBe(true);
    expect(new BigInt64Array(km.buffer, byRow, 4 * N_BINS)).toEqual(expected);
  });

  it('build4 and buildDense4 equal build and buildDense feature by feature, bit for bit', () => {
    const nRows = 600;
    const rng = new Rng(11);
    const columns = Uint8Array.from({ length: 5 * nRows }, () => rng.int(N_BINS));
    const leaf = randomLeaf(12, nRows);
    const { km, q, at } = wasmHistogram(leaf, nRows);
    const m = leaf.rows.length;
    const cols = km.alloc(5 * nRows);
    new Uint8Array(km.buffer, cols, 5 * nRows).set(columns);
    const identity = km.alloc(4 * nRows);
    new Uint32Array(km.buffer, identity, nRows).set(Uint32Array.from({ length: nRows }, (_, i) => i));
    const ghAll = km.alloc(16 * nRows);
    km.kernels.gather(at.rows, 0, m, at.grad, at.hess, at.gh, q.gScale, q.hScale, q.countBits);
    km.kernels.gather(identity, 0, nRows, at.grad, at.hess, ghAll, q.gScale, q.hScale, q.countBits);
    const bins = 4 * 16 * N_BINS;
    const [one, four, denseOne, denseFour] = [km.alloc(bins), km.alloc(bins), km.alloc(bins), km.alloc(bins)];
    // features 1..4 of 5; dense over rows 50..549
    for (let f = 1; f <= 4; f++) {
      km.kernels.build(cols + f * nRows, at.rows, 0, m, at.gh, one + (f - 1) * 16 * N_BINS);
      km.kernels.buildDense(cols + f * nRows, 50, 550, ghAll + 50 * 16, denseOne + (f - 1) * 16 * N_BINS);
    }
    km.kernels.build4(cols + nRows, nRows, at.rows, 0, m, at.gh, four, 16 * N_BINS);
    km.kernels.buildDense4(cols + nRows, nRows, 50, 550, ghAll + 50 * 16, denseFour, 16 * N_BINS);
    const words = (at: number) => new BigInt64Array(km.buffer, at, 8 * N_BINS);
    expect(words(one).some((v) => v !== 0n)).toBe(true);
    expect(words(four)).toEqual(words(one));
    expect(words(denseOne).some((v) => v !== 0n)).toBe(true);
    expect(words(denseFour)).toEqual(words(denseOne));
  });

  it('partition rows stably by bin', () => {
    const leaf = randomLeaf(6, 200);
    const { km, at } = wasmHistogram(leaf, 200);
    const m = leaf.rows.length;
    const scratch = km.alloc(4 * m);
    const nLeft = km.kernels.partition(at.rows, 0, m, at.col, 7, scratch);
    const rows = Array.from(new Uint32Array(km.buffer, at.rows, m));
    const expectedLeft = Array.from(leaf.rows).filter((r) => leaf.column[r] <= 7);
    expect(nLeft).toBe(expectedLeft.length);
    expect(rows).toEqual([...expectedLeft, ...Array.from(leaf.rows).filter((r) => leaf.column[r] > 7)]);
  });
});
