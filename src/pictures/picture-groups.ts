// Each picture's group for cv's group folds (a source, a generator, a
// folder): from a CSV of (name, group) rows, or from the picture's folder.
import { columnAt, readCsvRecords, refuseDuplicateColumns } from '../io/csv.js';
import { InputError, UsageError } from '../util/errors.js';

/** Groups of `names` (paths relative to the picture folder) from a CSV; every name needs one. */
export function groupsFromCsv(
  path: string,
  names: readonly string[],
  nameColumn: string,
  groupColumn: string,
): string[] {
  const { fileName, records } = readCsvRecords(path, { what: 'groups', ragged: true });
  if (records.length < 2) throw new InputError(`${fileName}: expected a header row and at least one row of groups`);
  const header = records[0].record;
  refuseDuplicateColumns(header, fileName);
  const nameAt = columnAt(header, nameColumn, fileName, '--name-column');
  const groupAt = columnAt(header, groupColumn, fileName, '--group-column');
  const groupOf = new Map<string, string>();
  for (const { record, info } of records.slice(1)) {
    const name = (record[nameAt] ?? '').replace(/\\/g, '/').replace(/^\.\//, '');
    const group = record[groupAt] ?? '';
    if (name === '') throw new InputError(`${fileName} line ${info.lines}, column ${nameAt + 1}: empty image name`);
    if (group === '') throw new InputError(`${fileName} line ${info.lines}, column ${groupAt + 1}: empty group`);
    if (groupOf.has(name)) throw new InputError(`${fileName} line ${info.lines}: "${name}" is grouped twice`);
    groupOf.set(name, group);
  }
  const missing = names.filter((n) => !groupOf.has(n));
  if (missing.length > 0)
    throw new InputError(
      `${fileName}: no group for ${missing.length} picture(s), e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  return names.map((n) => groupOf.get(n)!);
}

/**
 * Each picture's folder as its group; with labels from class folders
 * (real/, fake/ first), the folder below the class folder: real/srcA/1.jpg
 * and fake/srcA/2.jpg are both in srcA.
 */
export function groupsFromFolders(names: readonly string[], classFolders: boolean): string[] {
  const groups = names.map((name) => {
    const parts = name.split('/');
    return parts.slice(classFolders ? 1 : 0, -1).join('/');
  });
  if (new Set(groups).size < 2)
    throw new UsageError(
      `--group-by-folder: every picture is in the same folder${classFolders ? ' below its class folder' : ''} ("${groups[0]}"); put each source in its own folder (${classFolders ? 'real/SOURCE/..., fake/SOURCE/...' : 'SOURCE/...'}) or name groups with --groups`,
    );
  return groups;
}
