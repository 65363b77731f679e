// Loads the WebAssembly product kernels (gemm-kernels.wat, compiled to
// dist/wasm by `npm run build`) onto a shared memory and types their exports.
// Why WebAssembly: the PCA's products are 10^12 multiply-adds at full size;
// an f32x4 kernel ran ~20 GFLOPS a core on the 2-core machine this
// project targets, the i16 one kept here (i32x4.dot_i16x8_s) 30-44
// GFLOPS-equivalent, where a TypeScript triple loop manages about 1.
import { wasmModule } from './wasm-module.js';

export interface GemmKernels {
  /** C tiles += (packed i16-pair A [k/2][4] x i16 B panels [p][k/2][8]) * invScale, kPairs <= 128. */
  gemmI16Panels(
    a: number,
    b: number,
    panelBytes: number,
    nPanels: number,
    kPairs: number,
    c: number,
    ldc: number,
    cPanelBytes: number,
    invScale: number,
  ): void;
  /** 4 rows (fewer: zero rows) x 2 kPairs u8 columns -> [k/2][4] i16 pairs. */
  packRowsI16(src: number, lda: number, rows: number, kPairs: number, dst: number): void;
  /** 16 u8 columns x 2 kPairs rows (rowsLeft exist) -> 4 groups of [k/2][4] i16 pairs, kPairs * 16 bytes apart. */
  packColsI16(src: number, lda: number, rowsLeft: number, kPairs: number, dst: number): void;
  /** Adds the column sums of a u8 block to u32 sums; returns the sum of its squared values. */
  columnSumsU8(src: number, lda: number, nRows: number, nCols: number, sums: number): number;
  /** f64 C[m x n] += A[m x kdim] B[kdim x n]; A strided (aRow, aCol bytes), B and C row-major; m, n multiples of 4. */
  gemmF64(
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    n: number,
    kdim: number,
  ): void;
}

export function loadGemmKernels(memory: WebAssembly.Memory): GemmKernels {
  return new WebAssembly.Instance(wasmModule('gemm-kernels'), { env: { memory } }).exports as unknown as GemmKernels;
}
