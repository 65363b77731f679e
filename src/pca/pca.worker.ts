// Worker entry for one `persodata pca` run, on the run's shared memory
// (pca-memory.ts, received once as workerData). Each export is one kind of
// task over a block of rows or features; the main thread (pca/pca-engine.ts)
// splits the work so that the blocks never overlap, and the blocks do not
// depend on the thread count, so neither do the results.
import { workerData } from 'piscina';
import { loadGemmKernels } from '../wasm/gemm-kernels.js';
import { decodeImageInto } from '../images/decode-image.js';
import { CHUNK_ROWS, featurePairs, pcaScratch, rowPairs, type PcaMemoryLayout } from './pca-memory.js';
import { claimWorkerIndex } from '../parallel/shared-memory.js';

export interface SharedPcaData {
  readonly layout: PcaMemoryLayout;
  readonly memory: WebAssembly.Memory;
}

const { layout, memory } = workerData as SharedPcaData;
const kernels = loadGemmKernels(memory);
const scratchAt = pcaScratch(layout, claimWorkerIndex(memory, layout.workerIndex, layout.nWorkers, 'pca worker'));
const scratch = scratchAt.packed;
const MAX_PAIRS = 128; // i32 sums of 128 i16 dot products cannot overflow (gemm-kernels.wat)
const d = layout.nFeatures;
const ldc = layout.columns * 4;

export interface RowBlockTask {
  readonly rowStart: number;
  /** Exclusive; rowStart and rowEnd are multiples of 4 unless rowEnd is the last row. */
  readonly rowEnd: number;
  readonly nPanels: number;
  /** Row r of the product is pixel row r * rowStride (a subsample when > 1). */
  readonly rowStride: number;
}

/** rowsOut[r] = pixels[r * rowStride] x B(vPanels) for r in the block (f32, first 8 * nPanels columns). */
export function rowsTimesV(task: RowBlockTask): void {
  const { rowStart, rowEnd, nPanels, rowStride } = task;
  new Float32Array(
    memory.buffer,
    layout.rowsOut + rowStart * ldc,
    Math.ceil((rowEnd - rowStart) / 4) * 4 * layout.columns,
  ).fill(0);
  const pairs = featurePairs(layout);
  for (let kp0 = 0; kp0 < pairs; kp0 += MAX_PAIRS) {
    const kp = Math.min(MAX_PAIRS, pairs - kp0);
    for (let r = rowStart; r < rowEnd; r += 4) {
      kernels.packRowsI16(
        layout.pixels + r * rowStride * d + 2 * kp0,
        rowStride * d,
        Math.min(4, rowEnd - r),
        kp,
        scratch,
      );
      kernels.gemmI16Panels(
        scratch,
        layout.vPanels + kp0 * 32,
        pairs * 32,
        nPanels,
        kp,
        layout.rowsOut + r * ldc,
        ldc,
        32,
        layout.vInvScale,
      );
    }
  }
}

export interface FeatureBlockTask {
  /** Multiples of 16. */
  readonly featureStart: number;
  readonly featureEnd: number;
  /** Rows of the product: pixel rows 0, rowStride, 2 rowStride, ... (nRows of them). */
  readonly nRows: number;
  readonly rowStride: number;
  readonly nPanels: number;
}

/** featsOut[f] = (pixel rows 0, rowStride, ...)[.., f]ᵀ x B(wPanels) over nRows rows, for f in the block. */
export function featsTimesW(task: FeatureBlockTask): void {
  const { featureStart, featureEnd, nRows, nPanels, rowStride } = task;
  new Float32Array(
    memory.buffer,
    layout.featsOut + featureStart * ldc,
    (featureEnd - featureStart) * layout.columns,
  ).fill(0);
  const pairs = Math.ceil(nRows / 2);
  const panelBytes = rowPairs(layout) * 32;
  for (let kp0 = 0; kp0 < pairs; kp0 += MAX_PAIRS) {
    const kp = Math.min(MAX_PAIRS, pairs - kp0);
    for (let f = featureStart; f < featureEnd; f += 16) {
      kernels.packColsI16(layout.pixels + 2 * kp0 * rowStride * d + f, rowStride * d, nRows - 2 * kp0, kp, scratch);
      for (let g = 0; g < 4; g++) {
        kernels.gemmI16Panels(
          scratch + g * kp * 16,
          layout.wPanels + kp0 * 32,
          panelBytes,
          nPanels,
          kp,
          layout.featsOut + (f + 4 * g) * ldc,
          ldc,
          32,
          layout.wInvScale,
        );
      }
    }
  }
}

export interface ColumnSums {
  readonly sums: Float64Array;
  /** Sum of every squared value of the block. */
  readonly sumOfSquares: number;
}

/** Per-feature sums of pixel rows [rowStart, rowEnd), exact (integers below 2^53). */
export function columnSums(task: { rowStart: number; rowEnd: number }): ColumnSums {
  const sums32 = new Uint32Array(memory.buffer, scratchAt.gram, d);
  sums32.fill(0);
  const sumOfSquares = kernels.columnSumsU8(
    layout.pixels + task.rowStart * d,
    d,
    task.rowEnd - task.rowStart,
    d,
    scratchAt.gram,
  );
  return { sums: Float64Array.from(sums32), sumOfSquares };
}

