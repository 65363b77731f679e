// --threads, resolved once, here: how many cores a run keeps busy. Every
// pool takes its count from busyCores(). A pool whose main thread works
// beside it (the gbdt fit, ensemble prediction) starts threads - 1 workers;
// one whose main thread only waits (forest, pca, features) starts threads.
// Either way `threads` cores are busy, and no count changes a result.
import { availableParallelism } from 'node:os';

/** The machine's cores: --threads when it is not given. */
export const MACHINE_CORES = availableParallelism();

/** The cores a run keeps busy: `threads` (else the machine's), at most `useful` (more would sit idle), at least 1. */
export function busyCores(threads: number | undefined, useful = Number.POSITIVE_INFINITY): number {
  return Math.max(1, Math.min(threads ?? MACHINE_CORES, useful));
}
