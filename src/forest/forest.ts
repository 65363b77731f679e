// Random forest: bagged trees, each grown whole by one pool worker
// (tree-grower.ts) on the shared binned matrix, with per-node feature
// sampling; probability = mean of the trees' class-1 shares. Out-of-bag AUC
// and gain importance are kept in the model.
import type { DenseMatrix } from '../core/dense-matrix.js';
import { rocAuc } from '../metrics/roc-auc.js';
import {
  checkBinaryTrainingLabels,
  type Estimator,
  type FeatureImportance,
  type FitContext,
  type ModelJson,
} from '../core/estimator.js';
import { binOnPool } from '../binning/bin-on-pool.js';
import { CLASS_WEIGHT_PARAM, classWeightsFor } from '../core/class-weight.js';
import { forestMemoryLayout } from './forest-memory.js';
import { sharedMemory } from '../parallel/shared-memory.js';
import type * as ForestWorker from './forest.worker.js';
import type { GrowTreeTask, SharedForestData } from './forest.worker.js';
import { withPool } from '../parallel/pool.js';
import { addTreeOutputs } from '../trees/ensemble-predict.js';
import { FlatTree, type FlatTreeCompactJson } from '../trees/flat-tree.js';
import { BINS_PARAM, MAX_DEPTH_PARAM, minLeafParam, subsampleParam } from '../binning/tree-params.js';
import { checkParams, defaultsOf, type ParamTable, type ParamValues } from '../core/params.js';
import { InputError, ModelFileError, UsageError } from '../util/errors.js';
import type { GrownForestTree } from './tree-grower.js';
import { busyCores } from '../parallel/threads.js';
import { importanceFromState, importanceToState, treeModelState } from '../trees/tree-model-json.js';

/** The forms --max-features takes: sqrt, log2, a count >= 1, or a share in (0, 1] written with a point. */
function isMaxFeatures(spec: string): boolean {
  if (spec === 'sqrt' || spec === 'log2') return true;
  if (/^\d+$/.test(spec)) return Number(spec) >= 1;
  return /^(\d*\.\d+|\d+\.\d*)$/.test(spec) && Number(spec) > 0 && Number(spec) <= 1;
}

/** The forest's parameters, declared once: options, defaults, checks, CLI flags and docs/COMMANDS.md rows come from here. */
export const FOREST_PARAMS = {
  trees: { type: 'integer', flag: '--trees', default: 100, min: 1, help: 'trees in the forest' },
  maxFeatures: {
    type: 'text',
    flag: '--max-features',
    default: 'sqrt',
    valueName: 'm',
    check: isMaxFeatures,
    expected: 'sqrt, log2, a share in (0, 1] such as 0.3, or a count >= 1 such as 14',
    help: 'features drawn at each split: sqrt, log2, a share written with a point (0.3, 1.0) or a count (14); features constant in a node do not count, as in scikit-learn',
    search: { low: 0.05, high: 0.6, scale: 'log' },
  },
  bootstrap: {
    type: 'switch',
    flag: '--bootstrap',
    default: true,
    defaultText: 'on',
    help: "draw each tree's rows with replacement (--no-bootstrap: without)",
  },
  subsample: subsampleParam('share of rows drawn for each tree (with replacement unless --no-bootstrap)'),
  minLeaf: minLeafParam(1, { low: 1, high: 50, scale: 'log' }),
  maxDepth: MAX_DEPTH_PARAM,
  bins: BINS_PARAM,
  classWeight: CLASS_WEIGHT_PARAM,
} as const satisfies ParamTable;

export type ForestOptions = ParamValues<typeof FOREST_PARAMS> & { readonly seed: number };

export const DEFAULT_FOREST_OPTIONS: ForestOptions = Object.freeze({ ...defaultsOf(FOREST_PARAMS), seed: 0 });

export const FOREST_FORMAT_VERSION = 1;

export interface ForestState {
  readonly nFeatures: number;
  readonly trees: readonly FlatTree[];
  readonly importance: FeatureImportance;
  /** AUC of the out-of-bag predictions (NaN when no row was ever out of bag or they hold one class). */
  readonly oobAuc: number;
  /** Rows out of bag for at least one tree. */
  readonly oobRows: number;
}

