// --check: the exported file, run by the engine it was written for, must give
// the probabilities our model gives on every row, within the engine's
// tolerance; otherwise ExportCheckError names the worst row and both values.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';
import { ExportCheckError } from '../util/errors.js';
import { EXPORT_TARGET_SPECS, type ExportTarget } from './export-targets.js';

export interface CheckedSet {
  /** The file the rows came from, for messages. */
  readonly file: string;
  readonly X: DenseMatrix;
  /** Our model's P(label 1) for each row (uncalibrated, as exported). */
  readonly ours: Float64Array;
}

export interface CheckResult {
  readonly file: string;
  readonly rows: number;
  readonly largestDifference: number;
}

export interface EngineRun {
  readonly target: ExportTarget;
  /** The exported file's contents. */
  readonly contents: string | Uint8Array;
  /** The LightGBM program (lightgbm only). */
  readonly program?: string;
  readonly threads: number;
}

/** The largest |ours - theirs| and where; NaN on either side counts as the worst. */
export function worstRow(ours: Float64Array, theirs: Float64Array): { row: number; difference: number } {
  let row = -1;
  let difference = -1;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    const bad = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    if (bad > difference) {
      difference = bad;
      row = i;
    }
  }
  return { row, difference };
}

/** Every set's rows in one matrix, so the engine starts (and loads the model) once. */
function stacked(sets: readonly CheckedSet[]): DenseMatrix {
  if (sets.length === 1) return sets[0].X;
  const nCols = sets[0].X.nCols;
  const data = new Float32Array(sets.reduce((n, s) => n + s.X.data.length, 0));
  let at = 0;
  for (const set of sets) {
    data.set(set.X.data, at);
    at += set.X.data.length;
  }
  return denseMatrix(data.length / nCols, nCols, data);
}

export async function checkExport(run: EngineRun, sets: readonly CheckedSet[], out: string): Promise<CheckResult[]> {
  const spec = EXPORT_TARGET_SPECS[run.target];
  const tolerance = spec.tolerance;
  const all = await spec.predict(run.contents, stacked(sets), run.threads, run.program);
  const results: CheckResult[] = [];
  let start = 0;
  for (const set of sets) {
    const theirs = all.subarray(start, start + set.X.nRows);
    start += set.X.nRows;
    const { row, difference } = worstRow(set.ours, theirs);
    if (difference > tolerance) {
      throw new ExportCheckError(
        `the check failed: on ${set.file}, row ${row + 1}, persodata gives ${set.ours[row]} and ${spec.engine} ${theirs[row]} (difference ${difference.toExponential(2)}, allowed ${tolerance}); nothing written to ${out}`,
      );
    }
    results.push({ file: set.file, rows: set.X.nRows, largestDifference: difference });
  }
  return results;
}
