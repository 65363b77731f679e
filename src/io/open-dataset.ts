// One entry point for "the data the user named": an AutoML folder or prefix
// (automl.ts; a set may be NAME_SET.parquet instead of text), a CSV table with
// a header (csv.ts) or one Parquet table (parquet-dataset.ts). A CSV or
// Parquet table is one labelled or unlabelled set, exposed as `train`; its own
// name is kept for outputs.
import { basename, extname } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import {
  availableSets,
  locateDataset,
  readDataset,
  setPath,
  type Dataset,
  type DataSplit,
  type SetName,
} from './automl.js';
import { readParquetTable } from './parquet-dataset.js';
import { alignColumns, alignedMatrix } from './align-columns.js';
import { readCsvTable, type CsvTableOptions } from './csv.js';

export interface OpenDatasetOptions extends CsvTableOptions {
  /** AutoML sets to read; `available` reads those of them that exist. */
  readonly sets: readonly SetName[] | { readonly available: readonly SetName[] };
  readonly cache?: boolean;
}

export interface OpenedDataset extends Dataset {
  /** `table`: a CSV or Parquet file given itself (one set). */
  readonly format: 'automl' | 'table';
}

export function isCsvPath(path: string): boolean {
  return extname(path).toLowerCase() === '.csv';
}

export function isParquetPath(path: string): boolean {
  return extname(path).toLowerCase() === '.parquet';
}

export async function openDataset(path: string, opts: OpenDatasetOptions): Promise<OpenedDataset> {
  if (isCsvPath(path) || isParquetPath(path)) {
    const table = isCsvPath(path) ? readCsvTable(path, opts) : await readParquetTable(path, opts);
    const name = basename(path, extname(path));
    return {
      format: 'table',
      location: { dir: path, name },
      featureNames: table.featureNames,
      namedColumns: true,
      info: {},
      splits: { train: { setName: 'train', file: path, X: table.X, y: table.y, ids: table.ids } },
    };
  }
  const location = locateDataset(path);
  const sets =
    'available' in opts.sets
      ? availableSets(location).filter((s) => (opts.sets as { available: readonly SetName[] }).available.includes(s))
      : opts.sets;
  // sets with a NAME_SET.parquet are Parquet; readDataset reads (or names as missing) the others; a set in both
  // forms is refused: which of the two the user meant is theirs to say
  const parquetSets = sets.filter((set) => existsSync(setPath(location, set, 'parquet')));
  for (const set of parquetSets)
    if (existsSync(setPath(location, set, 'data')))
      throw new InputError(
        `${location.dir}: both ${basename(setPath(location, set, 'data'))} and ${basename(setPath(location, set, 'parquet'))} hold the ${set} set; move one of them away`,
      );
  const text = readDataset(location, { sets: sets.filter((set) => !parquetSets.includes(set)), cache: opts.cache });
  const splits: Partial<Record<SetName, DataSplit>> = { ...text.splits };
  let { featureNames, namedColumns } = text;
  for (const set of parquetSets) {
    const file = setPath(location, set, 'parquet');
    const table = await readParquetTable(file, opts);
    if (featureNames.length === 0) [featureNames, namedColumns] = [table.featureNames, true];
    // the table's columns by name, in the dataset's order (NAME_feat.name, or the first table read)
    const alignment = alignColumns(
      { file, names: table.featureNames, named: true },
      `${location.name}_feat.name`,
      featureNames,
      'dataset',
    );
    splits[set] = { setName: set, file, X: alignedMatrix(table.X, alignment), y: table.y, ids: table.ids };
  }
  return { format: 'automl', ...text, featureNames, namedColumns, splits };
}
