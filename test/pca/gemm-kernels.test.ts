// The WebAssembly product kernels against exact sums: integer products are
// exact before the final scale, so the only error is f32 rounding.
import { describe, expect, it } from 'vitest';
import { loadGemmKernels } from '../../src/wasm/gemm-kernels.js';
import { Rng } from '../../src/util/rng.js';

function setup(bytes: number) {
  const pages = Math.ceil(bytes / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { memory, k: loadGemmKernels(memory) };
}

describe('gemm kernels', () => {
  it('gemmI16Panels x packRowsI16: 4 rows x 16 columns over 2 * 37 + 1 (odd) k, exact integers times the scale', () => {
    const rng = new Rng(1);
    const kdim = 75,
      nCols = 16,
      kPairs = Math.ceil(kdim / 2);
    const { memory, k } = setup(1 << 20);
    const A = 0,
      B = 4096,
      C = 65536,
      AP = 131072,
      INV = 196608;
    const u8 = new Uint8Array(memory.buffer);
    const i16 = new Int16Array(memory.buffer);
    const f32 = new Float32Array(memory.buffer);
    const a = Array.from({ length: 3 * kdim + 1 }, () => rng.int(256)); // 3 rows: the 4th packs as zeros
    a.forEach((v, i) => (u8[A + i] = v));
    const q = Array.from({ length: kdim * nCols }, () => rng.int(65535) - 32767);
    for (let kk = 0; kk < kdim; kk++)
      for (let j = 0; j < nCols; j++)
        i16[B / 2 + (j >> 3) * kPairs * 16 + (kk >> 1) * 16 + (j & 7) * 2 + (kk & 1)] = q[kk * nCols + j];
    for (let j = 0; j < nCols; j++) f32[INV / 4 + j] = 1 / (j + 1);
    k.packRowsI16(A, kdim, 3, kPairs, AP);
    k.gemmI16Panels(AP, B, kPairs * 32, 2, kPairs, C, nCols * 4, 32, INV);
    for (let r = 0; r < 4; r++) {
      for (let j = 0; j < nCols; j++) {
        let exact = 0;
        if (r < 3) for (let kk = 0; kk < kdim; kk++) exact += a[r * kdim + kk] * q[kk * nCols + j];
        expect(f32[C / 4 + r * nCols + j]).toBe(Math.fround(Math.fround(exact) * Math.fround(1 / (j + 1))));
      }
    }
  });

  it('packColsI16 transposes a 16-column strip into 4 groups, a missing odd row reading as zeros', () => {
    const { memory, k } = setup(1 << 20);
    const u8 = new Uint8Array(memory.buffer);
    const lda = 40,
      rows = 5; // 3 pairs, the last one half missing
    for (let i = 0; i < rows * lda + 64; i++) u8[i] = (i * 7) & 255;
    k.packColsI16(8, lda, rows, 3, 4096);
    const i16 = new Int16Array(memory.buffer, 4096, 4 * 3 * 8);
    for (let g = 0; g < 4; g++) {
      for (let p = 0; p < 3; p++) {
        for (let f = 0; f < 4; f++) {
          const col = 8 + 4 * g + f;
          const at = g * 3 * 8 + p * 8 + f * 2;
          expect(i16[at]).toBe(u8[2 * p * lda + col]);
          expect(i16[at + 1]).toBe(2 * p + 1 < rows ? u8[(2 * p + 1) * lda + col] : 0);
        }
      }
    }
  });

  it('gemmF64 with strided A equals the naive product, and Aᵀ A through swapped strides', () => {
    const rng = new Rng(4);
    const m = 8,
      n = 12,
      kdim = 7;
    const { memory, k } = setup(1 << 20);
    const f64 = new Float64Array(memory.buffer);
    const A = 0,
      B = 8192,
      C = 16384;
    for (let i = 0; i < m * kdim; i++) f64[A / 8 + i] = rng.normal();
    for (let i = 0; i < kdim * n; i++) f64[B / 8 + i] = rng.normal();
    f64.fill(1, C / 8, C / 8 + m * n);
    k.gemmF64(A, kdim * 8, 8, B, n * 8, C, n * 8, m, n, kdim);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 1;
        for (let kk = 0; kk < kdim; kk++) s += f64[A / 8 + i * kdim + kk] * f64[B / 8 + kk * n + j];
        expect(f64[C / 8 + i * n + j]).toBeCloseTo(s, 12);
      }
    // Gram of the 7 x 8 matrix A' (rows of length m=8): Aᵀ A through aRow = 8, aCol = 8 * 8
    f64.fill(0, C / 8, C / 8 + 64);
    k.gemmF64(A, 8, 8 * 8, A, 8 * 8, C, 8 * 8, 8, 8, 7);
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let r = 0; r < 7; r++) s += f64[A / 8 + r * 8 + i] * f64[A / 8 + r * 8 + j];
        expect(f64[C / 8 + i * 8 + j]).toBeCloseTo(s, 12);
      }
  });

  it('columnSumsU8 adds column sums (vector part and tail) and returns the sum of squares', () => {
    const { memory, k } = setup(1 << 20);
    const u8 = new Uint8Array(memory.buffer);
    const nRows = 9,
      nCols = 37;
    const rng = new Rng(8);
    for (let i = 0; i < nRows * nCols; i++) u8[i] = rng.int(256);
    const sums = new Uint32Array(memory.buffer, 8192, nCols);
    sums.fill(5);
    const squares = k.columnSumsU8(0, nCols, nRows, nCols, 8192);
    let exactSquares = 0;
    for (let j = 0; j < nCols; j++) {
      let s = 5;
      for (let r = 0; r < nRows; r++) s += u8[r * nCols + j];
      expect(sums[j]).toBe(s);
    }
    for (let i = 0; i < nRows * nCols; i++) exactSquares += u8[i] * u8[i];
    expect(squares).toBe(exactSquares);
  });
});
