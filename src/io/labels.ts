// Reads AutoML `.solution` files: one binary label per line (0 or 1, written
// as an integer or a float), or two one-hot columns per line as the AutoML
// kit writes for two-class tasks. The matrix files are matrix-text.ts's.
import { basename } from 'node:path';
import { InputError } from '../util/errors.js';
import { readInputFile } from './file-errors.js';

/** Parses labels; errors name the file and line. */
export function parseLabels(text: string, fileName: string): Uint8Array {
  const lines = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').split(/\r?\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new InputError(`${fileName}: the file holds no labels`);
  const labels = new Uint8Array(lines.length);
  lines.forEach((raw, i) => {
    const tokens = raw.trim().split(/[ \t]+/);
    const where = `${fileName} line ${i + 1}`;
    if (tokens.length === 1 && tokens[0] !== '') {
      labels[i] = binary(tokens[0], where);
    } else if (tokens.length === 2) {
      const pair = [binary(tokens[0], where), binary(tokens[1], where)];
      if (pair[0] + pair[1] !== 1)
        throw new InputError(`${where}: expected a one-hot pair ("1 0" or "0 1"), got "${raw.trim()}"`);
      labels[i] = pair[1];
    } else {
      throw new InputError(`${where}: expected one label (0 or 1), got "${raw.trim()}"`);
    }
  });
  return labels;
}

/** Reads a `.solution` file, checking its length against the data's row count. */
export function readLabels(path: string, expectedRows?: number): Uint8Array {
  const fileName = basename(path);
  const text = readInputFile(path, 'latin1');
  const labels = parseLabels(text, fileName);
  if (expectedRows !== undefined && labels.length !== expectedRows) {
    throw new InputError(`${fileName}: ${labels.length} labels for ${expectedRows} data rows`);
  }
  return labels;
}

/**
 * The one reading of a binary label every reader shares (.solution files, CSV
 * label columns, picture label CSVs, score's solutions): `0`, `1`, or the
 * same written as a float (`1.0`, `0.000`); not `0x1`, `1e0`, `+1` or empty.
 */
export function binaryLabel(token: string): 0 | 1 | undefined {
  return /^[01](\.0*)?$/.test(token) ? (token[0] === '1' ? 1 : 0) : undefined;
}

function binary(token: string, where: string): 0 | 1 {
  const label = binaryLabel(token);
  if (label !== undefined) return label;
  throw new InputError(`${where}: "${token}" is not a label (expected 0 or 1)`);
}
