// Types and loads quick-scorer.wat, QuickScorer's scoring loop (see
// trees/quick-scorer.ts). In TypeScript the same loop ran at 160-500 ms for
// 18817 rows x 200 trees depending on how V8 happened to compile it; this
// kernel 150-210 ms.
import { wasmModule } from './wasm-module.js';

export interface QuickScorerKernel {
  scoreBlock(
    features: number,
    nFeatures: number,
    offsets: number,
    thr: number,
    pairs: number,
    leaves: number,
    nTrees: number,
    data: number,
    rowBytes: number,
    out: number,
    start: number,
    end: number,
    words: number,
  ): void;
}

const instances = new WeakMap<WebAssembly.Memory, QuickScorerKernel>();

/** The kernel on `memory`, instantiated once per thread and memory. */
export function quickScorerKernel(memory: WebAssembly.Memory): QuickScorerKernel {
  let kernel = instances.get(memory);
  if (!kernel) {
    kernel = new WebAssembly.Instance(wasmModule('quick-scorer'), { env: { memory } })
      .exports as unknown as QuickScorerKernel;
    instances.set(memory, kernel);
  }
  return kernel;
}
