// Many FlatTrees laid end to end in a few typed arrays (node indices made
// absolute), and the blocked prediction loop over them. The arrays may live in
// SharedArrayBuffers so that prediction workers read them without copies.
import type { FlatTree } from './flat-tree.js';

export interface PackedTrees {
  /** First node of each tree. */
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Split threshold for internal nodes, output for leaves. */
  readonly threshold: Float64Array;
}

/** Packs `trees`; `shared` puts the arrays in SharedArrayBuffers. */
export function packTrees(trees: readonly FlatTree[], shared = false): PackedTrees {
  const total = trees.reduce((n, t) => n + t.nNodes, 0);
  const make = <T>(Ctor: new (b: ArrayBufferLike) => T, bytes: number, n: number) =>
    new Ctor(shared ? new SharedArrayBuffer(bytes * n) : new ArrayBuffer(bytes * n));
  const packed = {
    roots: make(Int32Array, 4, trees.length),
    feature: make(Int32Array, 4, total),
    left: make(Int32Array, 4, total),
    right: make(Int32Array, 4, total),
    threshold: make(Float64Array, 8, total),
  };
  let at = 0;
  trees.forEach((tree, k) => {
    packed.roots[k] = at;
    for (let i = 0; i < tree.nNodes; i++) {
      const leaf = tree.feature[i] < 0;
      packed.feature[at + i] = tree.feature[i];
      packed.left[at + i] = leaf ? -1 : at + tree.left[i];
      packed.right[at + i] = leaf ? -1 : at + tree.right[i];
      packed.threshold[at + i] = leaf ? tree.value[i] : tree.threshold[i];
    }
    at += tree.nNodes;
  });
  return packed;
}

/** Rows per block: 128 rows x 200 float32 features (100 KB) stay in cache while every tree walks them. */
const BLOCK_ROWS = 128;

/**
 * Adds every tree's output for rows [start, end) of the row-major matrix `data`
 * to `out`. Block of rows by block of rows, all trees over one block, so each
 * row's features are read from cache by every tree (0.45 s instead of 0.73 s
 * tree by tree, 18817 x 200 features x 200 trees, one thread).
 */
export function sumPackedTrees(
  trees: PackedTrees,
  data: Float32Array,
  nCols: number,
  out: Float64Array,
  start: number,
  end: number,
): void {
  const { roots, feature, left, right, threshold } = trees;
  for (let blockStart = start; blockStart < end; blockStart += BLOCK_ROWS) {
    const blockEnd = Math.min(end, blockStart + BLOCK_ROWS);
    for (let k = 0; k < roots.length; k++) {
      const root = roots[k];
      for (let i = blockStart; i < blockEnd; i++) {
        const base = i * nCols;
        let node = root;
        while (feature[node] >= 0) node = data[base + feature[node]] <= threshold[node] ? left[node] : right[node];
        out[i] += threshold[node];
      }
    }
  }
}
