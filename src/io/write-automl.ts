// Writes a feature dataset in the challenge's AutoML layout, the form every
// other command reads: NAME_SET.data (one row of values a line),
// NAME_SET.solution (one 0/1 label a line, when labels are known),
// NAME_SET.ids (the row's picture name a line), NAME_feat.name and
// NAME_public.info. All files are written as one unit (atomic-write.ts).
// With format 'parquet', one NAME_SET.parquet a set instead
// (parquet-dataset.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SetName } from './automl.js';
import { writeFilesAtomic } from './atomic-write.js';
import { parquetSetBytes } from './parquet-dataset.js';

export const DATASET_FORMATS = ['automl', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface FeatureSet {
  readonly setName: SetName;
  readonly names: readonly string[];
  readonly labels?: Uint8Array;
  /** nRows x nFeatures, row-major. */
  readonly values: Float32Array;
}

export interface FeatureDataset {
  readonly dir: string;
  readonly name: string;
  readonly featureNames: readonly string[];
  readonly sets: readonly FeatureSet[];
  /** Extra `key = value` lines for NAME_public.info. */
  readonly info?: Readonly<Record<string, string | number>>;
}

/** f32 values keep 7 significant digits, all an f32 holds, without trailing zeros. */
function formatValue(v: number): string {
  if (v === 0) return '0';
  const s = v.toPrecision(7);
  return s.includes('e') || !s.includes('.') ? s : s.replace(/\.?0+$/, '');
}

export function formatRows(values: Float32Array, nCols: number): string {
  const nRows = values.length / nCols;
  const lines = new Array<string>(nRows);
  const row = new Array<string>(nCols);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) row[c] = formatValue(values[r * nCols + c]);
    lines[r] = row.join(' ');
  }
  return lines.join('\n') + '\n';
}

/** A file of the AutoML dataset `name` (and the .npy cache of its matrices). */
function isDatasetFile(file: string, name: string): boolean {
  if (!file.startsWith(`${name}_`)) return false;
  const rest = file.slice(name.length + 1);
  return (
    /^(train|valid|test)\.(data|solution|ids|data\.npy|parquet)$/.test(rest) ||
    /^(feat|label)\.name$/.test(rest) ||
    rest === 'public.info' ||
    rest === 'audit.json'
  );
}

/**
 * Files of dataset `name` in `dir` that a write of `written` would not replace:
 * an earlier run's other sets, labels or caches, which would no longer match
 * the new features. writeFeatureDataset removes them in the same unit (with
 * --force) so a folder never mixes two runs.
 */
export function staleDatasetFiles(dir: string, name: string, written: readonly string[]): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const keep = new Set(written.map((p) => p.slice(dir.length).replace(/^[\\/]+/, '')));
  return files.filter((f) => isDatasetFile(f, name) && !keep.has(f)).map((f) => join(dir, f));
}

/** The files a write of `ds` produces, in order. */
export function datasetFilePaths(
  ds: Pick<FeatureDataset, 'dir' | 'name'> & { sets: ReadonlyArray<{ setName: SetName; labels?: unknown }> },
  format: DatasetFormat = 'automl',
): string[] {
  const path = (suffix: string) => join(ds.dir, `${ds.name}_${suffix}`);
  if (format === 'parquet') return ds.sets.map((set) => path(`${set.setName}.parquet`));
  const paths = ds.sets.flatMap((set) => [
    path(`${set.setName}.data`),
    ...(set.labels ? [path(`${set.setName}.solution`)] : []),
    path(`${set.setName}.ids`),
  ]);
  return [...paths, path('feat.name'), path('public.info')];
}

/** The paths written, in order; an earlier run's other files of the dataset are removed (see staleDatasetFiles). */
export async function writeFeatureDataset(
  ds: FeatureDataset,
  opts: {
    force?: boolean;
    alsoWrite?: ReadonlyArray<{ path: string; contents: string }>;
    format?: DatasetFormat;
  } = {},
): Promise<string[]> {
  const files: Array<{ path: string; contents: string | Uint8Array }> =
    opts.format === 'parquet' ? await parquetFiles(ds) : automlFiles(ds);
  const paths = files.map((f) => f.path);
  // alsoWrite (pca's --save) joins the same unit: all of the run's files, or none
  writeFilesAtomic([...files, ...(opts.alsoWrite ?? [])], {
    force: opts.force,
    remove: staleDatasetFiles(ds.dir, ds.name, paths),
  });
  return paths;
}

async function parquetFiles(ds: FeatureDataset): Promise<Array<{ path: string; contents: Uint8Array }>> {
  const files: Array<{ path: string; contents: Uint8Array }> = [];
  for (const set of ds.sets)
    files.push({
      path: join(ds.dir, `${ds.name}_${set.setName}.parquet`),
      contents: await parquetSetBytes({ ...set, featureNames: ds.featureNames }, 'persodata'),
    });
  return files;
}

function automlFiles(ds: FeatureDataset): Array<{ path: string; contents: string }> {
  const nCols = ds.featureNames.length;
  const path = (suffix: string) => join(ds.dir, `${ds.name}_${suffix}`);
  const files: Array<{ path: string; contents: string }> = [];
  const counts: Record<string, number> = { train_num: 0, valid_num: 0, test_num: 0 };
  for (const set of ds.sets) {
    counts[`${set.setName}_num`] = set.names.length;
    files.push({ path: path(`${set.setName}.data`), contents: formatRows(set.values, nCols) });
    if (set.labels)
      files.push({ path: path(`${set.setName}.solution`), contents: Array.from(set.labels).join('\n') + '\n' });
    files.push({ path: path(`${set.setName}.ids`), contents: set.names.join('\n') + '\n' });
  }
  files.push({ path: path('feat.name'), contents: ds.featureNames.join('\n') + '\n' });
  const info: Record<string, string | number> = {
    usage: 'persodata pca features',
    name: ds.name,
    task: 'binary.classification',
    target_type: 'Binary',
    feat_type: 'Numerical',
    metric: 'auc_metric',
    feat_num: nCols,
    target_num: 1,
    label_num: 2,
    ...counts,
    has_categorical: 0,
    has_missing: 0,
    is_sparse: 0,
    ...ds.info,
  };
  files.push({
    path: path('public.info'),
    contents:
      Object.entries(info)
        .map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`)
        .join('\n') + '\n',
  });
  return files;
}
