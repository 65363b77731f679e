// Loads the WebAssembly per-bin kernels (tree-kernels.wat, compiled to
// dist/wasm by `npm run build`) onto a shared memory and types their exports.
// Why WebAssembly: the same loops in TypeScript cost 7-19 ns per histogram
// update on the 2-core machine this project targets, these 1.5-2 ns (packed
// i64x2 bins); the TypeScript versions (tree-learner/histogram.ts, split.ts)
// stay as the readable reference.
import { wasmModule } from './wasm-module.js';

export interface TreeKernels {
  gather(
    rows: number,
    start: number,
    end: number,
    grad: number,
    hess: number,
    gh: number,
    gScale: number,
    hScale: number,
    countBits: number,
  ): void;
  build(col: number, rows: number, start: number, end: number, gh: number, sums: number): void;
  /** build() for features k = 0..3 at once: column at col + k * colBytes, bins at sums + k * featureBytes. */
  build4(
    col: number,
    colBytes: number,
    rows: number,
    start: number,
    end: number,
    gh: number,
    sums: number,
    featureBytes: number,
  ): void;
  /** buildDense() for four features at once, laid out as build4's. */
  buildDense4(
    col: number,
    colBytes: number,
    start: number,
    end: number,
    gh: number,
    sums: number,
    featureBytes: number,
  ): void;
  /** build() row-wise for features [0, nFeatures) of a row-major binned matrix (at the first feature's column); feature f's bins at sums + f * featureBytes. */
  buildRows(
    binnedRows: number,
    rowBytes: number,
    nFeatures: number,
    rows: number,
    start: number,
    end: number,
    gh: number,
    sums: number,
    featureBytes: number,
  ): void;
  /** build() for rows start..end-1 themselves, in order. */
  buildDense(col: number, start: number, end: number, gh: number, sums: number): void;
  clear(at: number, bytes: number): void;
  subtract(parent: number, child: number, target: number, nBins: number): void;
  /** Returns the gain (0 = none); writes bin i32 @0, left count i32 @4, left g f64 @8, left h f64 @16 at `out`. */
  bestSplit(
    sums: number,
    nBins: number,
    gUnit: number,
    hUnit: number,
    countBits: number,
    G: number,
    H: number,
    N: number,
    l2: number,
    minLeaf: number,
    minHess: number,
    out: number,
  ): number;
  // --quantized (one-word bins, tree-kernels.wat's section on them)
  /** packed[r] = stochastically rounded (g, h, 1) of rows[start, end); returns their packed sum. */
  quantize(
    rows: number,
    start: number,
    end: number,
    grad: number,
    hess: number,
    packed: number,
    gScale: number,
    hScale: number,
    countBits: number,
    gShift: number,
    seed: bigint,
  ): bigint;
  gatherPacked(rows: number, start: number, end: number, packed: number, gh: number): void;
  buildQ(col: number, rows: number, start: number, end: number, gh: number, sums: number): void;
  buildQ4(
    col: number,
    colBytes: number,
    rows: number,
    start: number,
    end: number,
    gh: number,
    sums: number,
    featureBytes: number,
  ): void;
  buildDenseQ(col: number, start: number, end: number, gh: number, sums: number): void;
  buildDenseQ4(
    col: number,
    colBytes: number,
    start: number,
    end: number,
    gh: number,
    sums: number,
    featureBytes: number,
  ): void;
  buildRowsQ(
    binnedRows: number,
    rowBytes: number,
    nFeatures: number,
    rows: number,
    start: number,
    end: number,
    gh: number,
    sums: number,
    featureBytes: number,
  ): void;
  subtractQ(parent: number, child: number, target: number, nBins: number): void;
  bestSplitQ(
    sums: number,
    nBins: number,
    gUnit: number,
    hUnit: number,
    countBits: number,
    gShift: number,
    G: number,
    H: number,
    N: number,
    l2: number,
    minLeaf: number,
    minHess: number,
    out: number,
  ): number;
  /** Stable partition of rows[start, end) by col[row] <= threshold; returns the left count. */
  partition(rows: number, start: number, end: number, col: number, threshold: number, scratch: number): number;
}

export function loadTreeKernels(memory: WebAssembly.Memory): TreeKernels {
  return new WebAssembly.Instance(wasmModule('tree-kernels'), { env: { memory } }).exports as unknown as TreeKernels;
}
