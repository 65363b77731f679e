// One entry point for "the data the user named": an AutoML folder or prefix
// (automl.ts) or a CSV table with a header (csv.ts). A CSV is one labelled or
// unlabelled set, exposed as `train`; its own name is kept for outputs.
import { basename, extname } from 'node:path';
import { availableSets, locateDataset, readDataset, type Dataset, type SetName } from './automl.js';
import { readCsvTable, type CsvTableOptions } from './csv.js';

export interface OpenDatasetOptions extends CsvTableOptions {
  /** AutoML sets to read; `available` reads those of them that exist. */
  readonly sets: readonly SetName[] | { readonly available: readonly SetName[] };
  readonly cache?: boolean;
}

export interface OpenedDataset extends Dataset {
  readonly format: 'automl' | 'csv';
}

export function isCsvPath(path: string): boolean {
  return extname(path).toLowerCase() === '.csv';
}

export function openDataset(path: string, opts: OpenDatasetOptions): OpenedDataset {
  if (isCsvPath(path)) {
    const table = readCsvTable(path, opts);
    const name = basename(path, extname(path));
    return {
      format: 'csv',
      location: { dir: path, name },
      featureNames: table.featureNames,
      info: {},
      splits: { train: { setName: 'train', file: path, X: table.X, y: table.y, ids: table.ids } },
    };
  }
  const location = locateDataset(path);
  const sets =
    'available' in opts.sets
      ? availableSets(location).filter((s) => (opts.sets as { available: readonly SetName[] }).available.includes(s))
      : opts.sets;
  return { format: 'automl', ...readDataset(location, { sets, cache: opts.cache }) };
}
