// Libraries that only some commands use are loaded on first use, not when
// the CLI starts (sharp, jpeg-js, onnx-proto, ml-matrix here; hyparquet with
// `await import()` where it is read or written, being ES modules only), and
// cli/main.ts loads only the command that runs. Before, every run loaded all
// of it: `persodata cv --help` took 0.54 s, 0.27 s now; `score --help` 0.21 s
// (medians of 5, this project's 2-core machine). The test suite, which runs
// the CLI about 230 times, went from 330 s to 248 s.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A getter that loads the CommonJS package `id` on its first call and returns it on every call. */
export function lazyRequire<T>(id: string, onLoad?: (module: T) => void): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      loaded = require(id) as T;
      onLoad?.(loaded);
    }
    return loaded;
  };
}
