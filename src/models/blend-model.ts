// A blend: fitted models of any kinds on the same feature columns, their
// log-odds combined by fitted weights:
//   P(label 1) = sigmoid(bias + sum_i weight_i * logit(p_i)),
// with each member's probability clipped to [BLEND_EPS, 1 - BLEND_EPS] first
// (a forest's leaf can say 0 or 1). `persodata blend` fits the weights on
// out-of-fold predictions (blend-weights.ts); this module holds the result,
// predicts with it and saves it, and export/ writes it to ONNX.
import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Estimator, ModelJson } from '../core/estimator.js';
import { ModelFileError, UsageError } from '../util/errors.js';

export const BLEND_FORMAT_VERSION = 1;

/** Probabilities are clipped to [eps, 1 - eps] before their log-odds (ONNX export does the same). */
export const BLEND_EPS = 1e-7;

export type BlendMethod = 'weights' | 'logistic';

/** log(p / (1 - p)) of p clipped to [BLEND_EPS, 1 - BLEND_EPS]. */
export function clippedLogit(p: number): number {
  const q = Math.min(1 - BLEND_EPS, Math.max(BLEND_EPS, p));
  return Math.log(q) - Math.log(1 - q);
}

/** bias + sum_i weights[i] * logits[i][row], then the sigmoid. */
export function combineLogits(logits: readonly Float64Array[], weights: readonly number[], bias: number): Float64Array {
  const n = logits[0]?.length ?? 0;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let z = bias;
    for (let m = 0; m < logits.length; m++) z += weights[m] * logits[m][r];
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

export class BlendModel implements Estimator {
  readonly kind = 'blend' as const;

  constructor(
    readonly members: readonly Estimator[],
    readonly weights: readonly number[],
    readonly bias: number,
    readonly method: BlendMethod,
  ) {
    if (members.length < 2) throw new UsageError('a blend needs at least two models');
    if (weights.length !== members.length || !weights.every(Number.isFinite) || !Number.isFinite(bias))
      throw new UsageError('a blend needs one finite weight per model and a finite bias');
    if (members.some((m) => m.kind === 'blend')) throw new UsageError('a blend of blends is not supported');
  }

  async fit(): Promise<this> {
    throw new UsageError('a blend is not fitted on rows: persodata blend fits its weights on out-of-fold predictions');
  }

  /** Each member's log-odds of X's rows, in member order. */
  async memberLogits(X: DenseMatrix, options?: { readonly threads?: number }): Promise<Float64Array[]> {
    const out: Float64Array[] = [];
    for (const m of this.members) out.push((await m.predictProba(X, options)).map(clippedLogit));
    return out;
  }

  async predictProba(X: DenseMatrix, options?: { readonly threads?: number }): Promise<Float64Array> {
    return combineLogits(await this.memberLogits(X, options), this.weights, this.bias);
  }

  fitNotes(): string {
    const w = this.members.map((m, i) => `${m.kind} ${this.weights[i].toFixed(4)}`).join(', ');
    return `blend (${this.method}): ${w}, bias ${this.bias.toFixed(4)}`;
  }

  toJSON(): ModelJson {
    return {
      kind: 'blend',
      formatVersion: BLEND_FORMAT_VERSION,
      options: { method: this.method },
      state: { members: this.members.map((m) => m.toJSON()), weights: [...this.weights], bias: this.bias },
    };
  }

  /** Checks kind, version and every value; `load` rebuilds a member (the registry's loader). */
  static fromJSON(json: ModelJson, load: (member: ModelJson) => Estimator): BlendModel {
    if (json.kind !== 'blend') throw new ModelFileError(`expected a blend model, got kind "${json.kind}"`);
    if (json.formatVersion !== BLEND_FORMAT_VERSION)
      throw new ModelFileError(`blend model format ${String(json.formatVersion)} is not ${BLEND_FORMAT_VERSION}`);
    const method = json.options?.method;
    if (method !== 'weights' && method !== 'logistic')
      throw new ModelFileError(`blend: options.method must be weights or logistic, got ${JSON.stringify(method)}`);
    const { members, weights, bias } = (json.state ?? {}) as Record<string, unknown>;
    if (!Array.isArray(members) || members.length < 2 || members.some((m) => typeof m !== 'object' || m === null))
      throw new ModelFileError('blend: state.members must be two or more models');
    if (
      !Array.isArray(weights) ||
      weights.length !== members.length ||
      !weights.every((w) => typeof w === 'number' && Number.isFinite(w))
    )
      throw new ModelFileError('blend: state.weights must be one finite number per member');
    if (typeof bias !== 'number' || !Number.isFinite(bias))
      throw new ModelFileError('blend: state.bias must be a finite number');
    if (members.some((m) => (m as ModelJson).kind === 'blend'))
      throw new ModelFileError('blend: a member is itself a blend');
    return new BlendModel(
      members.map((m) => load(m as ModelJson)),
      weights as number[],
      bias,
      method,
    );
  }
}
