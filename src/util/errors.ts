// Error types thrown by library code. Only cli/main.ts prints them and turns
// them into exit codes; everything else throws and lets the caller decide.

/** Stable process exit codes; documented in the README and docs/COMMANDS.md. */
export const EXIT_CODES = Object.freeze({
  ok: 0,
  failure: 1, // an unexpected error (a bug, or the system failed under us)
  badInput: 2, // bad flags, bad data, bad model file, refused overwrite
  warned: 3, // a check warned and --strict asked for a failing exit (audit)
  checkFailed: 1, // export --check: the other engine's probabilities differ from ours (nothing written)
  interrupted: 130, // SIGINT
  terminated: 143, // SIGTERM (128 + 15), as a shell reports it
});

export type ErrorCode =
  'E_USAGE' | 'E_INPUT' | 'E_MODEL' | 'E_EXISTS' | 'E_OUTPUT' | 'E_DEGENERATE' | 'E_WARNED' | 'E_CHECK';

/** Base class: `code` names the kind of failure, the message says what, the value and where. */
export class PersodataError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A flag or option value out of range: `--folds=1: expected an integer >= 2`. */
export class UsageError extends PersodataError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** A data file that cannot be read as promised: names file, line and column. */
export class InputError extends PersodataError {
  constructor(message: string) {
    super('E_INPUT', message);
  }
}

/** A model file that is not ours, of another version, or damaged. */
export class ModelFileError extends PersodataError {
  constructor(message: string) {
    super('E_MODEL', message);
  }
}

/** An output that would overwrite an existing file without --force. */
export class OutputExistsError extends PersodataError {
  constructor(message: string) {
    super('E_EXISTS', message);
  }
}

/** An output that cannot be written there: a folder in its place, an unwritable folder, an input of the run. */
export class OutputError extends PersodataError {
  constructor(message: string) {
    super('E_OUTPUT', message);
  }
}

/** Data that admits no meaningful fit or score: one class, too few rows for the folds. */
export class DegenerateDataError extends PersodataError {
  constructor(message: string) {
    super('E_DEGENERATE', message);
  }
}

/** A warning, already printed, that --strict turns into exit code 3 (no further message). */
export class StrictWarningError extends PersodataError {
  constructor(message: string) {
    super('E_WARNED', message);
  }
}

/** export --check: the exported model, run by the other engine, disagrees with ours (exit code 1). */
export class ExportCheckError extends PersodataError {
  constructor(message: string) {
    super('E_CHECK', message);
  }
}
