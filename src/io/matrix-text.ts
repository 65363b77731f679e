// Parses the AutoML `.data` text matrix (one row per line, values separated by
// spaces or tabs) straight from the file's bytes into a DenseMatrix. File
// handling, caching and dataset layout are left to automl.ts / matrix-cache.ts.
//
// Written by hand because nothing off the shelf is fast enough: csv-parse
// needs 9.5 s for the 150 MB training file (it builds a string per field);
// this scan touches each byte once and builds no strings on the common path.
import { InputError } from '../util/errors.js';
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';

const SPACE = 0x20,
  TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d;
const PLUS = 0x2b,
  MINUS = 0x2d,
  DOT = 0x2e,
  ZERO = 0x30,
  NINE = 0x39,
  E_LOWER = 0x65,
  E_UPPER = 0x45;

/** The largest piece of text one Buffer.indexOf searches (its offsets are 32-bit integers). */
const INDEX_PIECE = 1 << 30;

/** Exact powers of ten: every 10^k for k <= 22 is a double without rounding. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

export interface ParseMatrixOptions {
  /** Name used in error messages, e.g. `perso_train.data`. */
  readonly fileName: string;
  /** Expected values per row; when absent the first row decides. */
  readonly nCols?: number;
  /** Tests only: the piece size of the line count (default 1 GiB), to cross piece boundaries on small text. */
  readonly pieceBytes?: number;
}

/**
 * Parses `bytes` into a row-major float32 matrix. Accepts spaces and tabs
 * (any run of them) between values, leading/trailing blanks, CRLF line ends,
 * CR-only line ends (a lone CR ends a line everywhere, in the count as in the
 * parse), a UTF-8 byte-order mark, signs, decimals and exponents; trailing
 * empty lines are ignored.
 * Throws InputError naming file, line and column for: a ragged row, a token
 * that is not a number, NaN or infinite values, a value beyond float32's range,
 * an empty line inside the data, and a file with no rows.
 */
export function parseMatrixText(bytes: Uint8Array, opts: ParseMatrixOptions): DenseMatrix {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3); // UTF-8 BOM
  const n = bytes.length;
  const nRowsMax = countLines(bytes, opts.pieceBytes ?? INDEX_PIECE);
  const nCols = opts.nCols ?? countFirstRowValues(bytes, opts.fileName);
  if (nRowsMax === 0 || nCols === 0) throw new InputError(`${opts.fileName}: the file holds no data rows`);
  const out = new Float32Array(nRowsMax * nCols);

  let pos = 0;
  let row = 0;
  let line = 0;
  let pendingEmpty = 0; // empty lines seen but not yet known to be trailing
  while (pos < n) {
    line++;
    const lineStart = pos;
    let col = 0;
    const rowBase = row * nCols;
    // one line
    for (;;) {
      let c = bytes[pos];
      while (c === SPACE || c === TAB) c = bytes[++pos];
      if (pos >= n || c === LF || c === CR) break;
      const tokenStart = pos;
      // --- number: [sign] digits [. digits] [(e|E) [sign] digits]
      let negative = false;
      if (c === MINUS || c === PLUS) {
        negative = c === MINUS;
        c = bytes[++pos];
      }
      let mantissa = 0;
      let digits = 0; // significant digits accumulated into mantissa (15 fit a double exactly)
      let truncated = false; // a digit did not fit: the fast path would be inexact
      let scale = 0; // power of ten applied to mantissa
      let sawDigit = false;
      while (c >= ZERO && c <= NINE) {
        sawDigit = true;
        if (digits < 15) {
          mantissa = mantissa * 10 + (c - ZERO);
          if (mantissa !== 0) digits++;
        } else truncated = true;
        c = bytes[++pos];
      }
      if (c === DOT) {
        c = bytes[++pos];
        while (c >= ZERO && c <= NINE) {
          sawDigit = true;
          if (digits < 15) {
            mantissa = mantissa * 10 + (c - ZERO);
            scale--;
            if (mantissa !== 0) digits++;
          } else truncated = true;
          c = bytes[++pos];
        }
      }
      if (sawDigit && (c === E_LOWER || c === E_UPPER)) {
        c = bytes[++pos];
        let expNegative = false;
        if (c === MINUS || c === PLUS) {
          expNegative = c === MINUS;
          c = bytes[++pos];
        }
        let exp = 0;
        let expDigits = 0;
        while (c >= ZERO && c <= NINE) {
          if (exp < 100000) exp = exp * 10 + (c - ZERO);
          expDigits++;
          c = bytes[++pos];
        }
        if (expDigits === 0) sawDigit = false;
        scale += expNegative ? -exp : exp;
      }
      if (!sawDigit || !(pos >= n || c === SPACE || c === TAB || c === LF || c === CR)) {
        while (pos < n && !(c === SPACE || c === TAB || c === LF || c === CR)) c = bytes[++pos];
        throw badToken(bytes, opts.fileName, line, lineStart, tokenStart, pos, col, nCols);
      }
      let value: number;
      // Clinger's fast path: an exact mantissa times or divided by an exact
      // power of ten is correctly rounded. Anything else goes to parseFloat.
      if (!truncated && scale >= -22 && scale <= 22) {
        value = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
        if (negative) value = -value;
      } else {
        // (only this path can leave float32's range: the fast one stays below 1e15 * 1e22)
        value = Number.parseFloat(latin1(bytes, tokenStart, pos));
        if (!Number.isFinite(value)) throw notFinite(bytes, opts.fileName, line, lineStart, tokenStart, pos);
        if (!Number.isFinite(Math.fround(value))) {
          throw tokenError(
            bytes,
            opts.fileName,
            line,
            lineStart,
            tokenStart,
            pos,
            'overflows float32 (at most ±3.4028235e38)',
          );
        }
      }
      if (col < nCols) out[rowBase + col] = value;
      col++;
    }
    // end of line: pos at LF, CR or end of bytes
    if (bytes[pos] === CR) pos++;
    if (bytes[pos] === LF) pos++;
    if (col === 0) {
      pendingEmpty++;
      continue;
    }
    if (pendingEmpty > 0) {
      throw new InputError(
        `${opts.fileName} line ${line - pendingEmpty}: empty line inside the data (expected ${nCols} values)`,
      );
    }
    if (col !== nCols) {
      throw new InputError(`${opts.fileName} line ${line}: expected ${nCols} values, got ${col}`);
    }
    row++;
  }
  if (row === 0) throw new InputError(`${opts.fileName}: the file holds no data rows`);
  return denseMatrix(row, nCols, row === nRowsMax ? out : out.slice(0, row * nCols));
}

