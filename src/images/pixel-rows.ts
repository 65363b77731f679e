// Raw-pixel AutoML files (the challenge's raw track): one picture a line,
// S x S x 3 integers 0..255 separated by spaces, in the order of
// `pixel_ROW_COL_CHANNEL` feature names (row-major, channels R G B last).
// Read line by line, never whole: 65856 pictures of 128x128x3 are 13 GB of
// text. The feature matrices of other datasets are matrix-text.ts's.
import { closeSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { inputFileError, openInputFile } from '../io/file-errors.js';
import { InputError } from '../util/errors.js';

/**
 * Reads `path` in 4 MB chunks, handing each to `onChunk(chunk, n)` (n bytes
 * valid) until the end, or until onChunk returns true; returns whether it
 * stopped early. The one loop every reader here shares.
 */
function scanFile(path: string, onChunk: (chunk: Buffer, n: number) => boolean | void): boolean {
  const fd = openInputFile(path);
  const chunk = Buffer.allocUnsafe(1 << 22);
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        throw inputFileError(path, err);
      }
      if (n === 0) return false;
      if (onChunk(chunk, n) === true) return true;
    }
  } finally {
    closeSync(fd);
  }
}

/** Number of values on the first line of `path`, reading only as far as that line's end. */
export function firstLineValueCount(path: string): number {
  let count = 0;
  let inValue = false;
  scanFile(path, (chunk, n) => {
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (c === 10) return true;
      const blank = c === 32 || c === 9 || c === 13;
      if (blank && inValue) count++;
      inValue = !blank;
    }
  });
  return count + (inValue ? 1 : 0);
}

/** Lines of a text file (a last line without a newline counts; blank lines do not). */
export function countLines(path: string): number {
  let lines = 0;
  let lineHasText = false;
  scanFile(path, (chunk, n) => {
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (c === 10) {
        if (lineHasText) lines++;
        lineHasText = false;
      } else if (c !== 13 && c !== 32 && c !== 9) lineHasText = true;
    }
  });
  return lines + (lineHasText ? 1 : 0);
}

/** Side S of S x S x 3 pictures from a value count; throws when the count is not of that form. */
export function pictureSide(nValues: number, where: string): number {
  const side = Math.round(Math.sqrt(nValues / 3));
  if (side < 1 || side * side * 3 !== nValues)
    throw new InputError(`${where}: ${nValues} values a row is not S x S x 3 pixels`);
  return side;
}

/** Checks `pixel_ROW_COL_CHANNEL` names (when the dataset has them) against row-major RGB order; returns the side S. */
export function checkPixelNames(names: readonly string[], where: string): number {
  const side = pictureSide(names.length, where);
  const channels = ['R', 'G', 'B'];
  for (const i of [0, 1, 2, 3, names.length - 1]) {
    if (i >= names.length) continue;
    const p = Math.floor(i / 3);
    const expected = `pixel_${Math.floor(p / side)}_${p % side}_${channels[i % 3]}`;
    if (names[i] !== expected)
      throw new InputError(
        `${where} line ${i + 1}: expected feature "${expected}" (pixel_ROW_COL_CHANNEL, row-major, RGB), got "${names[i]}"`,
      );
  }
  return side;
}

/**
 * Calls `onRow(index, pixels)` for each line index in `wanted` (ascending,
 * 0-based), with that line's nValues bytes; stops after the last wanted
 * line. Returns the number of lines in the file when it read to the end.
 * Errors name the file, line and column (1-based value position).
 */
export function readPixelRows(
  path: string,
  nValues: number,
  wanted: readonly number[],
  onRow: (index: number, pixels: Uint8Array) => void,
): number | undefined {
  const fileName = basename(path);
  const pixels = new Uint8Array(nValues);
  let next = 0; // position in wanted
  let line = 0; // 0-based index of the line being read
  let col = 0; // values so far on this line
  let value = -1; // digits so far of the current value, -1 between values
  let lineHasText = false;
  const endLine = () => {
    if (value >= 0) pushValue();
    if (lineHasText) {
      if (next < wanted.length && wanted[next] === line) {
        if (col !== nValues)
          throw new InputError(`${fileName} line ${line + 1}: expected ${nValues} pixel values, got ${col}`);
        onRow(line, pixels);
        next++;
      } else if (col !== nValues) {
        throw new InputError(`${fileName} line ${line + 1}: expected ${nValues} pixel values, got ${col}`);
      }
      line++;
    }
    col = 0;
    lineHasText = false;
  };
  const pushValue = () => {
    if (value > 255)
      throw new InputError(`${fileName} line ${line + 1}, column ${col + 1}: pixel value ${value} is above 255`);
    if (col < nValues) pixels[col] = value;
    col++;
    value = -1;
  };
  const stopped = scanFile(path, (chunk, n) => {
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (c >= 48 && c <= 57) {
        value = value < 0 ? c - 48 : value * 10 + (c - 48);
        lineHasText = true;
      } else if (c === 32 || c === 9 || c === 13) {
        if (value >= 0) pushValue();
      } else if (c === 10) {
        endLine();
        if (next >= wanted.length) return true;
      } else if (c === 46 && value >= 0) {
        // "12.0": accept an integral decimal
        let j = i + 1;
        while (j < n && chunk[j] === 48) j++;
        if (j < n && chunk[j] >= 49 && chunk[j] <= 57)
          throw new InputError(`${fileName} line ${line + 1}, column ${col + 1}: pixel values must be integers 0..255`);
        i = j - 1;
      } else {
        const shown = String.fromCharCode(c);
        throw new InputError(
          `${fileName} line ${line + 1}, column ${col + 1}: "${shown}" where a pixel value 0..255 was expected`,
        );
      }
    }
  });
  if (stopped) return undefined;
  endLine();
  if (next < wanted.length)
    throw new InputError(`${fileName}: has ${line} rows, row ${wanted[next] + 1} was asked for`);
  return line;
}
