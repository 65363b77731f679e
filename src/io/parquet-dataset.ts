// Feature sets as Parquet files (hyparquet-writer writes, hyparquet reads), so
// the same table feeds Spark, Dask, DuckDB or pandas:
//   NAME_SET.parquet   columns: id (string), one FLOAT column a feature named
//                      as in NAME_feat.name, label (INT32 0/1, when known)
// The values written are the ones the AutoML text of the same run reads back
// (7 significant digits, then float32), so a model fitted on either is the
// same model. Reading takes any numeric columns as the features, in file
// order, with `label` and `id` (or the names given) kept apart.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';
import { InputError } from '../util/errors.js';
import { readInputFile } from './file-errors.js';
import { firstRepeat } from '../util/repeats.js';

export interface ParquetSetContents {
  readonly names: readonly string[];
  readonly featureNames: readonly string[];
  /** nRows x nFeatures, row-major. */
  readonly values: Float32Array;
  readonly labels?: Uint8Array;
}

/** Powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The float32 value the AutoML text (7 significant digits) reads back for
 * `v`, without the string: v scaled to 7 integer digits and rounded, then
 * scaled back by one correctly rounded operation on exact doubles, which is
 * what parsing the decimal gives. Values whose scaled fraction is near a half
 * (where the scaling's own rounding could tip the digit), and those out of
 * the exact powers' range, take the string route. toPrecision for every
 * value took 3.8 s of a 3.7 s write of the 65856 x 200 train set (profiled).
 */
export function asTextReadsIt(v: number): number {
  if (v === 0) return 0;
  const a = Math.abs(v);
  const k = 6 - Math.floor(Math.log10(a));
  if (k < -22 || k > 22) return Math.fround(Number(v.toPrecision(7)));
  const scaled = k >= 0 ? a * POW10[k] : a / POW10[-k];
  const q = Math.round(scaled);
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6 || q < 1e6 || q >= 1e7)
    return Math.fround(Number(v.toPrecision(7)));
  const d = k >= 0 ? q / POW10[k] : q * POW10[-k];
  return Math.fround(v < 0 ? -d : d);
}

/**
 * One set's Parquet file, as bytes. hyparquet and hyparquet-writer (ES modules
 * only, 79 files) are imported when a Parquet file is written or read, not when
 * the CLI starts (see util/lazy-require.ts).
 */
export async function parquetSetBytes(set: ParquetSetContents, createdBy: string): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const nCols = set.featureNames.length;
  const nRows = set.names.length;
  // transposed tile by tile (256 rows a tile stay in the cache), not a column at a time over all rows
  const data = set.featureNames.map(() => new Float32Array(nRows));
  for (let start = 0; start < nRows; start += 256) {
    const end = Math.min(nRows, start + 256);
    for (let j = 0; j < nCols; j++) {
      const column = data[j];
      for (let i = start; i < end; i++) column[i] = asTextReadsIt(set.values[i * nCols + j]);
    }
  }
  // PLAIN: float features rarely repeat, so dictionary encoding would only be tried and dropped
  const columns = set.featureNames.map((name, j) => ({
    name,
    data: data[j],
    type: 'FLOAT' as const,
    nullable: false,
    encoding: 'PLAIN' as const,
  }));
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [...set.names], type: 'STRING', nullable: false },
      ...columns,
      ...(set.labels
        ? [{ name: 'label', data: Int32Array.from(set.labels), type: 'INT32' as const, nullable: false }]
        : []),
    ],
    createdBy,
    // min/max statistics took 0.69 s of a 1.7 s write of the 65856 x 200 set; feature tables are read whole
    statistics: false,
  });
  return new Uint8Array(buffer);
}

export interface ParquetTableOptions {
  /** The label column (default `label`); absent from the file = unlabelled. */
  readonly labelColumn?: string;
  /** The row-name column (default `id`, when present). */
  readonly idColumn?: string;
}

export interface ParquetTable {
  readonly X: DenseMatrix;
  readonly y?: Uint8Array;
  readonly ids?: readonly string[];
  readonly featureNames: readonly string[];
}

const NUMERIC = new Set(['FLOAT', 'DOUBLE', 'INT32', 'INT64']);