/**
 * Number of lines, counting a last line without a newline and a lone CR (not
 * followed by LF) as a line end, as the parser does; native indexOf keeps it
 * fast, and files without a lone CR pay one extra indexOf pass for CR.
 */
function countLines(bytes: Uint8Array, pieceBytes: number): number {
  const countEnds = (byte: number, counts: (at: number) => boolean): { count: number; last: number } => {
    let count = 0;
    let last = -1;
    // Buffer.indexOf takes its start as a 32-bit integer: past 2 GiB the text is searched a piece at a time
    for (let base = 0; base < bytes.length; base += pieceBytes) {
      const piece = Buffer.from(bytes.buffer, bytes.byteOffset + base, Math.min(pieceBytes, bytes.length - base));
      for (let pos = 0; ;) {
        const next = piece.indexOf(byte, pos);
        if (next < 0) break;
        if (counts(base + next)) {
          count++;
          last = Math.max(last, base + next);
        }
        pos = next + 1;
      }
    }
    return { count, last };
  };
  const lf = countEnds(LF, () => true);
  const cr = countEnds(CR, (at) => bytes[at + 1] !== LF);
  const lastEnd = Math.max(lf.last, cr.last);
  return lf.count + cr.count + (lastEnd < bytes.length - 1 ? 1 : 0);
}

/** Values on the first non-empty line (whitespace-separated tokens). */
function countFirstRowValues(bytes: Uint8Array, fileName: string): number {
  let pos = 0;
  const n = bytes.length;
  while (pos < n && (bytes[pos] === LF || bytes[pos] === CR || bytes[pos] === SPACE || bytes[pos] === TAB)) pos++;
  if (pos >= n) throw new InputError(`${fileName}: the file holds no data rows`);
  let count = 0;
  let inToken = false;
  for (; pos < n && bytes[pos] !== LF && bytes[pos] !== CR; pos++) {
    const blank = bytes[pos] === SPACE || bytes[pos] === TAB;
    if (!blank && !inToken) count++;
    inToken = !blank;
  }
  return count;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

function badToken(
  bytes: Uint8Array,
  fileName: string,
  line: number,
  lineStart: number,
  start: number,
  end: number,
  valueIdx: number,
  nCols: number,
): InputError {
  const shown = Math.min(end, start + 40);
  if (/^[+-]?(nan|inf|infinity)$/i.test(latin1(bytes, start, shown)))
    return notFinite(bytes, fileName, line, lineStart, start, end);
  return tokenError(
    bytes,
    fileName,
    line,
    lineStart,
    start,
    shown,
    `is not a number (value ${valueIdx + 1} of ${nCols})`,
  );
}

/** `FILE line L, column C: "TOKEN" WHAT`, the column counted from the line's start. */
function tokenError(
  bytes: Uint8Array,
  fileName: string,
  line: number,
  lineStart: number,
  start: number,
  end: number,
  what: string,
): InputError {
  return new InputError(
    `${fileName} line ${line}, column ${start - lineStart + 1}: "${latin1(bytes, start, end)}" ${what}`,
  );
}

function notFinite(
  bytes: Uint8Array,
  fileName: string,
  line: number,
  lineStart: number,
  start: number,
  end: number,
): InputError {
  return tokenError(
    bytes,
    fileName,
    line,
    lineStart,
    start,
    end,
    'is not a finite number (NaN and infinities are not allowed)',
  );
}
