import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMatrixText } from '../../src/io/matrix-text.js';
import { Rng } from '../../src/util/rng.js';
import { naiveParseMatrix } from '../helpers/naive.js';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string, nCols?: number) => parseMatrixText(enc(s), { fileName: 'perso_train.data', nCols });

describe('parseMatrixText', () => {
  it('reads the real PersoData sample exactly as parseFloat does', () => {
    const text = readFileSync(new URL('../../data/perso_train.data', import.meta.url), 'latin1');
    const m = parseMatrixText(enc(text), { fileName: 'perso_train.data' });
    expect([m.nRows, m.nCols]).toEqual([35, 200]);
    expect(m.data).toEqual(naiveParseMatrix(text).data);
    expect(m.data[0]).toBe(Math.fround(-9190.740746));
  });

  it('handles a tiny hand-written case', () => {
    const m = parse('1 2.5 -3\n4e2 -5E-1 +6.\n');
    expect([m.nRows, m.nCols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2.5, -3, 400, -0.5, 6]);
  });

  it('tolerates trailing spaces, tabs, CRLF, runs of blanks and trailing empty lines', () => {
    const m = parse('  1\t2  3 \r\n4 \t 5\t6\t\r\n\r\n\n');
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('agrees with parseFloat on seeded random values in many notations', () => {
    const rng = new Rng(11);
    const rows: string[] = [];
    for (let i = 0; i < 300; i++) {
      const cells: string[] = [];
      for (let j = 0; j < 7; j++) {
        const v = (rng.next() - 0.5) * 10 ** (rng.int(30) - 15);
        const notation = rng.int(5);
        cells.push(
          notation === 0
            ? v.toExponential(rng.int(17))
            : notation === 1
              ? v.toFixed(rng.int(12))
              : notation === 2
                ? v.toPrecision(1 + rng.int(20))
                : notation === 3
                  ? String(v)
                  : v.toExponential().toUpperCase(),
        );
      }
      rows.push(cells.join(' '));
    }
    const text = rows.join('\n');
    const expected = naiveParseMatrix(text);
    const got = parse(text);
    expect(got.nRows).toBe(300);
    expect(got.data).toEqual(expected.data);
  });

  it('uses the column count it is given and reports a ragged row', () => {
    expect(() => parse('1 2 3\n4 5\n', 3)).toThrow('perso_train.data line 2: expected 3 values, got 2');
    expect(() => parse('1 2 3\n4 5 6 7\n')).toThrow('perso_train.data line 2: expected 3 values, got 4');
    expect(() => parse('1 2\n', 200)).toThrow('perso_train.data line 1: expected 200 values, got 2');
  });

  it('names line and column of a token that is not a number', () => {
    expect(() => parse('1 2 3\n4 x5 6\n')).toThrow(
      'perso_train.data line 2, column 3: "x5" is not a number (value 2 of 3)',
    );
    expect(() => parse('1 2 3\n4 5 1.2.3\n')).toThrow('line 2, column 5: "1.2.3" is not a number');
    expect(() => parse('1 2 3\n4 5 1e\n')).toThrow('line 2, column 5: "1e" is not a number');
    expect(() => parse('1 2 3\n4 - 6\n')).toThrow('line 2, column 3: "-" is not a number');
    expect(() => parse('1,2,3\n')).toThrow('line 1, column 1: "1,2,3" is not a number');
  });

  it('refuses NaN and infinities, spelled out or overflowing', () => {
    expect(() => parse('1 NaN 3\n')).toThrow('line 1, column 3: "NaN" is not a finite number');
    expect(() => parse('1 -inf 3\n')).toThrow('"-inf" is not a finite number');
    expect(() => parse('1 2 1e400\n')).toThrow('line 1, column 5: "1e400" is not a finite number');
  });

  it('refuses an empty line inside the data and an empty file', () => {
    expect(() => parse('1 2\n\n3 4\n')).toThrow(
      'perso_train.data line 2: empty line inside the data (expected 2 values)',
    );
    expect(() => parse('')).toThrow('perso_train.data: the file holds no data rows');
    expect(() => parse('\n  \n')).toThrow('perso_train.data: the file holds no data rows');
  });
});
