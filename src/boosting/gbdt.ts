// Gradient-boosted trees for binary log loss: the boosting loop over
// tree-learner/grower.ts (histograms on a worker pool), with row subsampling,
// per-tree feature sampling, early stopping and gain/split importance.
import { takeLabels, takeRows, type DenseMatrix } from '../core/dense-matrix.js';
import { rocAuc } from '../metrics/roc-auc.js';
import {
  checkBinaryTrainingLabels,
  type Estimator,
  type FeatureImportance,
  type FitContext,
  type ModelJson,
} from '../core/estimator.js';
import { addTreeOutputs } from '../trees/ensemble-predict.js';
import { FlatTree, type FlatTreeJson } from '../trees/flat-tree.js';
import { growTree } from '../tree-learner/grower.js';
import { withTreeFit } from '../tree-learner/tree-fit.js';
import { MAX_QUANTIZED_ROWS } from '../tree-learner/quantize.js';
import { CLASS_WEIGHT_PARAM, classWeightsFor } from '../core/class-weight.js';
import { BINS_PARAM, MAX_DEPTH_PARAM, minLeafParam, subsampleParam } from '../binning/tree-params.js';
import { checkParams, defaultsOf, type ParamTable, type ParamValues } from '../core/params.js';
import { InputError, ModelFileError, UsageError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { baselineScore, logLossGradients, meanLogLoss } from './log-loss.js';
import { importanceFromState, importanceToState, treeModelState } from '../trees/tree-model-json.js';

/**
 * Learning rates beyond this only make the loss diverge to non-finite values.
 */
export const MAX_LEARNING_RATE = 10;

/** gbdt's parameters, declared once: options, defaults, checks, CLI flags and docs/COMMANDS.md rows come from here. */
export const GBDT_PARAMS = {
  trees: { type: 'integer', flag: '--trees', default: 100, min: 1, help: 'boosting rounds (trees)' },
  learningRate: {
    type: 'number',
    flag: '--learning-rate',
    default: 0.1,
    min: 0,
    minOpen: true,
    max: MAX_LEARNING_RATE,
    valueName: 'x',
    help: 'shrinkage of every tree',
    search: { low: 0.01, high: 0.3, scale: 'log' },
  },
  leaves: {
    type: 'integer',
    flag: '--leaves',
    default: 31,
    min: 2,
    help: 'leaves per tree, grown best-first',
    search: { low: 8, high: 128, scale: 'log' },
  },
  maxDepth: MAX_DEPTH_PARAM,
  bins: BINS_PARAM,
  l2: {
    type: 'number',
    flag: '--l2',
    default: 0,
    min: 0,
    valueName: 'lambda',
    help: 'L2 penalty λ in the leaf values and split gains',
    search: { low: 1e-3, high: 10, scale: 'log' },
  },
  minLeaf: minLeafParam(20, { low: 2, high: 100, scale: 'log' }),
  minHessian: {
    type: 'number',
    flag: '--min-hessian',
    default: 1e-3,
    min: 0,
    valueName: 'x',
    help: 'smallest hessian sum in a leaf',
  },
  subsample: subsampleParam('share of rows drawn (without replacement) for each tree'),
  colsample: {
    type: 'number',
    flag: '--colsample',
    default: 1,
    min: 0,
    minOpen: true,
    max: 1,
    valueName: 'x',
    help: 'share of features each tree may split on',
    search: { low: 0.3, high: 1, scale: 'linear' },
  },
  classWeight: CLASS_WEIGHT_PARAM,
  quantized: {
    type: 'switch',
    flag: '--quantized',
    default: false,
    defaultText: 'off',
    help: "round each round's gradients to the integers -2..2 and hessians to 0..4 (stochastically, seeded) and build one-word histograms, as LightGBM's use_quantized_grad; leaf values from the exact gradients; at most 1048575 training rows",
  },
  earlyStopping: {
    type: 'integer',
    flag: '--early-stopping',
    default: 0,
    min: 0,
    defaultText: '0 (off)',
    help: 'stop after n rounds without a better validation log loss, keeping the best rounds; validation = the labelled valid set, else --valid-fraction of the training rows',
  },
  validFraction: {
    type: 'number',
    flag: '--valid-fraction',
    default: 0.1,
    min: 0,
    minOpen: true,
    max: 1,
    maxOpen: true,
    valueName: 'x',
    help: 'held-out share for early stopping when the data has no labelled valid set',
  },
} as const satisfies ParamTable;

export type GbdtOptions = ParamValues<typeof GBDT_PARAMS> & { readonly seed: number };

export const DEFAULT_GBDT_OPTIONS: GbdtOptions = Object.freeze({ ...defaultsOf(GBDT_PARAMS), seed: 0 });

export const GBDT_FORMAT_VERSION = 1;

export interface GbdtState {
  readonly nFeatures: number;
  readonly baseline: number;
  readonly trees: readonly FlatTree[];
  readonly importance: FeatureImportance;
  /** Rounds kept (after early stopping) and rounds run. */
  readonly roundsKept: number;
  readonly roundsRun: number;
}

/**
 * Where a fit stopped, to go on from (tune's later rungs give a survivor more
 * trees): the training matrix, the scores so far, the sampling stream and the
 * trees. Going on from a checkpoint of t trees to T gives the trees of one
 * T-tree fit, bit for bit (a test checks): each round depends only on the
 * scores, the stream and its index.
 */
export interface GbdtCheckpoint {
  readonly X: DenseMatrix;
  readonly y: Uint8Array;
  readonly options: GbdtOptions;
  readonly raw: Float64Array;
  readonly rng: Rng;
  readonly trees: readonly FlatTree[];
  readonly importance: FeatureImportance;
}

export class Gbdt implements Estimator {
  readonly kind = 'gbdt' as const;
  readonly options: GbdtOptions;
  private fitted?: GbdtState;
  private stoppedAt?: GbdtCheckpoint;
  private goOnFrom?: GbdtCheckpoint;

  /**
   * A model whose fit goes on from `from` (same matrix object, labels and
   * options but a number of trees at least the checkpoint's) instead of
   * starting again.
   */
  static continuing(from: GbdtCheckpoint, options: Partial<GbdtOptions>): Gbdt {
    const model = new Gbdt(options);
    for (const [key, value] of Object.entries(model.options))
      if (key !== 'trees' && from.options[key as keyof GbdtOptions] !== value)
        throw new UsageError(`gbdt: cannot go on from a fit with another ${key}`);
    if (model.options.trees < from.trees.length)
      throw new UsageError(`gbdt: cannot go on from ${from.trees.length} trees to ${model.options.trees}`);
    model.goOnFrom = from;
    return model;
  }

  /** Where the last fit stopped, for Gbdt.continuing: fits with FitContext.resumable and no early stopping. */
  checkpoint(): GbdtCheckpoint | undefined {
    return this.stoppedAt;
  }

  constructor(options: Partial<GbdtOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_GBDT_OPTIONS, ...options });
    checkOptions(this.options);
  }

  get state(): GbdtState | undefined {
    return this.fitted;
  }

  async fit(X: DenseMatrix, y: Uint8Array, context: FitContext = {}): Promise<this> {
    const o = this.options;
    checkBinaryTrainingLabels(X, y, 'gradient boosting');
    let train = { X, y };
    let monitor = context.validation;
    if (o.earlyStopping > 0 && !monitor) {
      const { fit, held } = holdOut(y, o.validFraction, o.seed);
      train = { X: takeRows(X, fit), y: takeLabels(y, fit) };
      monitor = { X: takeRows(X, held), y: takeLabels(y, held) };
    }
    const n = train.X.nRows;
    const d = train.X.nCols;
    if (o.quantized && n > MAX_QUANTIZED_ROWS)
      throw new UsageError(
        `--quantized packs a histogram bin into 64 bits, which holds sums over at most ${MAX_QUANTIZED_ROWS.toLocaleString('en-US')} rows; this fit has ${n.toLocaleString('en-US')} (leave out --quantized)`,
      );
    const classWeights = classWeightsFor(o.classWeight, train.y);
    const baseline = baselineScore(train.y, classWeights);
    const from = this.goOnFrom;
    if (from && (from.X !== X || !sameLabels(from.y, y) || o.earlyStopping > 0))
      throw new UsageError('gbdt: a fit goes on only on the matrix and labels it started on, without early stopping');
    const raw = from ? from.raw.slice() : new Float64Array(n).fill(baseline);
    const monitorRaw = monitor ? new Float64Array(monitor.X.nRows).fill(baseline) : undefined;
    const trees: FlatTree[] = from ? [...from.trees] : [];
    const importance = from
      ? { gain: from.importance.gain.slice(), splits: from.importance.splits.slice() }
      : { gain: new Float64Array(d), splits: new Uint32Array(d) };
    const rng = from ? from.rng.clone() : new Rng(o.seed, 0x6bd7);
    let best = { loss: Number.POSITIVE_INFINITY, rounds: 0 };
    let monitored = 0; // trees already added to monitorRaw
    const growerOptions = {
      maxLeaves: o.leaves,
      maxDepth: o.maxDepth > 0 ? o.maxDepth : Number.POSITIVE_INFINITY,
      constraints: { l2: o.l2, minLeaf: o.minLeaf, minHessian: o.minHessian },
      shrinkage: o.learningRate,
      renewLeaves: o.quantized,
    };

    // log loss: |g| = |p - y| <= 1, h = p (1 - p) <= 1/4, times the larger class weight
    const maxWeight = classWeights ? Math.max(...classWeights) : 1;
    await withTreeFit(
      train.X,
      {
        bins: o.bins,
        maxAbsGradient: maxWeight,
        maxHessian: 0.25 * maxWeight,
        threads: context.threads,
        learner: context.learner,
        nSlots: o.leaves + 1,
        label: `gbdt (seed ${o.seed})`,
        quantized: o.quantized,
        binCache: context.binCache,
      },
      async (ctx, current) => {
        for (let t = trees.length; t < o.trees; t++) {
          current.index = t;
          logLossGradients(raw, train.y, ctx.gradients, ctx.hessians, classWeights);
          const nInTree = sampleRows(ctx.rows, n, o.subsample, rng);
          sampleFeatures(ctx.featureMask, o.colsample, rng);
          const rootTotals = ctx.quantizeRound?.(nInTree, roundSeed(o.seed, t));
          const grown = await growTree(ctx, nInTree, growerOptions, rootTotals);
          trees.push(grown.tree);
          for (const s of grown.splits) {
            importance.gain[s.feature] += s.gain;
            importance.splits[s.feature]++;
          }
          if (nInTree === n) {
            addLeafValues(raw, ctx.rows, grown.leaves);
          } else {
            grown.tree.addPredictions(train.X, raw);
          }
          // the losses are only shown (early stopping aside): worked out on report rounds, when someone looks
          const reportRound = context.onProgress !== undefined && ((t + 1) % 10 === 0 || t + 1 === o.trees);
          let status =
            `tree ${t + 1}/${o.trees}` + (reportRound ? `, train loss ${meanLogLoss(raw, train.y).toFixed(5)}` : '');
          if (monitor && monitorRaw && (o.earlyStopping > 0 || reportRound)) {
            for (; monitored < trees.length; monitored++) trees[monitored].addPredictions(monitor.X, monitorRaw);
            const loss = meanLogLoss(monitorRaw, monitor.y);
            if (loss < best.loss) best = { loss, rounds: t + 1 };
            status += `, valid loss ${loss.toFixed(5)}`;
            if (reportRound) status += `, valid AUC ${safeAuc(monitor.y, monitorRaw)}`;
            if (o.earlyStopping > 0 && t + 1 - best.rounds >= o.earlyStopping) {
              context.onProgress?.(1, `${status}; stopped early, keeping ${best.rounds} trees`);
              break;
            }
          }
          context.onProgress?.((t + 1) / o.trees, status);
        }
      },
    );
    const roundsKept = o.earlyStopping > 0 ? best.rounds : trees.length;
    this.goOnFrom = undefined;
    this.stoppedAt =
      o.earlyStopping > 0 || !context.resumable
        ? undefined
        : {
            X,
            y,
            options: o,
            raw,
            rng,
            trees: [...trees],
            importance: { gain: importance.gain.slice(), splits: importance.splits.slice() },
          };
    this.fitted = {
      nFeatures: d,
      baseline,
      trees: trees.slice(0, roundsKept),
      importance,
      roundsKept,
      roundsRun: trees.length,
    };
    return this;
  }

  featureImportance(): FeatureImportance {
    return this.requireFitted().importance;
  }

  /** With early stopping, the rounds it kept of those it ran. */
  fitNotes(): string | undefined {
    const s = this.requireFitted();
    return this.options.earlyStopping > 0 ? `early stopping kept ${s.roundsKept} of ${s.roundsRun} rounds` : undefined;
  }

  /** Raw scores (log-odds) for each row of X. */
  async decisionFunction(X: DenseMatrix, options: { readonly threads?: number } = {}): Promise<Float64Array> {
    const state = this.requireFitted();
    if (X.nCols !== state.nFeatures)
      throw new InputError(`predict: the model has ${state.nFeatures} features, the data ${X.nCols}`);
    const out = new Float64Array(X.nRows).fill(state.baseline);
    await addTreeOutputs(state.trees, X, out, options.threads);
    return out;
  }

  async predictProba(X: DenseMatrix, options: { readonly threads?: number } = {}): Promise<Float64Array> {
    return (await this.decisionFunction(X, options)).map((z) => 1 / (1 + Math.exp(-z)));
  }

  toJSON(): ModelJson {
    const s = this.requireFitted();
    return {
      kind: this.kind,
      formatVersion: GBDT_FORMAT_VERSION,
      options: { ...this.options },
      state: {
        nFeatures: s.nFeatures,
        baseline: s.baseline,
        roundsKept: s.roundsKept,
        roundsRun: s.roundsRun,
        ...importanceToState(s.importance),
        trees: s.trees.map((t) => t.toJSON()),
      },
    };
  }

  static fromJSON(json: ModelJson): Gbdt {
    const { state: s, nFeatures } = treeModelState(json, 'gbdt', GBDT_FORMAT_VERSION);
    if (typeof s.baseline !== 'number' || !Number.isFinite(s.baseline))
      throw new ModelFileError('gbdt model: state.baseline must be a finite number');
    if (!Array.isArray(s.trees)) throw new ModelFileError('gbdt model: state.trees must be a list');
    const importance = importanceFromState(s, nFeatures, 'gbdt');
    const model = new Gbdt(json.options as Partial<GbdtOptions>);
    const trees = (s.trees as FlatTreeJson[]).map((t, i) => FlatTree.fromJSON(t, nFeatures, `gbdt model: tree ${i}`));
    model.fitted = {
      nFeatures,
      baseline: s.baseline,
      trees,
      importance,
      roundsKept: trees.length,
      roundsRun: Number(s.roundsRun ?? trees.length),
    };
    return model;
  }

  private requireFitted(): GbdtState {
    if (!this.fitted) throw new UsageError('the gbdt model is not fitted yet');
    return this.fitted;
  }
}

