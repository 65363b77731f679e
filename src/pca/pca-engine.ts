// The main thread's side of a `persodata pca` run: one shared memory
// (pca-memory.ts) and one worker pool, and the operations the fit
// and the projection are made of. Big products run as row or feature blocks
// on the pool; quantizing the 8-column panels (a few million values) and
// the small dense algebra stay here.
import type * as PcaWorkerModule from './pca.worker.js';
import { featurePairs, paddedFeatures, planPcaMemory, rowPairs, type PcaMemoryLayout } from './pca-memory.js';
import type { CenteredBlockTask, SmallProductTask, DecodeTask, FeatureBlockTask, RowBlockTask } from './pca.worker.js';
import { withPool, type TypedPool } from '../parallel/pool.js';
import { sharedMemory } from '../parallel/shared-memory.js';
import { busyCores } from '../parallel/threads.js';
import type { PixelRowSink } from '../pictures/picture-sets.js';

const ROW_BLOCK = 64;
const FEATURE_BLOCK = 64;
const GRAM_BLOCK = 1024;
const DECODE_BATCH = 32;
/** i16 quantization: the largest magnitude of a column maps to this. */
const Q_MAX = 32767;

export interface EngineOptions {
  readonly nFeatures: number;
  /** Pixel rows held at once. */
  readonly capacity: number;
  /** Columns of the products: a multiple of 8. */
  readonly columns: number;
  readonly threads: number;
}

export interface ColumnStats {
  readonly mean: Float64Array;
  /** Sum over features of the sample variance (n - 1 denominator). */
  readonly totalVariance: number;
}

function blocks(n: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)]);
  return out;
}

/** The pca worker module's handlers. */
type PcaWorker = typeof PcaWorkerModule;

export class PcaEngine implements PixelRowSink {
  readonly layout: PcaMemoryLayout;
  private constructor(
    private readonly pool: TypedPool<PcaWorker>,
    readonly memory: WebAssembly.Memory,
    layout: PcaMemoryLayout,
  ) {
    this.layout = layout;
  }

  /** Runs `body` with an engine whose pool is closed afterwards, whatever happens. */
  static async run<T>(opts: EngineOptions, body: (engine: PcaEngine) => Promise<T>): Promise<T> {
    const layout = planPcaMemory(opts.nFeatures, opts.capacity, opts.columns, opts.threads);
    const memory = sharedMemory(layout.bytes);
    return withPool<PcaWorker, T>(
      { worker: 'pca/pca.worker', threads: busyCores(opts.threads), workerData: { layout, memory } },
      (pool) => body(new PcaEngine(pool, memory, layout)),
    );
  }

  private runAll<K extends 'rowsTimesV' | 'featsTimesW' | 'columnSums' | 'gram' | 'timesSmall'>(
    name: K,
    tasks: Array<Parameters<PcaWorker[K]>[0]>,
  ): Promise<Array<Awaited<ReturnType<PcaWorker[K]>>>> {
    return Promise.all(tasks.map((task) => this.pool.run(name, task)));
  }

  /** Pixel rows [start, end) as bytes, row-major. */
  pixelRows(start: number, end: number): Uint8Array {
    const d = this.layout.nFeatures;
    return new Uint8Array(this.memory.buffer, this.layout.pixels + start * d, (end - start) * d);
  }

  /** Decodes files[i] into pixel row rowStart + i; returns the failures, in file order. */
  async decodeFiles(
    files: readonly string[],
    rowStart: number,
    size: number,
    onBatch?: (done: number) => void,
    maxPixels?: number,
    reencodeJpeg?: number,
  ): Promise<Array<{ index: number; message: string }>> {
    let done = 0;
    const batches = blocks(files.length, DECODE_BATCH).map(async ([start, end]) => {
      const task: DecodeTask = {
        size,
        files: files.slice(start, end),
        rowStart: rowStart + start,
        maxPixels,
        reencodeJpeg,
      };
      const failures = await this.pool.run('decode', task);
      done += end - start;
      onBatch?.(done);
      return failures.map((f) => ({ index: f.index + start, message: f.message }));
    });
    return (await Promise.all(batches)).flat();
  }

