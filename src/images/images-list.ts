// A list of pictures to predict, as the IEEE VIP Cup hands it to an entry
// (`main.py input.csv output.csv`): a CSV of picture paths, one a row,
// header-less or under a `path` header (other columns are left alone),
// relative to the CSV's own folder unless absolute. Rows keep their order;
// every file must exist, and a missing one is named with its line.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { readCsvRecords } from '../io/csv.js';
import { InputError } from '../util/errors.js';

export interface ImagesList {
  /** Each row's path as written in the CSV: the name the submission gives it. */
  readonly names: string[];
  /** The files, resolved against the CSV's folder. */
  readonly paths: string[];
}

export function readImagesList(csvPath: string): ImagesList {
  const { fileName, records } = readCsvRecords(csvPath, { what: 'picture list', ragged: true });
  const pathAt = records.length > 0 ? records[0].record.findIndex((c) => c.toLowerCase() === 'path') : -1;
  const rows = pathAt >= 0 ? records.slice(1) : records;
  const column = Math.max(pathAt, 0);
  if (rows.length === 0) throw new InputError(`${fileName}: lists no pictures`);
  const base = dirname(resolve(csvPath));
  const names: string[] = [];
  const paths: string[] = [];
  for (const { record, info } of rows) {
    const name = record[column] ?? '';
    const where = `${fileName} line ${info.lines}, column ${column + 1}`;
    if (name === '') throw new InputError(`${where}: empty picture path`);
    const path = isAbsolute(name) ? name : resolve(base, name);
    if (!existsSync(path)) throw new InputError(`${where}: ${name}: no such file (paths are relative to ${base})`);
    if (!statSync(path).isFile()) throw new InputError(`${where}: ${name} is not a file`);
    names.push(name);
    paths.push(path);
  }
  return { names, paths };
}
