import { describe, expect, it } from 'vitest';
import { binOf, fitBinMapper } from '../../src/binning/bin-mapper.js';
import { radixArgsort } from '../../src/binning/radix-argsort.js';
import { denseMatrix } from '../../src/core/dense-matrix.js';
import { Rng } from '../../src/util/rng.js';

describe('radixArgsort', () => {
  it('equals a stable sort by value, negatives, zeros and duplicates included', () => {
    const rng = new Rng(1);
    const values = Float32Array.from({ length: 5000 }, () => {
      const k = rng.int(4);
      return k === 0 ? rng.int(5) - 2 : k === 1 ? -0 : (rng.next() - 0.5) * 10 ** rng.int(8);
    });
    const negZero = (i: number) => (Object.is(values[i], -0) ? 0 : 1); // -0 sorts before +0
    const expected = Array.from(values.keys()).sort(
      (a, b) => values[a] - values[b] || negZero(a) - negZero(b) || a - b,
    );
    const got = Array.from(radixArgsort(values));
    expect(got).toEqual(expected);
  });
});

describe('fitBinMapper', () => {
  it('puts edges midway between distinct values when there are few', () => {
    const X = denseMatrix(6, 1, Float32Array.from([3, 1, 2, 2, 1, 3]));
    const mapper = fitBinMapper(X, 255);
    expect(Array.from(mapper.thresholds[0])).toEqual([1.5, 2.5]);
    const binned = new Uint8Array(6);
    fitBinMapper(X, 255, binned);
    expect(Array.from(binned)).toEqual([2, 0, 1, 1, 0, 2]);
  });

  it('uses at most bins - 1 quantile edges and bins exactly as binOf does', () => {
    const rng = new Rng(2);
    const n = 3000;
    const X = denseMatrix(
      n,
      3,
      Float32Array.from({ length: n * 3 }, (_, i) => (i % 3 === 2 ? 7 : (rng.next() - 0.5) * 1000)),
    );
    const binned = new Uint8Array(n * 3);
    const mapper = fitBinMapper(X, 16, binned);
    expect(mapper.thresholds[0].length).toBeLessThanOrEqual(15);
    expect(mapper.thresholds[2].length).toBe(0); // a constant feature has one bin
    for (let f = 0; f < 3; f++) {
      for (let i = 0; i < n; i++) expect(binned[f * n + i]).toBe(binOf(mapper.thresholds[f], X.data[i * 3 + f]));
    }
    // quantile bins hold about n / 16 rows each
    const counts = new Array(16).fill(0);
    for (let i = 0; i < n; i++) counts[binned[i]]++;
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThan(n / 16 / 2);
  });

  it('refuses bin counts outside 2..256', () => {
    const X = denseMatrix(2, 1, Float32Array.from([1, 2]));
    expect(() => fitBinMapper(X, 300)).toThrow('options.bins must be an integer from 2 to 256, got 300');
    expect(() => fitBinMapper(X, 1)).toThrow('options.bins must be an integer from 2 to 256, got 1');
  });
});