  /** Mean of each feature and the total variance over pixel rows [0, nRows). */
  async columnStats(nRows: number): Promise<ColumnStats> {
    const d = this.layout.nFeatures;
    const parts = await this.runAll(
      'columnSums',
      blocks(nRows, GRAM_BLOCK).map(([rowStart, rowEnd]) => ({ rowStart, rowEnd })),
    );
    const sums = new Float64Array(d);
    let sumOfSquares = 0;
    for (const part of parts) {
      for (let j = 0; j < d; j++) sums[j] += part.sums[j];
      sumOfSquares += part.sumOfSquares;
    }
    const mean = sums.map((s) => s / nRows);
    let squaredMeans = 0;
    for (let j = 0; j < d; j++) squaredMeans += sums[j] * mean[j];
    return { mean, totalVariance: nRows > 1 ? (sumOfSquares - squaredMeans) / (nRows - 1) : 0 };
  }

  /** The f64 basis [feature][column] (`columns` wide) that quantizeBasis reads and the fit writes. */
  basis(): Float64Array {
    return new Float64Array(this.memory.buffer, this.layout.basis, this.layout.nFeatures * this.layout.columns);
  }

  /**
   * Quantizes basis columns [0, width) into the i16 panels of pixels x basis
   * and puts the dequantized values back in the basis, so that it holds what
   * the products use. Returns meanᵀ x basis (width values): the shift that
   * centres the product's rows.
   */
  quantizeBasis(width: number, mean: Float64Array): Float64Array {
    const { nFeatures: d, columns } = this.layout;
    const basis = this.basis();
    quantizeColumns(
      { values: basis, stride: columns, nRows: d, width },
      true,
      featurePairs(this.layout),
      this.memory,
      this.layout.vPanels,
      this.layout.vInvScale,
    );
    const shift = new Float64Array(width);
    for (let r = 0; r < d; r++) for (let c = 0; c < width; c++) shift[c] += mean[r] * basis[r * columns + c];
    return shift;
  }

  /** rowsOut[r] = pixel row r * rowStride x the quantized basis (first `width` columns), r < nRows. */
  async rowsTimesBasis(nRows: number, width: number, rowStride = 1): Promise<void> {
    const tasks: RowBlockTask[] = blocks(nRows, ROW_BLOCK).map(([rowStart, rowEnd]) => ({
      rowStart,
      rowEnd,
      nPanels: width / 8,
      rowStride,
    }));
    await this.runAll('rowsTimesV', tasks);
  }

  /** rowsOut as f32 [row][column] (`columns` wide). */
  rowsOut(): Float32Array {
    return new Float32Array(
      this.memory.buffer,
      this.layout.rowsOut,
      Math.ceil(this.layout.capacity / 4) * 4 * this.layout.columns,
    );
  }

  /**
   * Quantizes the centered rows rowsOut[r] - shift, r < nRows, into the i16
   * panels of pixelsᵀ x rows. Returns the column sums of the quantized values
   * (the shift that centres pixelsᵀ x rows).
   */
  quantizeRows(nRows: number, width: number, shift: Float64Array): Float64Array {
    const source = { values: this.rowsOut(), stride: this.layout.columns, nRows, width, shift };
    return quantizeColumns(
      source,
      false,
      rowPairs(this.layout),
      this.memory,
      this.layout.wPanels,
      this.layout.wInvScale,
    );
  }

  /** featsOut = (pixel rows 0, rowStride, ... : nRows of them)ᵀ x the quantized rows, first `width` columns. */
  async featsTimesRows(nRows: number, width: number, rowStride = 1): Promise<void> {
    const tasks: FeatureBlockTask[] = blocks(paddedFeatures(this.layout.nFeatures), FEATURE_BLOCK).map(
      ([featureStart, featureEnd]) => ({ featureStart, featureEnd, nRows, rowStride, nPanels: width / 8 }),
    );
    await this.runAll('featsTimesW', tasks);
  }