/** Reads a Parquet feature table; every value must be a finite number within float32's range. */
export async function readParquetTable(path: string, opts: ParquetTableOptions = {}): Promise<ParquetTable> {
  const { parquetMetadata, parquetRead, parquetSchema } = await import('hyparquet');
  const bytes = readInputFile(path);
  // the Buffer's own memory when it is all of it (a large read), a copy otherwise (Node's pooled small reads)
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const file = (
    whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  ) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (err) {
    throw new InputError(`${path}: not a Parquet file (${(err as Error).message})`);
  }
  const labelColumn = opts.labelColumn ?? 'label';
  const idColumn = opts.idColumn ?? 'id';
  const nRows = Number(metadata.num_rows);
  const top = parquetSchema(metadata).children.map((c) => c.element);
  const names = top.map((e) => e.name);
  // one name, one column: a second `label` would otherwise be read as the first, or overwrite it
  const repeat = firstRepeat(names);
  if (repeat)
    throw new InputError(
      `${path}: columns ${repeat[0] + 1} and ${repeat[1] + 1} are both named "${names[repeat[1]]}"; every column needs its own name`,
    );
  if (nRows === 0) throw new InputError(`${path}: the table holds no rows`);
  if (opts.idColumn !== undefined && !names.includes(opts.idColumn))
    throw new InputError(`${path}: no column "${opts.idColumn}" (columns: ${names.join(', ')})`);
  const featureNames: string[] = [];
  for (const e of top) {
    if (e.name === labelColumn || e.name === idColumn) continue;
    if (!e.type || !NUMERIC.has(e.type))
      throw new InputError(`${path}: column "${e.name}" holds ${e.type ?? 'nested values'}, not numbers`);
    featureNames.push(e.name);
  }
  if (featureNames.length === 0) throw new InputError(`${path}: no feature columns`);
  const nCols = featureNames.length;
  const values = new Float32Array(nRows * nCols);
  const column = new Map(featureNames.map((n, j) => [n, j]));
  let y: Uint8Array | undefined;
  let ids: string[] | undefined;
  // a null is missing, not 0 (Number(null) is 0): refused as the CSV reader refuses an empty cell
  const refuseNull = (name: string, data: ArrayLike<unknown>, rowStart: number) => {
    for (let k = 0; k < data.length; k++)
      if (data[k] === null || data[k] === undefined)
        throw new InputError(
          `${path}: row ${rowStart + k + 1}, column "${name}": null (a missing value); every ${name === labelColumn ? 'label' : name === idColumn ? 'id' : 'feature value'} must be given`,
        );
  };
  const place = (name: string, data: ArrayLike<unknown>, rowStart: number) => {
    if (column.has(name) || name === labelColumn || name === idColumn) refuseNull(name, data, rowStart);
    const j = column.get(name);
    if (j !== undefined) {
      for (let k = 0; k < data.length; k++) {
        const v = Number(data[k]);
        if (!Number.isFinite(v) || !Number.isFinite(Math.fround(v)))
          throw new InputError(
            `${path}: row ${rowStart + k + 1}, column "${name}": ${String(data[k])} is not a finite number within float32's range`,
          );
        values[(rowStart + k) * nCols + j] = v;
      }
    } else if (name === labelColumn) {
      y ??= new Uint8Array(nRows);
      for (let k = 0; k < data.length; k++) {
        const v = Number(data[k]);
        if (v !== 0 && v !== 1)
          throw new InputError(
            `${path}: row ${rowStart + k + 1}, column "${name}": label ${String(data[k])} is not 0 or 1`,
          );
        y[rowStart + k] = v;
      }
    } else if (name === idColumn) {
      ids ??= new Array<string>(nRows);
      for (let k = 0; k < data.length; k++) ids[rowStart + k] = String(data[k]);
    }
  };
  // chunks are placed after the read: an error thrown inside hyparquet's callback would escape its promise
  const chunks: Array<{ columnName: string; columnData: ArrayLike<unknown>; rowStart: number }> = [];
  try {
    await parquetRead({ file, onChunk: (chunk) => chunks.push(chunk) });
  } catch (err) {
    throw new InputError(`${path}: cannot be read as Parquet (${(err as Error).message})`);
  }
  for (const chunk of chunks) place(chunk.columnName, chunk.columnData, chunk.rowStart);
  return { X: denseMatrix(nRows, nCols, values), y, ids, featureNames };
}