/** Writes the rows of this tree into rows[0, m) in ascending order and returns m. */
/**
 * raw[rows[i]] += value for every leaf's rows: the tree's outputs without
 * walking it. A loop of its own with the arrays as locals (inline in the fit's
 * closure it took 0.46 s of main-thread time in a 200-tree profile, the
 * workers waiting meanwhile).
 */
function addLeafValues(
  raw: Float64Array,
  rows: Uint32Array,
  leaves: ReadonlyArray<{ readonly start: number; readonly end: number; readonly value: number }>,
): void {
  for (const leaf of leaves) {
    const value = leaf.value;
    for (let i = leaf.start, end = leaf.end; i < end; i++) raw[rows[i]] += value;
  }
}

function sameLabels(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

/** The coins of round t's stochastic rounding (--quantized): a 64-bit mix of seed and round. */
function roundSeed(seed: number, t: number): bigint {
  return BigInt.asIntN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + BigInt(t + 1) * 0xd1b54a32d192ed03n);
}

function sampleRows(rows: Uint32Array, n: number, subsample: number, rng: Rng): number {
  if (subsample >= 1) {
    for (let i = 0; i < n; i++) rows[i] = i;
    return n;
  }
  const m = Math.max(1, Math.round(subsample * n));
  rows.set(rng.sample(n, m).sort());
  return m;
}

