#!/usr/bin/env node
// Build step (npm run build): compiles src/wasm/*.wat to dist/wasm/*.wasm
// with wabt, the WebAssembly Binary Toolkit's JavaScript build.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = fileURLToPath(new URL('..', import.meta.url));
const wabt = await wabtInit();
mkdirSync(join(root, 'dist', 'wasm'), { recursive: true });
for (const file of readdirSync(join(root, 'src', 'wasm')).filter((f) => f.endsWith('.wat'))) {
  const module = wabt.parseWat(file, readFileSync(join(root, 'src', 'wasm', file), 'utf8'), {
    threads: true,
    simd: true,
    sat_float_to_int: true,
    bulk_memory: true,
  });
  const { buffer } = module.toBinary({});
  new WebAssembly.Module(buffer); // V8 validates (wabt's validate() ignores the threads feature)
  writeFileSync(join(root, 'dist', 'wasm', file.replace(/\.wat$/, '.wasm')), buffer);
  module.destroy();
}
