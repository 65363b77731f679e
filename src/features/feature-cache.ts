// The feature cache: what a picture gave for one kind (and its thumbnail for
// the PCA), kept so that every later command asking the same of the same
// bytes reads it instead of decoding again. An entry's key is the file's
// content (SHA-256 of its bytes, never its name or date), how it was decoded
// (pixel limit, re-encoding, the processing drawn for it), the package
// version and the part (a kind with its parameter, or the thumbnail's size).
// Each value carries a checksum of its bytes: an entry whose length or
// checksum is wrong is computed again and replaced, never used.
//
// The store is LMDB (lmdb-js): an embedded, crash-safe key-value store that
// several worker threads and processes read and write at once, with
// prebuilt binaries shipped in npm packages (it installs with no compiler and
// nothing but the npm registry). better-sqlite3 was the other candidate; it
// builds from source where its download of a prebuilt binary is refused.
//
// Only the main thread opens the store (the features workers never load it):
// it reads and hashes each file, reads back what is held, and sends the
// workers only the pictures to compute. lmdb is imported when a cache is
// first opened, so a command that uses none never loads it.
//
// A second table keeps each picture's last use and its bytes; when a run ends
// with more than the cap held, the least recently used pictures are removed
// until 80% of the cap is left. LMDB reuses the freed pages; its file does
// not shrink (delete the folder to give the disk back).
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { InputError } from '../util/errors.js';
import { VERSION } from '../util/version.js';

/** Where the cache is and how much it may hold (the CLI's --cache and --cache-size). */
export interface FeatureCacheSettings {
  readonly dir: string;
  readonly maxBytes: number;
}

/** Bumped when an entry's layout changes: older entries are then never read. */
const FORMAT = 1;
const CHECK_BYTES = 8;
const FILE_NAME = 'features.lmdb';
/** What trimming leaves of the cap, so that every run does not trim again. */
const TRIM_TO = 0.8;

export interface FeatureCache {
  /** The key of a picture's bytes as decoded by `decoding` (a JSON-able description). */
  pictureKey(bytes: Uint8Array, decoding: unknown): string;
  /** The part's bytes when held whole (their length `byteLength`, their checksum right), else undefined. */
  get(pictureKey: string, part: string, byteLength: number): Uint8Array | undefined;
  /**
   * Stores parts of one picture and notes its use (`added`: parts written
   * now, possibly none). Never rejects: a failure to store is its message.
   */
  keep(pictureKey: string, added: ReadonlyArray<{ part: string; bytes: Uint8Array }>): Promise<string | undefined>;
}

interface Opened extends FeatureCache {
  readonly root: RootDatabase<Buffer, string>;
  readonly used: Database<Buffer, string>;
}

/** One store a folder per process (LMDB must not be opened twice in one process): the promise is kept. */
const opened = new Map<string, Promise<Opened>>();

function checksum(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, CHECK_BYTES);
}

/**
 * Opens (once per folder) the cache in `dir`, creating the folder; rejects
 * when it cannot. A file there that is not LMDB's is moved aside (`onWarning`
 * says so) and a new cache started: LMDB maps its file and trusts its
 * structure, so a damaged one would crash the process.
 */
export async function openFeatureCache(dir: string, onWarning?: (message: string) => void): Promise<FeatureCache> {
  return openStore(dir, onWarning);
}

/** LMDB's meta pages start with this magic number, 24 bytes in (after the page header). */
const LMDB_MAGIC = 0xbeefc0de;
const MAGIC_AT = 24;

/** Moves `path` aside when it is not an LMDB data file (an empty file is a new one). */
function setAsideIfDamaged(path: string, onWarning?: (message: string) => void): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // none yet
  }
  if (size === 0) return;
  const head = Buffer.alloc(MAGIC_AT + 4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size >= head.length && head.readUInt32LE(MAGIC_AT) === LMDB_MAGIC) return;
  setAside(path, 'is not an LMDB file (damaged?)', onWarning);
}

