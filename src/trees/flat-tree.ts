// A fitted tree as flat typed arrays (growing-time state is discarded), with
// prediction on raw features and a validating JSON form. Node 0 is the root;
// a node with feature -1 is a leaf.
//
//   node:  feature  threshold  left  right  value
//   0      12       -310.5     1     2      -
//   1      -1       -          -     -      0.031    (rows with x[12] <= -310.5)
//   2      ...
import type { DenseMatrix } from '../core/dense-matrix.js';
import { ModelFileError } from '../util/errors.js';

export interface FlatTreeJson {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

/** toCompactJSON's form: node count and base64 arrays. */
export interface FlatTreeCompactJson {
  readonly nodes: number;
  readonly feature: string;
  readonly threshold: string;
  readonly left: string;
  readonly right: string;
  readonly value: string;
}

export class FlatTree {
  constructor(
    /** Split feature, or -1 for a leaf. */
    readonly feature: Int32Array,
    /** Rows with x[feature] <= threshold go left. */
    readonly threshold: Float64Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    /** Leaf output (0 for internal nodes). */
    readonly value: Float64Array,
  ) {}

  get nNodes(): number {
    return this.feature.length;
  }

  /** Adds this tree's output for every row of X to `out` (one tree; ensembles use ensemble-predict.ts). */
  addPredictions(X: DenseMatrix, out: Float64Array): void {
    const { feature, threshold, left, right, value } = this;
    const { nRows, nCols, data } = X;
    for (let i = 0; i < nRows; i++) {
      const base = i * nCols;
      let node = 0;
      while (feature[node] >= 0) node = data[base + feature[node]] <= threshold[node] ? left[node] : right[node];
      out[i] += value[node];
    }
  }

  toJSON(): FlatTreeJson {
    return {
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      left: Array.from(this.left),
      right: Array.from(this.right),
      value: Array.from(this.value),
    };
  }

  /** A tree from plain node lists (the grower's, or fromJSON's); no checks. */
  static fromNumbers(nodes: FlatTreeJson): FlatTree {
    return new FlatTree(
      Int32Array.from(nodes.feature),
      Float64Array.from(nodes.threshold),
      Int32Array.from(nodes.left),
      Int32Array.from(nodes.right),
      Float64Array.from(nodes.value),
    );
  }

  /** Checks lengths, that children point forward, and that features are below nFeatures. */
  static fromJSON(json: FlatTreeJson, nFeatures: number, where: string): FlatTree {
    const n = Array.isArray(json?.feature) ? json.feature.length : -1;
    for (const key of ['feature', 'threshold', 'left', 'right', 'value'] as const) {
      const arr = json?.[key];
      if (
        !Array.isArray(arr) ||
        arr.length !== n ||
        n === 0 ||
        !arr.every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        throw new ModelFileError(`${where}: "${key}" must be ${n > 0 ? n : 'a non-empty list of'} finite numbers`);
      }
    }
    for (const key of ['feature', 'left', 'right'] as const) {
      const bad = json[key].findIndex((v) => !Number.isInteger(v) || v < -1 || v > 0x7fffffff);
      if (bad >= 0)
        throw new ModelFileError(`${where}: "${key}" of node ${bad} must be an integer, got ${json[key][bad]}`);
    }
    const tree = FlatTree.fromNumbers(json);
    // checked on the typed arrays prediction walks, not on the JSON numbers they came from
    checkNodes(tree.feature, tree.left, tree.right, nFeatures, where);
    return tree;
  }

  /**
   * The same arrays as base64 of their little-endian bytes: a forest of deep
   * trees has millions of nodes, which as JSON numbers take several times the
   * space and far longer to parse.
   */
  toCompactJSON(): FlatTreeCompactJson {
    const b64 = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return {
      nodes: this.nNodes,
      feature: b64(this.feature),
      threshold: b64(this.threshold),
      left: b64(this.left),
      right: b64(this.right),
      value: b64(this.value),
    };
  }

  /** fromJSON's checks on toCompactJSON's form. */
  static fromCompactJSON(json: FlatTreeCompactJson, nFeatures: number, where: string): FlatTree {
    const n = json?.nodes;
    if (!Number.isInteger(n) || n < 1) throw new ModelFileError(`${where}: "nodes" must be a positive integer`);
    const decode = <T extends Int32Array | Float64Array>(
      key: keyof Omit<FlatTreeCompactJson, 'nodes'>,
      Ctor: new (n: number) => T,
      type: string,
    ): T => {
      const text = json[key];
      const bytes = typeof text === 'string' ? Buffer.from(text, 'base64') : undefined;
      const out = new Ctor(n);
      if (!bytes || bytes.length !== out.byteLength)
        throw new ModelFileError(`${where}: "${key}" must be base64 of ${n} ${type} values`);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    };
    const tree = new FlatTree(
      decode('feature', Int32Array, 'int32'),
      decode('threshold', Float64Array, 'float64'),
      decode('left', Int32Array, 'int32'),
      decode('right', Int32Array, 'int32'),
      decode('value', Float64Array, 'float64'),
    );
    for (const key of ['threshold', 'value'] as const) {
      if (!tree[key].every(Number.isFinite)) throw new ModelFileError(`${where}: "${key}" must hold finite numbers`);
    }
    checkNodes(tree.feature, tree.left, tree.right, nFeatures, where);
    return tree;
  }
}

/**
 * Leaves are -1; split features lie in [0, nFeatures); children point forward
 * inside the tree (so every walk ends at a leaf); node 0 is the root.
 */
function checkNodes(feature: Int32Array, left: Int32Array, right: Int32Array, nFeatures: number, where: string): void {
  const n = feature.length;
  for (let i = 0; i < n; i++) {
    const f = feature[i];
    if (f === -1) continue;
    if (f < 0 || f >= nFeatures) throw new ModelFileError(`${where}: node ${i} splits on feature ${f} of ${nFeatures}`);
    for (const child of [left[i], right[i]]) {
      if (!Number.isInteger(child) || child <= i || child >= n)
        throw new ModelFileError(`${where}: node ${i} has child ${child} outside ${i + 1}..${n - 1}`);
    }
  }
}
