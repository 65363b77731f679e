// Every output file goes through here: written whole to a temporary file in the
// same folder, then renamed over the target, so an interrupted run leaves
// either the old file or the new one, never half of one. Existing targets are
// refused unless the caller says `force`.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputExistsError } from '../util/errors.js';

const pendingTemps = new Set<string>();

/** Removes every temporary file still pending (used on interrupt). */
export function removePendingTempFiles(): void {
  for (const path of pendingTemps) rmSync(path, { force: true });
  pendingTemps.clear();
}

/** Throws OutputExistsError when `path` exists and `force` is not set. */
export function refuseExisting(path: string, force: boolean): void {
  if (!force && existsSync(path)) {
    throw new OutputExistsError(`${path} already exists; pass --force to overwrite it`);
  }
}

/** Writes `contents` to `path` atomically; see writeFilesAtomic. */
export function writeFileAtomic(path: string, contents: string | Uint8Array, opts: { force?: boolean } = {}): void {
  writeFilesAtomic([{ path, contents }], opts);
}

/**
 * Writes several files as one unit: each goes to a temp file in its target's
 * folder (so the rename never crosses file systems), all are refused up front
 * if any exists, and all temp files are written before the first rename, so a
 * failure while writing leaves no new file behind. Creates missing folders.
 */
export function writeFilesAtomic(files: ReadonlyArray<{ path: string; contents: string | Uint8Array }>, opts: { force?: boolean } = {}): void {
  for (const f of files) refuseExisting(f.path, opts.force ?? false);
  const temps: string[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const temp = join(dirname(f.path), `.${basename(f.path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
      pendingTemps.add(temp);
      temps.push(temp);
      writeFileSync(temp, f.contents);
    }
    files.forEach((f, i) => renameSync(temps[i], f.path));
  } finally {
    for (const t of temps) {
      rmSync(t, { force: true });
      pendingTemps.delete(t);
    }
  }
}
