// The only place a Piscina pool is made. A pool lives for one fit: it is
// created with that fit's shared buffers as workerData and always closed, by
// withPool, whether the fit succeeds or throws.
import { Piscina } from 'piscina';

/**
 * A compiled worker module, named by its path under src/ without the
 * extension (`forest/forest.worker`): workers live beside their algorithm.
 * The path is resolved from the package root to dist/, so that it also holds
 * when this module runs from src/ under vitest (npm test builds dist/ first).
 */
export function workerPath(name: string): string {
  return new URL(`../../dist/${name}.js`, import.meta.url).href;
}

export interface PoolOptions {
  /** The worker module, as workerPath takes it. */
  readonly worker: string;
  readonly threads: number;
  readonly workerData: unknown;
}

/** Runs `body` with a fresh pool of `threads` workers and closes the pool after. */
export async function withPool<T>(opts: PoolOptions, body: (pool: Piscina) => Promise<T>): Promise<T> {
  const pool = new Piscina({
    filename: workerPath(opts.worker),
    minThreads: opts.threads,
    maxThreads: opts.threads,
    idleTimeout: 60_000,
    workerData: opts.workerData,
  });
  try {
    return await body(pool);
  } finally {
    await pool.destroy();
  }
}
