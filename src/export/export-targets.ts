// The export targets, one table (as the submission formats are one table):
// what each file is, which model kinds it holds, how it is written, which
// engine --check runs it in and to what tolerance. check-export.ts and the
// export command take everything target-specific from here.
import type { DenseMatrix } from '../core/dense-matrix.js';
import { UsageError } from '../util/errors.js';
import type { ExportableModel } from './exportable-model.js';
import { lightgbmModelText } from './lightgbm-model-text.js';
import { lightgbmPredict } from './lightgbm-program.js';
import { onnxModelBytes } from './onnx-model.js';
import { onnxPredict } from './onnx-runtime.js';

export const EXPORT_TARGETS = ['lightgbm', 'onnx'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/** What a file says of itself beside the model: which model file it came from, who wrote it. */
export interface ExportInfo {
  readonly modelFile: string;
  readonly producerVersion: string;
}

export interface ExportTargetSpec {
  /** What the file is, in words ("LightGBM text model"). */
  readonly fileName: string;
  /** The engine --check runs it in. */
  readonly engine: string;
  /** --check: the largest |ours - theirs| a probability may differ by. */
  readonly tolerance: number;
  /** --check needs LightGBM's program found first (ONNX Runtime is a package). */
  readonly needsProgram: boolean;
  /** The file's contents; refuses (UsageError) a model kind the format does not hold. */
  write(model: ExportableModel, features: readonly string[], info: ExportInfo): string | Uint8Array;
  /** The engine's P(label 1) for the rows of X, from the written contents. */
  predict(contents: string | Uint8Array, X: DenseMatrix, threads: number, program?: string): Promise<Float64Array>;
}

export const EXPORT_TARGET_SPECS: Readonly<Record<ExportTarget, ExportTargetSpec>> = {
  lightgbm: {
    fileName: 'LightGBM text model',
    engine: 'LightGBM',
    // LightGBM reads the doubles we write and sums in double: only summation order differs
    tolerance: 1e-9,
    needsProgram: true,
    write(model, features, info) {
      if (model.kind === 'logistic' || model.kind === 'blend')
        throw new UsageError(
          `${info.modelFile} is a ${model.kind} model; LightGBM model files hold trees (gbdt and forest models). A ${model.kind} model exports --to onnx`,
        );
      return lightgbmModelText(model, features);
    },
    predict: async (contents, X, threads, program) => lightgbmPredict(program!, contents as string, X, threads),
  },
  onnx: {
    fileName: 'ONNX model',
    engine: 'ONNX Runtime',
    tolerance: 1e-6,
    needsProgram: false,
    write: (model, features, info) =>
      onnxModelBytes(model, features, {
        producerVersion: info.producerVersion,
        description: `persodata ${model.kind} model from ${info.modelFile}`,
      }),
    predict: (contents, X, threads) => onnxPredict(contents as Uint8Array, X, threads),
  },
};