/** The per-node feature count `maxFeatures` means for `nFeatures` features. */
export function resolveMaxFeatures(maxFeatures: string, nFeatures: number): number {
  const spec = String(maxFeatures).trim();
  if (!isMaxFeatures(spec))
    throw new UsageError(`options.maxFeatures must be ${FOREST_PARAMS.maxFeatures.expected}, got ${spec}`);
  let count: number;
  if (spec === 'sqrt') count = Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  else if (spec === 'log2') count = Math.max(1, Math.floor(Math.log2(nFeatures)));
  else if (/^\d+$/.test(spec)) count = Number(spec);
  else count = Math.max(1, Math.floor(Number(spec) * nFeatures));
  if (count > nFeatures) throw new UsageError(`options.maxFeatures is ${count}, more than the ${nFeatures} features`);
  return count;
}

export class RandomForest implements Estimator {
  readonly kind = 'forest' as const;
  readonly options: ForestOptions;
  private fitted?: ForestState;

  constructor(options: Partial<ForestOptions> = {}) {
    this.options = Object.freeze({
      ...DEFAULT_FOREST_OPTIONS,
      ...options,
      maxFeatures: String(options.maxFeatures ?? DEFAULT_FOREST_OPTIONS.maxFeatures),
    });
    checkOptions(this.options);
  }

  get state(): ForestState | undefined {
    return this.fitted;
  }

  async fit(X: DenseMatrix, y: Uint8Array, context: FitContext = {}): Promise<this> {
    const o = this.options;
    checkBinaryTrainingLabels(X, y, 'random forest');
    const { nRows: n, nCols: d } = X;
    const maxFeatures = resolveMaxFeatures(o.maxFeatures, d);
    // Trees grow to purity: up to one leaf per drawn row, ~8 bytes a row in the model file (measured
    // 3.2 MB for 20 trees x 20000 rows); a model file is one JSON string, which V8 caps near 512 MB.
    const drawn = Math.ceil(n * o.subsample);
    if (o.trees * drawn > MAX_TREE_ROWS) {
      throw new UsageError(
        `options.trees is ${o.trees}: with ${drawn} rows a tree, the forest could pass ${MAX_TREE_ROWS.toLocaleString('en-US')} tree rows (a model file over ~400 MB); use at most ${Math.floor(MAX_TREE_ROWS / drawn)} trees, or options.subsample or options.minLeaf to shrink them`,
      );
    }
    const threads = busyCores(context.threads, o.trees);
    const layout = forestMemoryLayout(n, d, threads);
    const memory = sharedMemory(layout.bytes);
    new Uint8Array(memory.buffer, layout.labels, n).set(y);
    const label = `forest (seed ${o.seed})`;
    const shared: SharedForestData = { layout, memory };
    const grown: GrownForestTree[] = new Array(o.trees);
    const workerOptions = { worker: 'forest/forest.worker', threads, workerData: shared };
    const thresholds = await withPool<typeof ForestWorker, Float64Array[]>(workerOptions, async (pool) => {
      const edges = await binOnPool(
        { onPool: (task) => pool.run('binFeatures', task), workers: threads },
        X,
        o.bins,
        label,
      );
      const binsPerFeature = edges.map((e) => e.length + 1);
      const options = {
        maxFeatures,
        minLeaf: o.minLeaf,
        maxDepth: o.maxDepth,
        bootstrap: o.bootstrap,
        subsample: o.subsample,
        seed: o.seed,
        classWeights: classWeightsFor(o.classWeight, y),
      };
      let done = 0;
      // one task per tree; piscina hands them to whichever worker is free
      await Promise.all(
        Array.from({ length: o.trees }, async (_, treeIndex) => {
          const task: GrowTreeTask = { treeIndex, options, binsPerFeature };
          try {
            grown[treeIndex] = await pool.run('growTree', task);
          } catch (err) {
            throw new Error(`${label}, tree ${treeIndex}: a forest worker failed: ${(err as Error)?.message ?? err}`, {
              cause: err,
            });
          }
          done++;
          context.onProgress?.(done / o.trees, `tree ${done}/${o.trees}`);
        }),
      );
      return edges;
    });
    // everything below goes in tree order, so the forest does not depend on which worker grew what
    const importance = { gain: new Float64Array(d), splits: new Uint32Array(d) };
    const oobSum = new Float64Array(n);
    const oobCount = new Uint32Array(n);
    const trees = grown.map((g) => {
      for (let f = 0; f < d; f++) {
        importance.gain[f] += g.gain[f];
        importance.splits[f] += g.splits[f];
      }
      g.oobRows.forEach((row, k) => {
        oobSum[row] += g.oobValues[k];
        oobCount[row]++;
      });
      const threshold = Float64Array.from(g.feature, (f, i) => (f >= 0 ? thresholds[f][g.bin[i]] : 0));
      return new FlatTree(g.feature, threshold, g.left, g.right, g.value);
    });
    this.fitted = { nFeatures: d, trees, importance, ...outOfBagAuc(y, oobSum, oobCount) };
    return this;
  }

