// Every output file goes through here: written whole to a temporary file in the
// same folder, then renamed over the target, so an interrupted run leaves
// either the old file or the new one, never half of one. Existing targets are
// refused unless the caller says `force`; the files this run reads are never
// written over, force or not (file-errors.ts registers them).
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError, OutputExistsError } from '../util/errors.js';
import { declareOutput, fsErrorReason, isErrnoError, isInputOfThisRun } from './file-errors.js';

const pendingTemps = new Set<string>();

/** Removes every temporary file still pending (used on interrupt). */
export function removePendingTempFiles(): void {
  for (const path of pendingTemps) rmSync(path, { force: true });
  pendingTemps.clear();
}

/**
 * Checks, before any work, that `path` can be written: refused when it exists
 * and `force` is not set (OutputExistsError), when it is a folder, when a
 * part of its path is a file, or when the nearest existing folder is not
 * writable (OutputError).
 */
export function refuseExisting(path: string, force: boolean): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new OutputError(`${path}: is a folder, not a file`);
  // a device or FIFO is never renamed over (as root, --out /dev/null --force would replace /dev/null)
  if (st && !st.isFile())
    throw new OutputError(
      `${path}: is not a regular file (a device, FIFO or socket); persodata writes only regular files, even with --force`,
    );
  if (st && !force) throw new OutputExistsError(`${path} already exists; pass --force to overwrite it`);
  declareOutput(path);
  let dir = dirname(resolve(path));
  for (;;) {
    const parent = statSync(dir, { throwIfNoEntry: false });
    if (parent) {
      if (!parent.isDirectory()) throw new OutputError(`${path}: a part of the path is a file, not a folder (${dir})`);
      try {
        accessSync(dir, constants.W_OK | constants.X_OK);
      } catch (err) {
        throw new OutputError(
          `${path}: cannot write in ${dir}: ${isErrnoError(err) ? fsErrorReason(err) : String(err)}`,
        );
      }
      return;
    }
    if (dirname(dir) === dir) return;
    dir = dirname(dir);
  }
}

/**
 * Creates `dir` and its missing parents one level at a time, stopping at the
 * first error; returns the first folder created, if any. Node 20's recursive
 * mkdir loops for ever under /proc (`--out /proc/x/m.json` hung at 100% CPU).
 */
function makeFolders(dir: string, file: string): string | undefined {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      throw new OutputError(
        `${file}: cannot create the folder ${d}: ${isErrnoError(err) ? fsErrorReason(err) : String(err)}`,
      );
    }
  }
  return missing[0];
}

/** Writes `contents` to `path` atomically; see writeFilesAtomic. */
export function writeFileAtomic(path: string, contents: string | Uint8Array, opts: { force?: boolean } = {}): void {
  writeFilesAtomic([{ path, contents }], opts);
}

export interface WriteGroupOptions {
  readonly force?: boolean;
  /** Files to remove as part of the same unit (an earlier run's leftovers); needs `force`. */
  readonly remove?: readonly string[];
}

function sideName(path: string, kind: string): string {
  return join(dirname(path), `.${basename(path)}.${kind}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}

/**
 * Writes several files as one unit, all or nothing:
 *   1. every target is checked up front (refuseExisting, and never a file
 *      this run read), before anything is written;
 *   2. each file goes to a temp file in its target's folder (a rename never
 *      crosses file systems);
 *   3. existing targets and the `remove` files are moved aside to backups,
 *      then the temp files renamed into place;
 *   4. on any failure in 2-3 the new files are removed, the backups moved
 *      back and the folders this write created removed; on success the
 *      backups are deleted.
 * Creates missing folders.
 */
export function writeFilesAtomic(
  files: ReadonlyArray<{ path: string; contents: string | Uint8Array }>,
  opts: WriteGroupOptions = {},
): void {
  const force = opts.force ?? false;
  const remove = (opts.remove ?? []).filter((p) => existsSync(p));
  for (const f of files) {
    if (isInputOfThisRun(f.path))
      throw new OutputError(`${f.path}: is an input of this run; refusing to write over it, even with --force`);
    refuseExisting(f.path, force);
  }
  for (const p of remove) {
    if (isInputOfThisRun(p)) throw new OutputError(`${p}: is an input of this run; refusing to remove it`);
    if (!force)
      throw new OutputExistsError(
        `${p} is left from an earlier run and would no longer match; pass --force to replace it`,
      );
  }
  const temps: string[] = [];
  const backups: Array<{ path: string; backup: string }> = [];
  const placed: string[] = [];
  const createdFolders: string[] = [];
  let current = '';
  try {
    for (const f of files) {
      current = f.path;
      // the first folder this creates (undefined when all existed): removed again if the write fails
      const created = makeFolders(dirname(f.path), f.path);
      if (created !== undefined) createdFolders.push(created);
      const temp = sideName(f.path, 'tmp');
      pendingTemps.add(temp);
      temps.push(temp);
      writeFileSync(temp, f.contents);
    }
    current = '';
    for (const path of [...files.map((f) => f.path), ...remove]) {
      if (!existsSync(path)) continue;
      const backup = sideName(path, 'bak');
      // not in pendingTemps: an interrupt between these renames leaves the old file under its hidden name, never lost
      renameSync(path, backup);
      backups.push({ path, backup });
    }
    files.forEach((f, i) => {
      renameSync(temps[i], f.path);
      placed.push(f.path);
    });
  } catch (err) {
    for (const p of placed) rmSync(p, { force: true });
    for (const { path, backup } of backups.reverse()) renameSync(backup, path);
    for (const t of temps) rmSync(t, { force: true });
    // folders made for this write hold nothing of the user's: a failed write leaves none behind
    for (const folder of createdFolders.reverse()) rmSync(folder, { recursive: true, force: true });
    // a full disk or a read-only file system while writing: name the file meant, not its temp file
    if (current && isErrnoError(err)) throw new OutputError(`${current}: ${fsErrorReason(err)}`);
    throw err;
  } finally {
    for (const t of temps) {
      rmSync(t, { force: true });
      pendingTemps.delete(t);
    }
  }
  for (const { backup } of backups) rmSync(backup, { force: true });
}