function sampleFeatures(mask: Uint8Array, colsample: number, rng: Rng): void {
  if (colsample >= 1) {
    mask.fill(1);
    return;
  }
  const d = mask.length;
  const keep = Math.max(1, Math.round(colsample * d));
  const order = rng.shuffle(Uint32Array.from({ length: d }, (_, i) => i));
  mask.fill(0);
  for (let k = 0; k < keep; k++) mask[order[k]] = 1;
}

/** Seeded stratified hold-out: `fraction` of each class (at least one row of each). */
function holdOut(y: Uint8Array, fraction: number, seed: number): { fit: Uint32Array; held: Uint32Array } {
  const rng = new Rng(seed, 0x401d);
  const fit: number[] = [];
  const held: number[] = [];
  for (const cls of [0, 1]) {
    const members = rng.shuffle(
      Uint32Array.from(y.reduce<number[]>((acc, label, i) => (label === cls ? (acc.push(i), acc) : acc), [])),
    );
    const nHeld = Math.min(members.length - 1, Math.max(1, Math.round(fraction * members.length)));
    members.forEach((row, k) => (k < nHeld ? held : fit).push(row));
  }
  return { fit: Uint32Array.from(fit).sort(), held: Uint32Array.from(held).sort() };
}

function safeAuc(y: Uint8Array, scores: Float64Array): string {
  try {
    return rocAuc(y, scores).toFixed(5);
  } catch {
    return 'n/a';
  }
}

/**
 * Most leaves a model may have in all (trees x leaves). A saved tree takes
 * about 63 bytes a leaf (1.9 KB for 31 leaves, measured), and a model file is
 * one JSON string, which V8 caps at about 512 MB: 5 million leaves make a file
 * of about 320 MB. (--trees 1e9 once ran 114 s before V8 ran out of heap.)
 */
export const MAX_TOTAL_LEAVES = 5_000_000;

function checkOptions(o: GbdtOptions): void {
  checkParams(GBDT_PARAMS, o);
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`options.seed must be an integer, got ${o.seed}`);
  if (o.trees * o.leaves > MAX_TOTAL_LEAVES) {
    throw new UsageError(
      `options.trees x options.leaves is ${o.trees} x ${o.leaves} = ${(o.trees * o.leaves).toLocaleString('en-US')} leaves in all; a model holds at most ${MAX_TOTAL_LEAVES.toLocaleString('en-US')} (its file would pass ~320 MB)`,
    );
  }
}
