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

/** The handlers of a worker module `M` (`typeof import('./x.worker.js')`): its one-argument functions. */
type Handlers<M> = {
  [K in keyof M as M[K] extends (task: never) => unknown ? K : never]: M[K] extends (task: infer A) => infer R
    ? (task: A) => R
    : never;
};

/**
 * A pool that knows its worker module's handlers: `run('growTree', task)`
 * checks the task's type and gives the handler's result type, instead of
 * piscina's `run(task, { name }) as Promise<...>`.
 */
export interface TypedPool<M> {
  run<K extends keyof Handlers<M> & string>(
    name: K,
    task: Parameters<Handlers<M>[K]>[0],
  ): Promise<Awaited<ReturnType<Handlers<M>[K]>>>;
}

/**
 * Node options of every pool worker: no require() of ES modules, and nothing
 * inherited from the main thread (a worker refuses process-wide options such
 * as --max-old-space-size, which `node --max-old-space-size=8192 persodata`
 * would otherwise hand it: ERR_WORKER_INVALID_EXEC_ARGV).
 *
 * Why no require(esm): piscina loads a worker's module with require() first
 * and import() when that throws; on Node 20.19+ require() loads ES modules
 * too, and a pool destroyed while a worker was still in that synchronous load
 * (a run refused at its first picture) killed the whole process: "FATAL
 * ERROR: v8::Module::IsGraphAsync must be used on an instantiated module",
 * from module_job runSync under piscina's require (once, in a CI run of
 * refusals-e2e). With the option, require() throws ERR_REQUIRE_ESM at once and
 * the module goes through import(), as on older Node.
 */
const WORKER_EXEC_ARGV = ['--no-experimental-require-module'];

/** Runs `body` with a fresh pool of `threads` workers running module `M`, and closes the pool after. */
export async function withPool<M, T>(opts: PoolOptions, body: (pool: TypedPool<M>) => Promise<T>): Promise<T> {
  const pool = new Piscina({
    filename: workerPath(opts.worker),
    execArgv: WORKER_EXEC_ARGV,
    minThreads: opts.threads,
    maxThreads: opts.threads,
    idleTimeout: 60_000,
    workerData: opts.workerData,
  });
  const typed: TypedPool<M> = {
    run: (name, task) => pool.run(task, { name }),
  };
  try {
    return await body(typed);
  } finally {
    await pool.destroy();
  }
}