  featureImportance(): FeatureImportance {
    return this.requireFitted().importance;
  }

  fitNotes(): string {
    const s = this.requireFitted();
    return Number.isNaN(s.oobAuc)
      ? `out-of-bag AUC: n/a (${s.oobRows} rows out of bag)`
      : `out-of-bag AUC ${s.oobAuc.toFixed(5)} over ${s.oobRows} rows`;
  }

  async predictProba(X: DenseMatrix, options: { readonly threads?: number } = {}): Promise<Float64Array> {
    const state = this.requireFitted();
    if (X.nCols !== state.nFeatures)
      throw new InputError(`predict: the model has ${state.nFeatures} features, the data ${X.nCols}`);
    const out = new Float64Array(X.nRows);
    await addTreeOutputs(state.trees, X, out, options.threads);
    const nTrees = state.trees.length;
    for (let i = 0; i < out.length; i++) out[i] /= nTrees;
    return out;
  }

  toJSON(): ModelJson {
    const s = this.requireFitted();
    return {
      kind: this.kind,
      formatVersion: FOREST_FORMAT_VERSION,
      options: { ...this.options },
      state: {
        nFeatures: s.nFeatures,
        oobAuc: Number.isNaN(s.oobAuc) ? null : s.oobAuc,
        oobRows: s.oobRows,
        ...importanceToState(s.importance),
        trees: s.trees.map((t) => t.toCompactJSON()),
      },
    };
  }

  static fromJSON(json: ModelJson): RandomForest {
    const { state: s, nFeatures } = treeModelState(json, 'forest', FOREST_FORMAT_VERSION);
    if (!Array.isArray(s.trees) || s.trees.length === 0)
      throw new ModelFileError('forest model: state.trees must be a non-empty list');
    const importance = importanceFromState(s, nFeatures, 'forest');
    const model = new RandomForest(json.options as Partial<ForestOptions>);
    const trees = (s.trees as FlatTreeCompactJson[]).map((t, i) =>
      FlatTree.fromCompactJSON(t, nFeatures, `forest model: tree ${i}`),
    );
    // a leaf holds its rows' class-1 share: anything outside [0, 1] is damage
    trees.forEach((tree, i) => {
      const bad = tree.value.findIndex((v, node) => tree.feature[node] === -1 && !(v >= 0 && v <= 1));
      if (bad >= 0)
        throw new ModelFileError(
          `forest model: tree ${i}: leaf ${bad} holds ${tree.value[bad]}, not a class share in [0, 1]`,
        );
    });
    model.fitted = {
      nFeatures,
      trees,
      importance,
      oobAuc: typeof s.oobAuc === 'number' ? s.oobAuc : Number.NaN,
      oobRows: Number(s.oobRows ?? 0),
    };
    return model;
  }

  private requireFitted(): ForestState {
    if (!this.fitted) throw new UsageError('the forest model is not fitted yet');
    return this.fitted;
  }
}

/** AUC of each row's mean out-of-bag prediction, over rows out of bag at least once. */
function outOfBagAuc(y: Uint8Array, sum: Float64Array, count: Uint32Array): { oobAuc: number; oobRows: number } {
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (count[i] === 0) continue;
    labels.push(y[i]);
    scores.push(sum[i] / count[i]);
  }
  let oobAuc = Number.NaN;
  try {
    oobAuc = rocAuc(labels, scores);
  } catch {
    // one class among the out-of-bag rows, or none: no AUC
  }
  return { oobAuc, oobRows: labels.length };
}

/** Most trees x rows a tree a forest may be fitted with: see fit. */
export const MAX_TREE_ROWS = 50_000_000;

function checkOptions(o: ForestOptions): void {
  checkParams(FOREST_PARAMS, o);
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`options.seed must be an integer, got ${o.seed}`);
}
