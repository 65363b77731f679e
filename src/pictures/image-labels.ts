// Labels for image folders: from a CSV of (name, label) rows, names being
// paths relative to the image folder, or from class subfolders
// (`real/`, `fake/` -> 1, 0, anything else unlabelled; or the folders named
// by --positive -> 1, the rest -> 0). Label 1 means real, as in the challenge.
import { columnAt, readCsvRecords, refuseDuplicateColumns } from '../io/csv.js';
import { binaryLabel } from '../io/labels.js';
import { InputError, UsageError } from '../util/errors.js';

export interface CsvLabelOptions {
  readonly nameColumn: string;
  readonly labelColumn: string;
  /** Label values meaning class 1, for text labels; 0/1 labels need none. */
  readonly positive?: readonly string[];
  /** Label values meaning class 0; without it, the one value that is not `positive`. */
  readonly negative?: readonly string[];
}

/** Label of each name in the CSV; errors name the file, line and column. */
export function readLabelCsv(path: string, opts: CsvLabelOptions): Map<string, number> {
  const { fileName, records } = readCsvRecords(path, { what: 'labels', ragged: true });
  if (records.length < 2) throw new InputError(`${fileName}: expected a header row and at least one row of labels`);
  const header = records[0].record;
  refuseDuplicateColumns(header, fileName);
  const nameAt = columnAt(header, opts.nameColumn, fileName, '--name-column');
  const labelAt = columnAt(header, opts.labelColumn, fileName, '--label-column');
  const rows = records.slice(1);
  const empty = rows.find((r) => (r.record[labelAt] ?? '') === '');
  if (empty) throw new InputError(`${fileName} line ${empty.info.lines}, column ${labelAt + 1}: empty label`);
  const classOf = labelClasses(rows, labelAt, opts, fileName);
  const labels = new Map<string, number>();
  for (const { record, info } of rows) {
    const name = (record[nameAt] ?? '').replace(/\\/g, '/').replace(/^\.\//, '');
    if (name === '') throw new InputError(`${fileName} line ${info.lines}, column ${nameAt + 1}: empty image name`);
    if (labels.has(name)) throw new InputError(`${fileName} line ${info.lines}: "${name}" is labelled twice`);
    const value = record[labelAt] ?? '';
    labels.set(name, classOf.get(value)!);
  }
  return labels;
}

/**
 * Class of each label value: 0/1 as they are; `real`/`fake` when those are
 * the only values; otherwise `positive` values are 1 and the `negative` ones
 * (or, without --negative, the one remaining value) are 0. Any other value is
 * refused, listing the values, so that a typo never becomes class 0.
 */
function labelClasses(
  rows: ReadonlyArray<{ record: string[]; info: { lines: number } }>,
  labelAt: number,
  opts: CsvLabelOptions,
  fileName: string,
): Map<string, number> {
  const distinct = [...new Set(rows.map((r) => r.record[labelAt]))].sort();
  const shown = (list: readonly string[]) => list.map((v) => JSON.stringify(v)).join(', ');
  const positive = new Set(opts.positive ?? []);
  if (positive.size === 0) {
    if (distinct.every((v) => v === 'real' || v === 'fake'))
      return new Map([
        ['real', 1],
        ['fake', 0],
      ]);
    const bad = rows.find((r) => binaryLabel(r.record[labelAt]) === undefined);
    if (bad)
      throw new InputError(
        `${fileName} line ${bad.info.lines}, column ${labelAt + 1}: label "${bad.record[labelAt]}" is not 0 or 1 (for text labels, --positive names the class-1 values)`,
      );
    return new Map(distinct.map((v) => [v, binaryLabel(v)!]));
  }
  const others = distinct.filter((v) => !positive.has(v));
  const negative = new Set(opts.negative ?? (others.length <= 1 ? others : []));
  const unknown = others.filter((v) => !negative.has(v));
  if (unknown.length > 0) {
    const hint = opts.negative ? `--negative is ${shown([...negative])}` : '--negative names the class-0 values';
    throw new InputError(
      `${fileName}: label value(s) ${shown(unknown.slice(0, 8))} are neither --positive (${shown([...positive])}) nor class 0 (${hint}); the file's values are ${shown(distinct.slice(0, 12))}`,
    );
  }
  const both = [...positive].filter((v) => negative.has(v));
  if (both.length > 0) throw new UsageError(`--positive and --negative both name ${shown(both)}`);
  return new Map(distinct.map((v) => [v, positive.has(v) ? 1 : 0]));
}

/**
 * Labels from each name's first folder: 1 (real), 0 (fake) or -1 (in
 * neither: unlabelled), or undefined when no name sits in real/ or fake/.
 * With `positive`, those folders are class 1 and every other folder class 0,
 * and every name must sit in some folder.
 */
export function labelsFromFolders(names: readonly string[], positive?: readonly string[]): Int8Array | undefined {
  const folderOf = (name: string) => (name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined);
  const folders = new Set(names.map(folderOf));
  if (positive && positive.length > 0) {
    if (folders.has(undefined)) {
      const loose = names.find((n) => folderOf(n) === undefined)!;
      throw new UsageError(`--positive names class folders, but "${loose}" is in no folder`);
    }
    const missing = positive.filter((p) => !folders.has(p));
    if (missing.length > 0)
      throw new UsageError(
        `--positive ${missing.join(',')}: no such folder (the folders are ${[...folders].sort().join(', ')})`,
      );
    return Int8Array.from(names, (n) => (positive.includes(folderOf(n)!) ? 1 : 0));
  }
  if (!folders.has('real') && !folders.has('fake')) return undefined;
  return Int8Array.from(names, (n) => (folderOf(n) === 'real' ? 1 : folderOf(n) === 'fake' ? 0 : -1));
}

/** Each name's label from the CSV map; every name must have one. */
export function labelsFromMap(
  names: readonly string[],
  labels: ReadonlyMap<string, number>,
  csvName: string,
  folder: string,
): Uint8Array {
  const missing = names.filter((n) => !labels.has(n));
  if (missing.length > 0) {
    throw new InputError(
      `${csvName}: no label for ${missing.length} image(s) of ${folder}, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  }
  return Uint8Array.from(names, (n) => labels.get(n)!);
}
