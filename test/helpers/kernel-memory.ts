// A shared WebAssembly memory with the tree kernels loaded, and a bump
// allocator to place typed arrays in it, for testing the kernels directly.
import { loadTreeKernels, type TreeKernels } from '../../src/wasm/tree-kernels.js';

export interface KernelMemory {
  readonly kernels: TreeKernels;
  readonly buffer: ArrayBufferLike;
  alloc(bytes: number): number;
}

export function kernelMemory(pages = 64): KernelMemory {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  let next = 64;
  return {
    kernels: loadTreeKernels(memory),
    buffer: memory.buffer,
    alloc(bytes) {
      const at = next;
      next = Math.ceil((next + bytes) / 64) * 64;
      return at;
    },
  };
}
