// CSV tables with a header row (features plus a label column, optionally an id
// column) read through csv-parse into a DenseMatrix. For small tables: the
// AutoML text matrices go through matrix-text.ts, which is much faster.
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../util/errors.js';
import { denseMatrix, type DenseMatrix } from './dense-matrix.js';
import { readInputFile } from './file-errors.js';

export interface CsvTableOptions {
  /** Column holding 0/1 labels (default `label`); the table may lack it (unlabelled). */
  readonly labelColumn?: string;
  /** Column holding row names (default `id` when present); kept as strings. */
  readonly idColumn?: string;
}

export interface CsvTable {
  readonly X: DenseMatrix;
  readonly y?: Uint8Array;
  readonly ids?: readonly string[];
  readonly featureNames: readonly string[];
}

/** Reads `path`; errors name the file, line and column (1-based, as a spreadsheet shows it). */
export function readCsvTable(path: string, opts: CsvTableOptions = {}): CsvTable {
  const fileName = basename(path);
  const text = readInputFile(path, 'utf8');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, info: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    throw new InputError(`${fileName}: ${(err as Error).message}`);
  }
  if (records.length < 2) throw new InputError(`${fileName}: expected a header row and at least one data row`);
  const header = records[0].record;
  const labelIdx = header.indexOf(opts.labelColumn ?? 'label');
  const idIdx = header.indexOf(opts.idColumn ?? 'id');
  if (opts.idColumn !== undefined && idIdx < 0) throw new InputError(`${fileName}: no column named "${opts.idColumn}" in the header`);
  const featureCols = header.map((_, j) => j).filter((j) => j !== labelIdx && j !== idIdx);
  if (featureCols.length === 0) throw new InputError(`${fileName}: no feature columns besides the label and id`);

  const nRows = records.length - 1;
  const X = new Float32Array(nRows * featureCols.length);
  const y = labelIdx >= 0 ? new Uint8Array(nRows) : undefined;
  const ids = idIdx >= 0 ? new Array<string>(nRows) : undefined;
  for (let i = 0; i < nRows; i++) {
    const { record, info } = records[i + 1];
    const cell = (j: number, what: string) => `${fileName} line ${info.lines}, column ${j + 1} (${header[j]}): "${record[j]}" ${what}`;
    featureCols.forEach((j, k) => {
      const value = record[j] === '' ? Number.NaN : Number(record[j]);
      if (!Number.isFinite(value)) throw new InputError(cell(j, 'is not a finite number'));
      X[i * featureCols.length + k] = value;
    });
    if (y) {
      const label = Number(record[labelIdx]);
      if (label !== 0 && label !== 1) throw new InputError(cell(labelIdx, 'is not a label (expected 0 or 1)'));
      y[i] = label;
    }
    if (ids) ids[i] = record[idIdx];
  }
  return { X: denseMatrix(nRows, featureCols.length, X), y, ids, featureNames: featureCols.map((j) => header[j]) };
}