export interface CenteredBlockTask {
  readonly source: 'rowsOut' | 'featsOut' | 'basis';
  readonly rowStart: number;
  readonly rowEnd: number;
  /** Columns used (<= layout.columns). */
  readonly width: number;
  /** Row r of the source minus rowScale[r] (or 1 when absent) times colShift. */
  readonly colShift: Float64Array;
  readonly rowScale?: Float64Array;
}

function source(task: CenteredBlockTask): Float32Array | Float64Array {
  if (task.source === 'basis') return new Float64Array(memory.buffer, layout.basis, d * layout.columns);
  return task.source === 'rowsOut'
    ? new Float32Array(memory.buffer, layout.rowsOut, Math.ceil(layout.capacity / 4) * 4 * layout.columns)
    : new Float32Array(memory.buffer, layout.featsOut, Math.ceil(d / 16) * 16 * layout.columns);
}

/** Centres source rows [r, r + CHUNK_ROWS) ∩ the block into scratch rowsIn (f64, width wide; missing rows zero); returns the count. */
function centerChunk(src: Float32Array | Float64Array, task: CenteredBlockTask, r: number): number {
  const m = task.width;
  const chunk = new Float64Array(memory.buffer, scratchAt.rowsIn, CHUNK_ROWS * m);
  const count = Math.min(CHUNK_ROWS, task.rowEnd - r);
  for (let i = 0; i < count; i++) {
    const a = task.rowScale ? task.rowScale[r + i] : 1;
    for (let c = 0, at = (r + i) * layout.columns; c < m; c++) chunk[i * m + c] = src[at + c] - a * task.colShift[c];
  }
  chunk.fill(0, count * m);
  return count;
}

/** Gram matrix (width x width, f64) of the block's centered rows. */
export function gram(task: CenteredBlockTask): Float64Array {
  const src = source(task);
  const m = task.width;
  const g = new Float64Array(memory.buffer, scratchAt.gram, m * m);
  g.fill(0);
  for (let r = task.rowStart; r < task.rowEnd; r += CHUNK_ROWS) {
    const count = centerChunk(src, task, r);
    kernels.gemmF64(scratchAt.rowsIn, 8, m * 8, scratchAt.rowsIn, m * 8, scratchAt.gram, m * 8, m, m, count);
  }
  return g.slice();
}

export interface SmallProductTask extends CenteredBlockTask {
  /** Columns of the matrix in `small` (width x ceil4(outWidth), row-major). */
  readonly outWidth: number;
  /** Where row r of the product goes: row r of the basis or of rowsOut (which may be the source too). */
  readonly dest: 'basis' | 'rowsOut';
}

/** dest[r] = centered source row r x the matrix in `small`, for rows of the block; the rest of dest's row is zeroed. */
export function timesSmall(task: SmallProductTask): void {
  const src = source(task);
  const dest =
    task.dest === 'basis'
      ? new Float64Array(memory.buffer, layout.basis, d * layout.columns)
      : source({ ...task, source: 'rowsOut' });
  const outPad = Math.ceil(task.outWidth / 4) * 4;
  const out = new Float64Array(memory.buffer, scratchAt.rowsOut, CHUNK_ROWS * outPad);
  for (let r = task.rowStart; r < task.rowEnd; r += CHUNK_ROWS) {
    const count = centerChunk(src, task, r);
    out.fill(0);
    kernels.gemmF64(
      scratchAt.rowsIn,
      task.width * 8,
      8,
      layout.small,
      outPad * 8,
      scratchAt.rowsOut,
      outPad * 8,
      CHUNK_ROWS,
      outPad,
      task.width,
    );
    for (let i = 0; i < count; i++) {
      const at = (r + i) * layout.columns;
      dest.fill(0, at, at + layout.columns);
      dest.set(out.subarray(i * outPad, i * outPad + task.outWidth), at);
    }
  }
}

export interface DecodeTask {
  readonly files: readonly string[];
  /** Pictures are resized to size x size. */
  readonly size: number;
  /** Pixel row of files[0]. */
  readonly rowStart: number;
  /** Pictures with more pixels than this (by their header) fail; default DEFAULT_MAX_PIXELS. */
  readonly maxPixels?: number;
  /** Encode each picture as JPEG at this quality before decoding it (--reencode-jpeg). */
  readonly reencodeJpeg?: number;
}

/** Decodes each file into its pixel row; returns the failures (index into files, message). */
export async function decode(task: DecodeTask): Promise<Array<{ index: number; message: string }>> {
  const failures: Array<{ index: number; message: string }> = [];
  const pixels = new Uint8Array(memory.buffer, layout.pixels, layout.capacity * d);
  // one at a time: the usual decoders are synchronous JavaScript, so the worker is busy anyway
  for (let i = 0; i < task.files.length; i++) {
    try {
      await decodeImageInto(
        task.files[i],
        task.size,
        pixels.subarray((task.rowStart + i) * d, (task.rowStart + i + 1) * d),
        task.maxPixels,
        task.reencodeJpeg,
      );
    } catch (err) {
      failures.push({ index: i, message: (err as Error).message });
    }
  }
  return failures;
}
