// CSV tables with a header row (features plus a label column, optionally an id
// column) read through csv-parse into a DenseMatrix. For small tables: the
// AutoML text matrices go through matrix-text.ts, which is much faster.
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../util/errors.js';
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';
import { readInputFile } from './file-errors.js';
import { binaryLabel } from './labels.js';
import { firstRepeat } from '../util/repeats.js';

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

/** A decimal number as people write it: sign, digits, point, exponent (no hex, no Infinity, no blanks). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Refuses a header that names a column twice: which one would be the label, or the feature? */
export function refuseDuplicateColumns(header: readonly string[], fileName: string): void {
  const repeat = firstRepeat(header);
  if (repeat)
    throw new InputError(
      `${fileName} line 1, columns ${repeat[0] + 1} and ${repeat[1] + 1}: the header names "${header[repeat[1]]}" twice`,
    );
}

/** One parsed CSV row and the line it ends on. */
export interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * The rows of a CSV file (blank lines skipped, fields trimmed, a BOM
 * dropped), each with its line for messages; a parse error names the file.
 * `what` names the file's role in read errors; `ragged` lets rows differ in
 * length.
 */
export function readCsvRecords(
  path: string,
  opts: { what?: string; ragged?: boolean } = {},
): { fileName: string; records: CsvRecord[] } {
  const fileName = basename(path);
  const text = readInputFile(path, 'utf8', opts.what ? { what: opts.what } : {});
  try {
    const records = parse(text, {
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
      relax_column_count: opts.ragged === true,
    }) as unknown as CsvRecord[];
    return { fileName, records };
  } catch (err) {
    throw new InputError(`${fileName}: ${(err as Error).message}`);
  }
}

/** The index of column `name` in a header; refused, naming the header and the flag that sets the name, when absent. */
export function columnAt(header: readonly string[], name: string, fileName: string, flag: string): number {
  const at = header.indexOf(name);
  if (at < 0)
    throw new InputError(
      `${fileName} line 1: no "${name}" column (the header is ${header.join(',')}; ${flag} sets it)`,
    );
  return at;
}

/** Reads `path`; errors name the file, line and column (1-based, as a spreadsheet shows it). */
export function readCsvTable(path: string, opts: CsvTableOptions = {}): CsvTable {
  const { fileName, records } = readCsvRecords(path);
  if (records.length < 2) throw new InputError(`${fileName}: expected a header row and at least one data row`);
  const header = records[0].record;
  refuseDuplicateColumns(header, fileName);
  const labelIdx = header.indexOf(opts.labelColumn ?? 'label');
  const idIdx = header.indexOf(opts.idColumn ?? 'id');
  if (opts.idColumn !== undefined && idIdx < 0)
    throw new InputError(`${fileName}: no column named "${opts.idColumn}" in the header`);
  const featureCols = header.map((_, j) => j).filter((j) => j !== labelIdx && j !== idIdx);
  if (featureCols.length === 0) throw new InputError(`${fileName}: no feature columns besides the label and id`);

  const nRows = records.length - 1;
  const X = new Float32Array(nRows * featureCols.length);
  const y = labelIdx >= 0 ? new Uint8Array(nRows) : undefined;
  const ids = idIdx >= 0 ? new Array<string>(nRows) : undefined;
  for (let i = 0; i < nRows; i++) {
    const { record, info } = records[i + 1];
    const cell = (j: number, what: string) =>
      `${fileName} line ${info.lines}, column ${j + 1} (${header[j]}): "${record[j]}" ${what}`;
    featureCols.forEach((j, k) => {
      const value = DECIMAL.test(record[j]) ? Number(record[j]) : Number.NaN;
      if (!Number.isFinite(value)) throw new InputError(cell(j, 'is not a finite number'));
      if (!Number.isFinite(Math.fround(value)))
        throw new InputError(cell(j, 'overflows float32 (at most ±3.4028235e38)'));
      X[i * featureCols.length + k] = value;
    });
    if (y) {
      const raw = record[labelIdx] ?? '';
      const label = binaryLabel(raw);
      if (label === undefined)
        throw new InputError(
          cell(labelIdx, raw === '' ? 'is an empty label (expected 0 or 1)' : 'is not a label (expected 0 or 1)'),
        );
      y[i] = label;
    }
    if (ids) ids[i] = record[idIdx];
  }
  return { X: denseMatrix(nRows, featureCols.length, X), y, ids, featureNames: featureCols.map((j) => header[j]) };
}
