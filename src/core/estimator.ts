// The one shape every model has, so cv, train and predict need not know which
// model they drive. Creating and loading models by kind is registry.ts's job.
import type { DenseMatrix } from './dense-matrix.js';
import type { BinCache } from './bin-cache.js';
import { DegenerateDataError, InputError } from '../util/errors.js';

/** The kinds cv, train and tune fit from data. */
export type ModelKind = 'logistic' | 'gbdt' | 'forest';

/** Every kind a model file holds: the fitted kinds, and a blend of them (`persodata blend`). */
export type EstimatorKind = ModelKind | 'blend';

/** What a model's toJSON returns; model-file.ts wraps it with features and a tag. */
export interface ModelJson {
  readonly kind: EstimatorKind;
  readonly formatVersion: number;
  readonly options: Record<string, unknown>;
  readonly state: Record<string, unknown>;
}

/** Progress and cancellation hooks a long fit may honour. */
export interface FitContext {
  /** Called now and then with a fraction in [0, 1] and a short status. */
  readonly onProgress?: (fraction: number, status: string) => void;
  /** Warnings for the user (did not converge, ...). */
  readonly onWarning?: (message: string) => void;
  /** Worker threads for models that use them (default: the machine's cores); never changes the model. */
  readonly threads?: number;
  /**
   * Which tree learner fits (gbdt): by default the serial one for one thread
   * or a small input, else the pooled one. Both give identical trees; tests
   * and benchmarks force one.
   */
  readonly learner?: 'serial' | 'pooled';
  /**
   * Binned training matrices kept between fits of the same matrix object
   * (gbdt; tune's trials on kept fold matrices): never changes the model.
   */
  readonly binCache?: BinCache;
  /**
   * Keep where the fit stopped (gbdt: Gbdt.checkpoint, which holds the
   * training matrix), so that a later fit goes on from it (tune).
   */
  readonly resumable?: boolean;
  /** Labelled rows to monitor (early stopping, progress); never trained on. */
  readonly validation?: { readonly X: DenseMatrix; readonly y: Uint8Array };
}

/** Per-feature importance of tree models, in feature order. */
export interface FeatureImportance {
  /** Total split gain per feature. */
  readonly gain: Float64Array;
  /** Number of splits per feature. */
  readonly splits: Uint32Array;
}

export interface Estimator {
  readonly kind: EstimatorKind;
  /** Tree models only. */
  featureImportance?(): FeatureImportance;
  /** One line about the fit worth printing (e.g. the forest's out-of-bag AUC). */
  fitNotes?(): string | undefined;
  /** Fits on rows of `X` with 0/1 `y`; returns this. */
  fit(X: DenseMatrix, y: Uint8Array, context?: FitContext): Promise<this>;
  /** Probability of class 1 for each row of `X`; `threads` as in FitContext (never changes the result). */
  predictProba(X: DenseMatrix, options?: { readonly threads?: number }): Promise<Float64Array>;
  toJSON(): ModelJson;
}

/**
 * The checks every binary model's fit starts with: one label per row and both
 * classes present. `what` names the model in the message.
 */
export function checkBinaryTrainingLabels(X: DenseMatrix, y: Uint8Array, what: string): void {
  if (y.length !== X.nRows) throw new InputError(`fit: ${y.length} labels for ${X.nRows} rows`);
  let positives = 0;
  for (const label of y) positives += label;
  if (positives === 0 || positives === X.nRows) {
    throw new DegenerateDataError(
      `${what} needs both classes; all ${X.nRows} training rows are class ${positives === 0 ? 0 : 1}`,
    );
  }
}
