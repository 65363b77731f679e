// What a failed file-system call means to a user: one phrase per errno
// ("permission denied", "is a folder, not a file"), and the readers every
// input goes through, so that no read failure is reported as a missing file.
// Printing is cli/main.ts's; it also turns stray errno errors into these words.
import { constants } from 'node:buffer';
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { InputError, OutputError, type PersodataError } from '../util/errors.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'too many levels of symbolic links (a link loop?)',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder not empty',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EXDEV: 'cannot move across file systems',
  EBUSY: 'busy',
};

/** An errno error from node:fs (it carries a string `code` such as 'EACCES'). */
export function isErrnoError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!)
  );
}

/** The phrase for an errno error: 'permission denied'; an unknown code keeps node's own text. */
export function fsErrorReason(err: NodeJS.ErrnoException): string {
  return REASONS[err.code ?? ''] ?? `${err.code}: ${err.message.replace(/^E[A-Z]+: /, '')}`;
}

/** `PATH: permission denied`, for errors that reach cli/main.ts unwrapped. */
export function describeFsError(err: NodeJS.ErrnoException): string {
  const path = err.path ?? (err as { dest?: string }).dest;
  return path ? `${path}: ${fsErrorReason(err)}` : fsErrorReason(err);
}

/**
 * Real paths (links resolved) of every file read through here: outputs never
 * write over them (atomic-write.ts). Paths, not inode numbers: a deleted
 * input's inode may be reused by a new file.
 */
const inputsOfThisRun = new Set<string>();

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The outputs this run declared before its work (refuseExisting), by their real path where they exist. */
const outputsOfThisRun = new Map<string, string>();

/**
 * Declares a file this run will write; existing files only (a new one
 * cannot be an input). An input registered afterwards that is one of them
 * stops the run there, before the work: inputs are registered as they are
 * listed or opened.
 */
export function declareOutput(path: string): void {
  const real = realPath(path);
  if (real === undefined) return;
  if (inputsOfThisRun.has(real)) throw inputOverwriteError(path);
  outputsOfThisRun.set(real, path);
}

function inputOverwriteError(path: string): OutputError {
  return new OutputError(`${path}: is an input of this run; refusing to write over it, even with --force`);
}

/** Registers a file this run reads (pictures, a dataset's files, side files) as never to be written over. */
export function registerInput(path: string): void {
  const real = realPath(path);
  if (real) registerRealInput(real);
}

/** registerInput for a path already known to be real (no links in it): a listing of thousands of pictures. */
export function registerRealInput(real: string): void {
  const output = outputsOfThisRun.get(real);
  if (output !== undefined) throw inputOverwriteError(output);
  inputsOfThisRun.add(real);
}

/** Whether `path` is (a link to) a file this process has read as input. */
export function isInputOfThisRun(path: string): boolean {
  const real = realPath(path);
  return real !== undefined && inputsOfThisRun.has(real);
}

type ErrorClass = new (message: string) => PersodataError;

export interface ReadInputOptions {
  /** Names the file in the missing-file message: 'labels' gives 'labels file not found'. */
  readonly what?: string;
  /** The error thrown (InputError by default; model files use ModelFileError). */
  readonly error?: ErrorClass;
}

/** Wraps a failed fs call on `path` as the caller's error class, with the reason in words. */
export function inputFileError(path: string, err: unknown, opts: ReadInputOptions = {}): Error {
  if (!isErrnoError(err)) return err as Error;
  const ErrorType = opts.error ?? InputError;
  const reason = err.code === 'ENOENT' && opts.what ? `${opts.what} file not found` : fsErrorReason(err);
  return new ErrorType(`${path}: ${reason}`);
}

/** Reads a whole input file; any failure becomes `PATH: reason` (exit 2). */
export function readInputFile(path: string, encoding: BufferEncoding, opts?: ReadInputOptions): string;
export function readInputFile(path: string, encoding?: undefined, opts?: ReadInputOptions): Buffer;
export function readInputFile(path: string, encoding?: BufferEncoding, opts: ReadInputOptions = {}): string | Buffer {
  try {
    const contents = encoding ? readFileSync(path, encoding) : readWholeFile(path);
    registerInput(path);
    return contents;
  } catch (err) {
    throw inputFileError(path, err, opts);
  }
}

/** Reads done in pieces of this many bytes: one read call takes at most 2 GiB. */
const READ_PIECE = 1 << 30;

/**
 * A file's bytes, also past readFileSync's 2 GiB (a 1.3-million-row .data
 * file is 3 GB): up to a Buffer's largest size (4 GiB on Node 20), read in
 * pieces into one Buffer. A larger file is an InputError naming both sizes.
 * `pieceBytes` is for tests (pieces on a small file).
 */
export function readWholeFile(path: string, pieceBytes = READ_PIECE): Buffer {
  const size = statSync(path).size;
  if (size < pieceBytes) return readFileSync(path);
  if (size > constants.MAX_LENGTH)
    throw new InputError(
      `${path}: ${(size / 1024 ** 3).toFixed(1)} GiB, more than one read here can hold (${(constants.MAX_LENGTH / 1024 ** 3).toFixed(1)} GiB); split the rows over several files`,
    );
  const out = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    let at = 0;
    while (at < size) {
      const got = readSync(fd, out, at, Math.min(pieceBytes, size - at), at);
      if (got === 0) break;
      at += got;
    }
    return at === size ? out : out.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** Stats an input that must not be a folder (in nanoseconds and bigints: the matrix cache stamps with them). */
export function statInputFile(path: string, opts: ReadInputOptions = {}): BigIntStats {
  let st: BigIntStats;
  try {
    st = statSync(path, { bigint: true });
  } catch (err) {
    throw inputFileError(path, err, opts);
  }
  if (st.isDirectory()) throw new (opts.error ?? InputError)(`${path}: ${REASONS.EISDIR}`);
  registerInput(path);
  return st;
}

/** Opens an input file for reading (a folder is refused: Linux opens one and fails on read). */
export function openInputFile(path: string, opts: ReadInputOptions = {}): number {
  statInputFile(path, opts);
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw inputFileError(path, err, opts);
  }
}
