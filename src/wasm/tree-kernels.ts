// Loads the WebAssembly per-bin kernels (tree-kernels.wat, compiled to
// dist/wasm by `npm run build`) onto a shared memory and types their exports.
// Why WebAssembly: the same loops in TypeScript cost 7-19 ns per histogram
// update on the 2-core machine this project targets, these 1.5-2 ns (packed
// i64x2 bins); the TypeScript versions (tree-learner/histogram.ts, split.ts)
// stay as the readable reference.
import { wasmModule } from './wasm-module.js';

/**
 * The histogram builders, one shape per layout; each comes twice, for the
 * two-word bins and (suffix Q, --quantized) the one-word bins.
 */
/** One feature: sums[col[rows[i]]] += gh[i - start]. */
export type BuildKernel = (col: number, rows: number, start: number, end: number, gh: number, sums: number) => void;
/** Features k = 0..3 at once: column at col + k * colBytes, bins at sums + k * featureBytes. */
export type Build4Kernel = (
  col: number,
  colBytes: number,
  rows: number,
  start: number,
  end: number,
  gh: number,
  sums: number,
  featureBytes: number,
) => void;
/** Rows start..end-1 themselves, in order (no row ids). */
export type BuildDenseKernel = (col: number, start: number, end: number, gh: number, sums: number) => void;
/** BuildDenseKernel for four features at once, laid out as Build4Kernel's. */
export type BuildDense4Kernel = (
  col: number,
  colBytes: number,
  start: number,
  end: number,
  gh: number,
  sums: number,
  featureBytes: number,
) => void;
/** Row-wise over features [0, nFeatures) of a row-major binned matrix (at the first feature's column); feature f's bins at sums + f * featureBytes. */
export type BuildRowsKernel = (
  binnedRows: number,
  rowBytes: number,
  nFeatures: number,
  rows: number,
  start: number,
  end: number,
  gh: number,
  sums: number,
  featureBytes: number,
) => void;
/** target = parent - child over nBins bins (target may be parent). */
export type SubtractKernel = (parent: number, child: number, target: number, nBins: number) => void;

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
  build: BuildKernel;
  build4: Build4Kernel;
  buildDense: BuildDenseKernel;
  buildDense4: BuildDense4Kernel;
  buildRows: BuildRowsKernel;
  subtract: SubtractKernel;
  clear(at: number, bytes: number): void;
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
  buildQ: BuildKernel;
  buildQ4: Build4Kernel;
  buildDenseQ: BuildDenseKernel;
  buildDenseQ4: BuildDense4Kernel;
  buildRowsQ: BuildRowsKernel;
  subtractQ: SubtractKernel;
  /** bestSplit() on one-word bins, whose g field starts at bit gShift. */
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
