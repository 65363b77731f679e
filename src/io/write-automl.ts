// Writes a feature dataset in the challenge's AutoML layout, the form every
// other command reads: NAME_SET.data (one row of values a line),
// NAME_SET.solution (one 0/1 label a line, when labels are known),
// NAME_SET.ids (the row's picture name a line), NAME_feat.name and
// NAME_public.info. All files are written as one unit (atomic-write.ts).
import { join } from 'node:path';
import type { SetName } from './automl.js';
import { writeFilesAtomic } from './atomic-write.js';

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

/** The paths written, in order. */
export function writeFeatureDataset(ds: FeatureDataset, opts: { force?: boolean } = {}): string[] {
  const nCols = ds.featureNames.length;
  const path = (suffix: string) => join(ds.dir, `${ds.name}_${suffix}`);
  const files: Array<{ path: string; contents: string }> = [];
  const counts: Record<string, number> = { train_num: 0, valid_num: 0, test_num: 0 };
  for (const set of ds.sets) {
    counts[`${set.setName}_num`] = set.names.length;
    files.push({ path: path(`${set.setName}.data`), contents: formatRows(set.values, nCols) });
    if (set.labels) files.push({ path: path(`${set.setName}.solution`), contents: Array.from(set.labels).join('\n') + '\n' });
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
  files.push({ path: path('public.info'), contents: Object.entries(info).map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`).join('\n') + '\n' });
  writeFilesAtomic(files, opts);
  return files.map((f) => f.path);
}