  /** Mᵀ M for the centered source M (rows [0, nRows), `width` columns); symmetric, f64. */
  async gram(
    source: CenteredBlockTask['source'],
    nRows: number,
    width: number,
    colShift: Float64Array,
    rowScale?: Float64Array,
  ): Promise<Float64Array> {
    const tasks: CenteredBlockTask[] = blocks(nRows, GRAM_BLOCK).map(([rowStart, rowEnd]) => ({
      source,
      rowStart,
      rowEnd,
      width,
      colShift,
      rowScale,
    }));
    const parts = await this.runAll('gram', tasks);
    const g = new Float64Array(width * width);
    for (const part of parts) for (let i = 0; i < g.length; i++) g[i] += part[i];
    for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) g[a * width + b] = g[b * width + a];
    return g;
  }

  /**
   * dest rows [0, nRows) = centered source rows x matrix (width x outWidth,
   * row-major), where dest is the basis (nRows = nFeatures) or rowsOut.
   */
  async timesSmall(
    source: CenteredBlockTask['source'],
    dest: SmallProductTask['dest'],
    nRows: number,
    width: number,
    colShift: Float64Array,
    rowScale: Float64Array | undefined,
    matrix: Float64Array,
    outWidth: number,
  ): Promise<void> {
    const outPad = Math.ceil(outWidth / 4) * 4;
    const small = new Float64Array(this.memory.buffer, this.layout.small, width * outPad);
    small.fill(0);
    for (let a = 0; a < width; a++) small.set(matrix.subarray(a * outWidth, (a + 1) * outWidth), a * outPad);
    const tasks: SmallProductTask[] = blocks(nRows, GRAM_BLOCK).map(([rowStart, rowEnd]) => ({
      source,
      dest,
      rowStart,
      rowEnd,
      width,
      colShift,
      rowScale,
      outWidth,
    }));
    await this.runAll('timesSmall', tasks);
  }
}

/** An nRows x width matrix inside a larger row-major one (`stride` values a row), minus `shift` per column. */
interface QuantizeSource {
  readonly values: Float32Array | Float64Array;
  readonly stride: number;
  readonly nRows: number;
  readonly width: number;
  readonly shift?: Float64Array;
}

/**
 * Writes the i16 panels [p][k/2][8][2] of `src`, one scale per column (its
 * largest magnitude -> Q_MAX; an all-zero column gets scale 0), zero-filling
 * the pad row of an odd nRows and the rest of the last panel; 1 / scale goes
 * to `invScaleAt` (f32 per column). With `writeBack`, src.values receives
 * the dequantized values, as the kernels will see them. Returns the column
 * sums of the dequantized values.
 */
function quantizeColumns(
  src: QuantizeSource,
  writeBack: boolean,
  pairsPerPanel: number,
  memory: WebAssembly.Memory,
  panelsAt: number,
  invScaleAt: number,
): Float64Array {
  const { values, stride, nRows, width } = src;
  const shift = src.shift ?? new Float64Array(width);
  const nPanels = Math.ceil(width / 8);
  const panels = new Int16Array(memory.buffer, panelsAt, nPanels * pairsPerPanel * 16);
  const invScale = new Float32Array(memory.buffer, invScaleAt, nPanels * 8);
  const maxAbs = new Float64Array(nPanels * 8);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0, at = r * stride; c < width; c++, at++) {
      const v = Math.abs(values[at] - shift[c]);
      if (v > maxAbs[c]) maxAbs[c] = v;
    }
  }
  const scale = maxAbs.map((m) => (m > 0 ? Q_MAX / m : 0));
  for (let c = 0; c < nPanels * 8; c++) invScale[c] = scale[c] > 0 ? maxAbs[c] / Q_MAX : 0;
  const sums = new Float64Array(width);
  for (let p = 0; p < nPanels; p++) {
    const base = p * pairsPerPanel * 16;
    const c0 = p * 8;
    const cEnd = Math.min(8, width - c0);
    for (let r = 0; r < nRows; r++) {
      const rowAt = base + (r >> 1) * 16 + (r & 1);
      const at = r * stride + c0;
      for (let c = 0; c < cEnd; c++) {
        const q = Math.round((values[at + c] - shift[c0 + c]) * scale[c0 + c]);
        panels[rowAt + 2 * c] = q;
        const v = q * invScale[c0 + c];
        sums[c0 + c] += v;
        if (writeBack) values[at + c] = v;
      }
      for (let c = cEnd; c < 8; c++) panels[rowAt + 2 * c] = 0;
    }
    // an odd nRows leaves the last pair's second row (its odd slots) as padding
    if (nRows % 2 === 1) for (let c = 0; c < 8; c++) panels[base + (nRows >> 1) * 16 + 2 * c + 1] = 0;
  }
  return sums;
}
