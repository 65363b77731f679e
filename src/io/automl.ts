// The AutoML dataset folder of the challenge's starting kit:
//   NAME_{train,valid,test}.data      one row of values per line
//   NAME_{train,valid,test}.solution  one label per line (valid/test optional)
//   NAME_feat.name                    one feature name per line (optional)
//   NAME_public.info                  `key = value` lines (optional)
//   NAME_{train,valid,test}.ids       one row name per line (optional; `persodata pca` writes them)
//   NAME_{train,valid,test}.parquet   a set as one Parquet table instead (parquet-dataset.ts;
//                                     found here, read by open-dataset.ts)
// Finding the basename and reading the files; parsing lives in matrix-text.ts
// and labels.ts; prediction files are submission-formats.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../util/errors.js';
import type { DenseMatrix } from '../core/dense-matrix.js';
import { readLabels } from './labels.js';
import { loadMatrix } from './matrix-cache.js';
import { registerInput } from './file-errors.js';
import { firstRepeat } from '../util/repeats.js';

export const SET_NAMES = ['train', 'valid', 'test'] as const;
export type SetName = (typeof SET_NAMES)[number];

/** Where a dataset lives: files are `${dir}/${name}_*`. */
export interface DatasetLocation {
  readonly dir: string;
  readonly name: string;
}

/** One set of a dataset: features, and labels when a `.solution` exists. */
export interface DataSplit {
  readonly setName: SetName;
  readonly file: string;
  readonly X: DenseMatrix;
  readonly y?: Uint8Array;
  /** Row names (picture names) from NAME_SET.ids, when the dataset has them. */
  readonly ids?: readonly string[];
}

export interface Dataset {
  readonly location: DatasetLocation;
  readonly featureNames: readonly string[];
  /** The names came from the data (NAME_feat.name, a table's header); else they are feature0, feature1... */
  readonly namedColumns?: boolean;
  readonly info: Readonly<Record<string, string>>;
  readonly splits: Partial<Record<SetName, DataSplit>>;
}

/**
 * Resolves `path`: a folder holding exactly one `NAME_{train,valid,test}.data`
 * family, or the prefix `DIR/NAME` itself.
 */
export function locateDataset(path: string): DatasetLocation {
  if (isDirectory(path)) {
    const names = new Set<string>();
    for (const file of readdirSync(path)) {
      const m = /^(.+)_(train|valid|test)\.(data|parquet)$/.exec(file);
      if (m) names.add(m[1]);
    }
    if (names.size === 0)
      throw new InputError(
        `${path}: no NAME_train.data, NAME_valid.data or NAME_test.data (or NAME_SET.parquet) in this folder`,
      );
    if (names.size > 1) {
      const list = [...names].sort().map((n) => join(path, n));
      throw new InputError(`${path}: holds several datasets (${list.join(', ')}); name one of them`);
    }
    return { dir: path, name: [...names][0] };
  }
  const location = { dir: dirname(path), name: basename(path) };
  if (!SET_NAMES.some((set) => hasSet(location, set))) {
    throw new InputError(
      `${path}: not a dataset folder, and no ${basename(path)}_train.data (or _valid, _test) beside it`,
    );
  }
  return location;
}

/** Path of one file of the dataset, e.g. `data/perso_train.solution`. */
export function setPath(location: DatasetLocation, set: SetName, kind: 'data' | 'solution' | 'parquet'): string {
  return join(location.dir, `${location.name}_${set}.${kind}`);
}

function hasSet(location: DatasetLocation, set: SetName): boolean {
  return existsSync(setPath(location, set, 'data')) || existsSync(setPath(location, set, 'parquet'));
}

/** Sets whose `.data` (or `.parquet`) file exists. */
export function availableSets(location: DatasetLocation): SetName[] {
  return SET_NAMES.filter((set) => hasSet(location, set));
}

export interface ReadDatasetOptions {
  /** Sets to read; each must exist. */
  readonly sets: readonly SetName[];
  /** Use the binary .npy cache for large files (default true). */
  readonly cache?: boolean;
}

/** Reads the requested sets, checking that every set has the feature count of `_feat.name`. */
/** The files of a dataset a run may read: its sets (text or Parquet), labels, ids, names, info and audit. */
const DATASET_FILE =
  /^_(?:(?:train|valid|test)\.(?:data|solution|ids|parquet)|feat\.name|label\.name|public\.info|audit\.json)$/;

