// Files past 2 GiB (a 1.3-million-row .data file is 3 GB): read in pieces
// into one buffer, and lines counted piece by piece (Buffer.indexOf takes
// 32-bit offsets). Both are exercised here with tiny pieces on small files,
// every piece boundary falling somewhere else in a line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWholeFile } from '../../src/io/file-errors.js';
import { parseMatrixText } from '../../src/io/matrix-text.js';
import { tempDir } from '../helpers/temp-dir.js';

const rows = Array.from({ length: 50 }, (_, r) => `${r} ${-r / 4} ${r * 1e3}`);

describe('large files', () => {
  it('reads a file in pieces into the same bytes as one read', () => {
    const path = join(tempDir(), 'x.data');
    writeFileSync(path, rows.join('\n') + '\n');
    for (const piece of [1, 7, 64, 4096]) expect(readWholeFile(path, piece).equals(readFileSync(path))).toBe(true);
  });

  it('counts lines piece by piece, wherever a piece ends (LF, CRLF and lone CR line ends)', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const bytes = new TextEncoder().encode(rows.join(end) + end);
      const whole = parseMatrixText(bytes, { fileName: 'x.data' });
      for (const piece of [1, 2, 3, 5, 17, 100]) {
        const m = parseMatrixText(bytes, { fileName: 'x.data', pieceBytes: piece });
        expect(m.nRows).toBe(50);
        expect(m.data).toEqual(whole.data);
      }
    }
  });
});