function setAside(path: string, why: string, onWarning?: (message: string) => void): void {
  const aside = `${path}.damaged-${Date.now()}`;
  renameSync(path, aside);
  rmSync(`${path}-lock`, { force: true });
  onWarning?.(`${path} ${why}: moved to ${aside}, and a new cache started`);
}

/** The name's start of a mark of use: each process that opens the store leaves one while it runs. */
const IN_USE = `${FILE_NAME}.in-use-`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A process that died while it had the store open left its mark: LMDB aborts
 * the process on some damage (an assertion in its C code, no error to
 * catch), and every later run would die the same way. Such a store is set
 * aside; so, at worst, is a sound one whose user was killed (kill -9).
 */
/** The marks of use in `dir` of other processes: file, pid and whether that process still runs. */
function othersMarks(dir: string): Array<{ f: string; pid: number; running: boolean }> {
  return readdirSync(dir)
    .filter((f) => f.startsWith(IN_USE))
    .map((f) => ({ f, pid: Number(f.slice(IN_USE.length)) }))
    .filter(({ pid }) => Number.isSafeInteger(pid) && pid !== process.pid)
    .map((m) => ({ ...m, running: alive(m.pid) }));
}

function setAsideIfLeftByTheDead(dir: string, path: string, onWarning?: (message: string) => void): void {
  const dead = othersMarks(dir).filter((m) => !m.running);
  if (dead.length === 0) return;
  for (const { f } of dead) rmSync(join(dir, f), { force: true });
  if (statSync(path, { throwIfNoEntry: false }))
    setAside(
      path,
      `was open in a process that ended without closing it (pid ${dead[0].pid}; damage LMDB cannot report kills the process)`,
      onWarning,
    );
}

/**
 * Removes the cache's own files from `dir` (the store, its lock, stores set
 * aside, marks of use): regular files only, nothing else in the folder.
 * Refuses while another process has the store open. Returns the bytes freed.
 */
export function clearFeatureCache(dir: string): { files: number; bytes: number } {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { files: 0, bytes: 0 };
  const users = othersMarks(dir)
    .filter((m) => m.running)
    .map((m) => m.pid);
  if (users.length > 0)
    throw new InputError(
      `${dir}: the feature cache is in use by another persodata run (pid ${users.join(', ')}); clear it once that run ends`,
    );
  const gone = { files: 0, bytes: 0 };
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(FILE_NAME)) continue;
    const path = join(dir, f);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    rmSync(path);
    gone.files++;
    gone.bytes += st.size;
  }
  return gone;
}

/** Whether `dir` holds a cache store. */
export function hasFeatureCache(dir: string): boolean {
  return statSync(join(dir, FILE_NAME), { throwIfNoEntry: false })?.isFile() === true;
}

function markInUse(dir: string): void {
  const marker = join(dir, `${IN_USE}${process.pid}`);
  writeFileSync(marker, '');
  process.on('exit', () => rmSync(marker, { force: true }));
}

/** What LMDB says of a file whose structure it finds broken when opening it. */
const DAMAGED = /MDB_CORRUPTED|MDB_INVALID|MDB_PAGE_NOTFOUND/;

function openStore(dir: string, onWarning?: (message: string) => void): Promise<Opened> {
  let store = opened.get(dir);
  if (!store) {
    store = openNew(dir, onWarning);
    opened.set(dir, store);
    store.catch(() => opened.delete(dir));
  }
  return store;
}