/**
 * Every file of the dataset a run may read is an input of it, never to be
 * written over; the .npy caches are the run's own to rewrite, and other
 * files beside it (an earlier run's NAME_SET.predict) are no input.
 */
export function registerDatasetFiles(location: DatasetLocation): void {
  for (const f of readdirSync(location.dir))
    if (f.startsWith(location.name) && DATASET_FILE.test(f.slice(location.name.length)))
      registerInput(join(location.dir, f));
}

export function readDataset(location: DatasetLocation, opts: ReadDatasetOptions): Dataset {
  registerDatasetFiles(location);
  const featureNames = readFeatureNames(location);
  const info = readPublicInfo(location);
  let nCols: number | undefined = featureNames?.length ?? (info.feat_num ? Number(info.feat_num) : undefined);
  if (nCols !== undefined && !(Number.isInteger(nCols) && nCols > 0)) nCols = undefined;
  const nColsFrom = featureNames ? `${location.name}_feat.name` : `${location.name}_public.info (feat_num)`;
  const splits: Partial<Record<SetName, DataSplit>> = {};
  for (const set of opts.sets) {
    const file = setPath(location, set, 'data');
    if (!existsSync(file))
      throw new InputError(
        `${file}: file not found (the dataset has ${availableSets(location).join(', ') || 'no sets'})`,
      );
    const X = loadWithNamedWidth(file, nCols, nColsFrom, opts.cache);
    nCols ??= X.nCols;
    const solution = setPath(location, set, 'solution');
    const y = existsSync(solution) ? readLabels(solution, X.nRows) : undefined;
    splits[set] = {
      setName: set,
      file,
      X,
      y,
      ids: readIds(join(location.dir, `${location.name}_${set}.ids`), X.nRows),
    };
  }
  const names = featureNames ?? Array.from({ length: nCols ?? 0 }, (_, j) => `feature${j}`);
  return { location, featureNames: names, namedColumns: featureNames !== undefined, info, splits };
}

/** loadMatrix; a row of the wrong length also names where the expected width came from. */
function loadWithNamedWidth(file: string, nCols: number | undefined, nColsFrom: string, cache: boolean | undefined) {
  try {
    return loadMatrix(file, { nCols, cache });
  } catch (err) {
    if (nCols !== undefined && err instanceof InputError && err.message.includes(`expected ${nCols} values`)) {
      throw new InputError(`${err.message} (${nCols} is the feature count of ${nColsFrom})`);
    }
    throw err;
  }
}

/** Row names, one per line, when the file exists; their count must be the set's row count. */
function readIds(path: string, nRows: number): string[] | undefined {
  if (!existsSync(path)) return undefined;
  const ids = readFileSync(path, 'utf8').split(/\r?\n/);
  if (ids.length > 0 && ids[ids.length - 1] === '') ids.pop();
  if (ids.length !== nRows) throw new InputError(`${path}: ${ids.length} row names, but the set has ${nRows} rows`);
  refuseRepeatedLines(path, ids, 'row name');
  return ids;
}

/** Names one a line must each stand once: a submission with two rows of one name is refused by its scorer. */
function refuseRepeatedLines(path: string, lines: readonly string[], what: string): void {
  const repeat = firstRepeat(lines);
  if (repeat)
    throw new InputError(
      `${path} lines ${repeat[0] + 1} and ${repeat[1] + 1}: the ${what} "${lines[repeat[1]]}" stands twice; each must be unique`,
    );
}

function readFeatureNames(location: DatasetLocation): string[] | undefined {
  const path = join(location.dir, `${location.name}_feat.name`);
  if (!existsSync(path)) return undefined;
  const names = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0) throw new InputError(`${path}: the file is empty (expected one feature name per line)`);
  refuseRepeatedLines(path, names, 'feature name');
  return names;
}

/** `key = value` lines; quotes around values removed. */
function readPublicInfo(location: DatasetLocation): Record<string, string> {
  const path = join(location.dir, `${location.name}_public.info`);
  if (!existsSync(path)) return {};
  const info: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][\w]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) info[m[1]] = m[2].replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
  }
  return info;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
