// The shared memory of one random-forest fit: the binned matrix every worker
// reads, and per worker the scratch one tree needs while it grows. Trees grow
// whole inside one worker (forest/tree-grower.ts), so nothing per tree is
// shared between workers.
//
//   labels      u8  [row]                 0/1, written once
//   binned      u8  [feature][row]        written once by binning
//   workerIndex i32 counter each worker bumps once to claim its scratch
//   scratch     per worker:
//     rows      u32 [row]  this tree's distinct sampled rows, partitioned while growing
//     partition u32 [row]  the partition's scratch
//     grad, hess f32 [row] per row id: -weight * label and weight (bootstrap multiplicity)
//     gh        i64 x 2 [row] a node's packed (g, h), gathered in row order
//     hist      i64 x 2 [bin] one feature's histogram
//     out       64 bytes of split results
import { alignTo64 as align, checkFitBytes } from '../parallel/shared-memory.js';

export interface ForestMemoryLayout {
  readonly nRows: number;
  readonly nFeatures: number;
  readonly nWorkers: number;
  readonly bytes: number;
  readonly labels: number;
  readonly binned: number;
  readonly workerIndex: number;
  readonly scratch: number;
  readonly scratchStride: number;
}

/** Byte offsets inside one worker's scratch. */
export interface ForestScratch {
  readonly rows: number;
  readonly partition: number;
  readonly grad: number;
  readonly hess: number;
  readonly gh: number;
  readonly hist: number;
  readonly out: number;
}

export function forestMemoryLayout(nRows: number, nFeatures: number, nWorkers: number): ForestMemoryLayout {
  const labels = 0;
  const binned = align(nRows);
  const workerIndex = align(binned + nRows * nFeatures);
  const scratch = align(workerIndex + 4);
  const scratchStride = align(nRows * 4) * 4 + align(nRows * 16) + 256 * 16 + 64;
  const bytes = scratch + nWorkers * scratchStride;
  checkFitBytes(bytes, nRows, nFeatures);
  return { nRows, nFeatures, nWorkers, bytes, labels, binned, workerIndex, scratch, scratchStride };
}

export function forestScratch(l: ForestMemoryLayout, worker: number): ForestScratch {
  const base = l.scratch + worker * l.scratchStride;
  const rowInts = align(l.nRows * 4);
  const rows = base;
  const partition = rows + rowInts;
  const grad = partition + rowInts;
  const hess = grad + rowInts;
  const gh = hess + rowInts;
  const hist = gh + align(l.nRows * 16);
  return { rows, partition, grad, hess, gh, hist, out: hist + 256 * 16 };
}
