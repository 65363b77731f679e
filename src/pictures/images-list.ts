// A list of pictures to predict, as the IEEE VIP Cup hands it to an entry
// (`main.py input.csv output.csv`): a CSV of picture paths, one a row,
// relative to the CSV's own folder unless absolute. The path column is taken
// by name (--path-column; else the first of `path`, `filename`, `file`,
// `name` in the header), or the list is header-less with one path a row.
// Rows keep their order; every file must exist, and a missing one is named
// with its line and column.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { readCsvRecords } from '../io/csv.js';
import { registerInput } from '../io/file-errors.js';
import { InputError } from '../util/errors.js';
import { escapeControlBytes } from '../util/text.js';

/** Header names taken as the path column when --path-column is not given, in this order. */
export const PATH_COLUMNS = ['path', 'filename', 'file', 'name'] as const;

export interface ImagesList {
  /** Each row's path as written in the CSV: the name the submission gives it. */
  readonly names: string[];
  /** The files, resolved against the CSV's folder. */
  readonly paths: string[];
  /** Each row's line in the CSV. */
  readonly lines: number[];
  /** The header's name of the path column; undefined for a header-less list. */
  readonly column?: string;
}

/** Where the paths are: a header's column, or column 1 of a header-less list. */
function pathColumn(
  fileName: string,
  first: readonly string[],
  base: string,
  asked: string | undefined,
): { at: number; header?: string } {
  const lower = first.map((c) => c.toLowerCase());
  if (asked !== undefined) {
    const at = first.indexOf(asked) >= 0 ? first.indexOf(asked) : lower.indexOf(asked.toLowerCase());
    if (at < 0)
      throw new InputError(
        `${fileName} line 1: no column named "${asked}" (--path-column); the header is ${first.map((c) => `"${c}"`).join(',')}`,
      );
    return { at, header: first[at] };
  }
  for (const name of PATH_COLUMNS) {
    const at = lower.indexOf(name);
    if (at >= 0) return { at, header: first[at] };
  }
  // header-less: the first row is a picture already
  const cell = first[0] ?? '';
  if (cell !== '' && existsSync(isAbsolute(cell) ? cell : resolve(base, cell))) return { at: 0 };
  throw new InputError(
    `${fileName} line 1, column 1: "${cell}" is neither a picture file nor a known column name (${PATH_COLUMNS.join(', ')}): name the column of paths with --path-column`,
  );
}

export function readImagesList(csvPath: string, opts: { column?: string } = {}): ImagesList {
  const { fileName, records } = readCsvRecords(csvPath, { what: 'picture list', ragged: true });
  if (records.length === 0) throw new InputError(`${fileName}: lists no pictures`);
  const base = dirname(resolve(csvPath));
  const { at: column, header } = pathColumn(fileName, records[0].record, base, opts.column);
  const rows = header !== undefined ? records.slice(1) : records;
  if (rows.length === 0) throw new InputError(`${fileName}: lists no pictures (only the header "${header}")`);
  const names: string[] = [];
  const paths: string[] = [];
  const lines: number[] = [];
  for (const { record, info } of rows) {
    const name = record[column] ?? '';
    const where = `${fileName} line ${info.lines}, column ${column + 1}`;
    if (name === '') throw new InputError(`${where}: empty picture path`);
    // as a folder's pictures: a name is one line of an answer file
    if (escapeControlBytes(name) !== name)
      throw new InputError(`${where}: ${escapeControlBytes(name)}: the path holds a line break or control character`);
    const path = isAbsolute(name) ? name : resolve(base, name);
    if (!existsSync(path)) throw new InputError(`${where}: ${name}: no such file (paths are relative to ${base})`);
    if (!statSync(path).isFile()) throw new InputError(`${where}: ${name} is not a file`);
    registerInput(path); // read by this run: never an output of it
    names.push(name);
    paths.push(path);
    lines.push(info.lines);
  }
  return { names, paths, lines, column: header };
}