async function openNew(dir: string, onWarning?: (message: string) => void): Promise<Opened> {
  const { open } = await import('lmdb');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, FILE_NAME);
  setAsideIfLeftByTheDead(dir, path, onWarning);
  setAsideIfDamaged(path, onWarning);
  markInUse(dir);
  const openBoth = () => {
    const root = open<Buffer, string>({ path, encoding: 'binary', maxDbs: 2, compression: false });
    return { root, used: root.openDB<Buffer, string>({ name: 'used', encoding: 'binary' }) };
  };
  let both: ReturnType<typeof openBoth>;
  try {
    both = openBoth();
  } catch (err) {
    // a valid header over broken pages: set aside once, as above, and start again
    if (!DAMAGED.test((err as Error).message)) throw err;
    setAside(path, `is damaged (${(err as Error).message})`, onWarning);
    both = openBoth();
  }
  const { root, used } = both;
  const namespace = `${FORMAT}:${VERSION}`;
  const store: Opened = {
    root,
    used,
    pictureKey(bytes, decoding) {
      const content = createHash('sha256').update(bytes).digest('hex');
      const how = createHash('sha256')
        .update(`${namespace}\n${JSON.stringify(decoding)}`)
        .digest('hex')
        .slice(0, 16);
      return `${content}.${how}`;
    },
    get(pictureKey, part, byteLength) {
      let value: Buffer | undefined;
      try {
        value = root.getBinary(`${pictureKey}/${part}`);
      } catch {
        return undefined; // a store that cannot be read is a miss: the part is computed
      }
      if (!value || value.length !== byteLength + CHECK_BYTES) return undefined;
      const bytes = value.subarray(0, byteLength);
      return checksum(bytes).equals(value.subarray(byteLength)) ? bytes : undefined;
    },
    async keep(pictureKey, added) {
      try {
        const before = used.getBinary(pictureKey);
        let bytes = before && before.length === 8 ? before.readUInt32LE(4) : 0;
        const writes: Array<Promise<boolean>> = [];
        for (const { part, bytes: b } of added) {
          writes.push(root.put(`${pictureKey}/${part}`, Buffer.concat([b, checksum(b)])));
          bytes += b.length + CHECK_BYTES;
        }
        const note = Buffer.alloc(8);
        note.writeUInt32LE(Math.floor(Date.now() / 1000), 0);
        note.writeUInt32LE(Math.min(bytes, 0xffffffff), 4);
        writes.push(used.put(pictureKey, note));
        await Promise.all(writes);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
  return store;
}

/** What the cache holds (by its use table): pictures and bytes; and the size of its file. */
export async function cacheContents(dir: string): Promise<{ pictures: number; bytes: number; fileBytes: number }> {
  const { used } = await openStore(dir);
  let pictures = 0;
  let bytes = 0;
  for (const { value } of used.getRange()) {
    pictures++;
    bytes += value.length === 8 ? value.readUInt32LE(4) : 0;
  }
  return { pictures, bytes, fileBytes: statSync(join(dir, FILE_NAME)).size };
}

/**
 * When the cache holds more than `maxBytes`, removes the least recently used
 * pictures (every part of each) until it holds at most 80% of it.
 * Returns how many pictures and bytes went.
 */
export async function trimFeatureCache(settings: FeatureCacheSettings): Promise<{ pictures: number; bytes: number }> {
  const { root, used } = await openStore(settings.dir);
  const entries: Array<{ key: string; time: number; bytes: number }> = [];
  let total = 0;
  for (const { key, value } of used.getRange()) {
    const ok = value.length === 8;
    const e = { key, time: ok ? value.readUInt32LE(0) : 0, bytes: ok ? value.readUInt32LE(4) : 0 };
    entries.push(e);
    total += e.bytes;
  }
  if (total <= settings.maxBytes) return { pictures: 0, bytes: 0 };
  entries.sort((a, b) => a.time - b.time || (a.key < b.key ? -1 : 1));
  const goal = settings.maxBytes * TRIM_TO;
  const gone = { pictures: 0, bytes: 0 };
  await root.transaction(() => {
    for (const e of entries) {
      if (total <= goal) break;
      for (const key of root.getKeys({ start: `${e.key}/`, end: `${e.key}0` })) root.removeSync(key);
      used.removeSync(e.key);
      total -= e.bytes;
      gone.pictures++;
      gone.bytes += e.bytes;
    }
  });
  return gone;
}
