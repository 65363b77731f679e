// What every shared WebAssembly memory of this project needs: a bump layout of
// 64-byte-aligned regions, the memory itself (its buffer a SharedArrayBuffer,
// so workers and kernels see the same bytes), and a worker's claim on its
// share of per-worker scratch.
import { UsageError } from '../util/errors.js';

const PAGE = 65536;
/** wasm32 addresses reach 4 GB. */
const MAX_BYTES = 4 * 1024 ** 3 - PAGE;

/** Hands out consecutive 64-byte-aligned regions; `bytes` is the end of the last. */
export class RegionLayout {
  bytes = 0;

  take(size: number): number {
    const at = this.bytes;
    this.bytes = alignTo64(at + size);
    return at;
  }
}

export function alignTo64(n: number): number {
  return Math.ceil(n / 64) * 64;
}

/** Throws a UsageError naming the data's shape when a fit's working memory is beyond wasm32. */
export function checkFitBytes(bytes: number, nRows: number, nFeatures: number): void {
  if (bytes > MAX_BYTES) {
    throw new UsageError(
      `${nRows} rows x ${nFeatures} features need ${(bytes / 1024 ** 3).toFixed(1)} GB of shared working memory; one fit can use at most 4 GB`,
    );
  }
}

/** A shared memory of at least `bytes` bytes, fixed in size. */
export function sharedMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** A worker's index: it bumps the counter at `counterAt` once; throws if more workers started than `nWorkers`. */
export function claimWorkerIndex(
  memory: WebAssembly.Memory,
  counterAt: number,
  nWorkers: number,
  what: string,
): number {
  const index = Atomics.add(new Int32Array(memory.buffer, counterAt, 1), 0, 1);
  if (index >= nWorkers) throw new Error(`${what} ${index} started, but scratch space exists for ${nWorkers}`);
  return index;
}
