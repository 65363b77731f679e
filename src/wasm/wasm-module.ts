// Compiled WebAssembly modules from dist/wasm (built from src/wasm/*.wat by
// `npm run build`), resolved from the package root so that src/ (vitest) and
// dist/ both find them; compiled once per thread.
import { readFileSync } from 'node:fs';

const compiled = new Map<string, WebAssembly.Module>();

export function wasmModule(name: string): WebAssembly.Module {
  let module = compiled.get(name);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(new URL(`../../dist/wasm/${name}.wasm`, import.meta.url)));
    compiled.set(name, module);
  }
  return module;
}
