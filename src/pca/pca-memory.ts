// The shared memory of one `persodata pca` run: a block of pixel rows that
// decoding fills and the products read, the i16 panels and f32 outputs of
// the two big products (pca-engine.ts runs them), and the f64 bases the fit keeps.
//
//   pixels     u8  [row][feature]    up to `capacity` rows, + 64 bytes of slack
//                                    (kernels read whole 16-byte strips)
//   vPanels    i16 [panel][k/2][8][2] B of pixels x basis (k = feature)
//   vInvScale  f32 [column]           1 / quantization scale of each basis column
//   wPanels    i16 [panel][k/2][8][2] B of pixelsᵀ x scores (k = row)
//   wInvScale  f32 [column]
//   rowsOut    f32 [row][column]      pixels x basis, capacity (rounded to 4) rows
//   featsOut   f32 [feature][column]  pixelsᵀ x scores, features rounded to 16
//   basis      f64 [feature][column]  the fit's orthonormal basis, then components
//   small      f64 [column][column]   an l x l matrix the basis is multiplied by
//   workerIndex i32 counter
//   scratch    per worker: packed A (8 KB), then f64 [column][column] Gram
//              sums (or u32 [feature] column sums), and two blocks of
//              CHUNK_ROWS rows [row][column]
import { alignTo64, checkFitBytes, RegionLayout } from '../parallel/shared-memory.js';

export interface PcaMemoryLayout {
  readonly nFeatures: number;
  /** Pixel rows the block holds. */
  readonly capacity: number;
  /** Columns of the products, a multiple of 8 (panels are 8 wide). */
  readonly columns: number;
  readonly nWorkers: number;
  readonly bytes: number;
  readonly pixels: number;
  readonly vPanels: number;
  readonly vInvScale: number;
  readonly wPanels: number;
  readonly wInvScale: number;
  readonly rowsOut: number;
  readonly featsOut: number;
  readonly basis: number;
  readonly small: number;
  readonly workerIndex: number;
  readonly scratch: number;
  readonly scratchStride: number;
}

/** Rows a worker centres into f64 at a time for the f64 products. */
export const CHUNK_ROWS = 32;
const PACK_BYTES = 8192;

function sumsBytes(nFeatures: number, columns: number): number {
  return Math.max(columns * columns * 8, nFeatures * 4);
}

/** Byte offsets of one worker's scratch. */
export interface PcaScratch {
  readonly packed: number;
  readonly gram: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
}

export function pcaScratch(layout: PcaMemoryLayout, workerIndex: number): PcaScratch {
  const packed = layout.scratch + workerIndex * layout.scratchStride;
  const gram = packed + PACK_BYTES;
  const rowsIn = gram + alignTo64(sumsBytes(layout.nFeatures, layout.columns));
  const rowsOut = rowsIn + CHUNK_ROWS * layout.columns * 8;
  return { packed, gram, rowsIn, rowsOut };
}

export function featurePairs(layout: PcaMemoryLayout): number {
  return Math.ceil(layout.nFeatures / 2);
}

export function rowPairs(layout: PcaMemoryLayout): number {
  return Math.ceil(layout.capacity / 2);
}

/** Features rounded up to the 16-wide strips of pixelsᵀ products. */
export function paddedFeatures(nFeatures: number): number {
  return Math.ceil(nFeatures / 16) * 16;
}

export function planPcaMemory(nFeatures: number, capacity: number, columns: number, nWorkers: number): PcaMemoryLayout {
  if (columns % 8 !== 0) throw new Error(`columns ${columns} is not a multiple of 8`);
  const regions = new RegionLayout();
  const nPanels = columns / 8;
  const pixels = regions.take(capacity * nFeatures + 64);
  const vPanels = regions.take(nPanels * Math.ceil(nFeatures / 2) * 32);
  const vInvScale = regions.take(columns * 4);
  const wPanels = regions.take(nPanels * Math.ceil(capacity / 2) * 32);
  const wInvScale = regions.take(columns * 4);
  const rowsOut = regions.take(Math.ceil(capacity / 4) * 4 * columns * 4);
  const featsOut = regions.take(paddedFeatures(nFeatures) * columns * 4);
  const basis = regions.take(nFeatures * columns * 8);
  const small = regions.take(columns * columns * 8);
  const workerIndex = regions.take(4);
  const scratchStride = alignTo64(PACK_BYTES + alignTo64(sumsBytes(nFeatures, columns)) + 2 * CHUNK_ROWS * columns * 8);
  const scratch = regions.take(nWorkers * scratchStride);
  checkFitBytes(regions.bytes, capacity, nFeatures);
  return {
    nFeatures,
    capacity,
    columns,
    nWorkers,
    bytes: alignTo64(regions.bytes),
    pixels,
    vPanels,
    vInvScale,
    wPanels,
    wInvScale,
    rowsOut,
    featsOut,
    basis,
    small,
    workerIndex,
    scratch,
    scratchStride,
  };
}
