// LightGBM's command-line program: where it is, and predictions from it on a
// matrix of ours. The rows go to it as a tab-separated file of our float32
// values written shortest-round-trip (a dummy label first, as label_index=0
// says), read with precise_float_parser=true: LightGBM's default fast parser
// may misread a decimal by a last bit, which at a threshold would flip a
// decision. Its output has 17 significant digits.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DenseMatrix } from '../core/dense-matrix.js';
import { InputError, UsageError } from '../util/errors.js';

/** The workplace's copy, beside the project: ../shared/tools/lightgbm. */
const SHARED_COPY = fileURLToPath(new URL('../../../shared/tools/lightgbm', import.meta.url));

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** --lightgbm, else $LIGHTGBM, else `lightgbm` on PATH, else ../shared/tools/lightgbm; the error lists where it looked. */
export function findLightgbm(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  sharedCopy = SHARED_COPY,
): string {
  if (flag !== undefined) {
    if (isExecutable(flag)) return flag;
    throw new UsageError(`--lightgbm ${flag}: no executable program there`);
  }
  const looked: string[] = [];
  if (env.LIGHTGBM) {
    if (isExecutable(env.LIGHTGBM)) return env.LIGHTGBM;
    looked.push(`$LIGHTGBM (${env.LIGHTGBM}: no executable program there)`);
  } else looked.push('$LIGHTGBM (not set)');
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = onPath.map((dir) => join(dir, 'lightgbm')).find(isExecutable);
  if (found) return found;
  looked.push('`lightgbm` on PATH (not found)');
  if (isExecutable(sharedCopy)) return sharedCopy;
  looked.push(`${sharedCopy} (not there)`);
  throw new UsageError(
    `no LightGBM program to check the export with; looked at ${looked.join(', ')}. Give --lightgbm PATH or set LIGHTGBM=PATH, or leave out --check`,
  );
}

/** The rows as LightGBM reads them: label column 0 (unused by predict), then the features. */
function rowsText(X: DenseMatrix): string {
  const lines: string[] = new Array(X.nRows);
  const row: string[] = new Array(X.nCols + 1).fill('0');
  for (let i = 0; i < X.nRows; i++) {
    const base = i * X.nCols;
    for (let j = 0; j < X.nCols; j++) row[j + 1] = String(X.data[base + j]);
    lines[i] = row.join('\t');
  }
  return `${lines.join('\n')}\n`;
}

/** LightGBM's predictions (probabilities for `objective=binary`) of the model text for every row of X. */
export function lightgbmPredict(program: string, modelText: string, X: DenseMatrix, threads: number): Float64Array {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-lightgbm-'));
  try {
    const model = join(dir, 'model.txt');
    const data = join(dir, 'rows.tsv');
    const result = join(dir, 'predictions.txt');
    writeFileSync(model, modelText);
    writeFileSync(data, rowsText(X));
    try {
      execFileSync(
        program,
        [
          'task=predict',
          `input_model=${model}`,
          `data=${data}`,
          'header=false',
          'precise_float_parser=true',
          `num_threads=${threads}`,
          `output_result=${result}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
      const said = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`
        .trim()
        .split('\n')
        .slice(-3)
        .join(' | ');
      throw new InputError(`${program} could not predict with the exported model: ${said || e.message}`);
    }
    const lines = readFileSync(result, 'utf8').trimEnd().split('\n');
    if (lines.length !== X.nRows)
      throw new InputError(`${program} wrote ${lines.length} predictions for ${X.nRows} rows`);
    return Float64Array.from(lines, Number);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
