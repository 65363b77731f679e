// Input that once gave a wrong answer with exit 0 (issue 12): each is now
// refused naming the file, line and column, or read as it was meant.
import { describe, expect, it } from 'vitest';
import { readLabelCsv } from '../../src/pictures/image-labels.js';
import { readCsvTable } from '../../src/io/csv.js';
import { parseLabels } from '../../src/io/labels.js';
import { parseMatrixText } from '../../src/io/matrix-text.js';
import { InputError } from '../../src/util/errors.js';
import { tempFile } from '../helpers/temp-dir.js';

const text = (s: string) => new TextEncoder().encode(s);
const COLUMNS = { nameColumn: 'name', labelColumn: 'label' };

describe('CSV tables', () => {
  it('refuse a header naming a column twice (a second label column became a feature)', () => {
    const path = tempFile('t.csv', 'id,a,b,label,label\n1,0.5,2,1,0\n2,0.1,3,0,1\n');
    expect(() => readCsvTable(path)).toThrow(
      new InputError('t.csv line 1, columns 4 and 5: the header names "label" twice'),
    );
  });

  it('refuse an empty label cell (it was class 0), hex and words as numbers, and values beyond float32', () => {
    expect(() => readCsvTable(tempFile('t.csv', 'a,label\n1,1\n2,\n'))).toThrow(
      't.csv line 3, column 2 (label): "" is an empty label (expected 0 or 1)',
    );
    expect(() => readCsvTable(tempFile('t.csv', 'a,label\n1,1\n2,1e0\n'))).toThrow(
      't.csv line 3, column 2 (label): "1e0" is not a label',
    );
    expect(() => readCsvTable(tempFile('t.csv', 'a,label\n0x10,1\n'))).toThrow(
      't.csv line 2, column 1 (a): "0x10" is not a finite number',
    );
    expect(() => readCsvTable(tempFile('t.csv', 'a,label\nInfinity,1\n'))).toThrow('"Infinity" is not a finite number');
    expect(() => readCsvTable(tempFile('t.csv', 'a,label\n1,0\n3.4028236e38,1\n'))).toThrow(
      't.csv line 3, column 1 (a): "3.4028236e38" overflows float32',
    );
    const ok = readCsvTable(tempFile('t.csv', 'a,b,label\n-1.5e3,.25,1\n+2,3.,0\n'));
    expect(Array.from(ok.X.data)).toEqual([-1500, 0.25, 2, 3]);
    expect(Array.from(ok.y!)).toEqual([1, 0]);
  });
});

describe('picture label CSVs', () => {
  it('refuse empty labels and duplicate columns', () => {
    expect(() => readLabelCsv(tempFile('l.csv', 'name,label\na.png,1\nb.png,\n'), COLUMNS)).toThrow(
      'l.csv line 3, column 2: empty label',
    );
    expect(() => readLabelCsv(tempFile('l.csv', 'name,label,name\na.png,1,x\n'), COLUMNS)).toThrow(
      'l.csv line 1, columns 1 and 3: the header names "name" twice',
    );
  });

  it('with --positive, a value that is neither class is refused, listing the values (a typo was class 0)', () => {
    const path = tempFile('l.csv', 'name,label\na.png,real\nb.png,fake\nc.png,Real\nd.png,rael\n');
    expect(() => readLabelCsv(path, { ...COLUMNS, positive: ['real'] })).toThrow(
      'l.csv: label value(s) "Real", "fake", "rael" are neither --positive ("real") nor class 0 (--negative names the class-0 values); the file\'s values are "Real", "fake", "rael", "real"',
    );
    expect(() => readLabelCsv(path, { ...COLUMNS, positive: ['real'], negative: ['fake'] })).toThrow(
      'label value(s) "Real", "rael" are neither',
    );
    const ok = readLabelCsv(path, { ...COLUMNS, positive: ['real', 'Real'], negative: ['fake', 'rael'] });
    expect([...ok.entries()]).toEqual([
      ['a.png', 1],
      ['b.png', 0],
      ['c.png', 1],
      ['d.png', 0],
    ]);
    // two values: the one that is not --positive is class 0
    const two = readLabelCsv(tempFile('l.csv', 'name,label\na.png,genuine\nb.png,gan\n'), {
      ...COLUMNS,
      positive: ['genuine'],
    });
    expect([...two.values()]).toEqual([1, 0]);
    expect(() => readLabelCsv(tempFile('l.csv', 'name,label\na.png,yes\nb.png,no\n'), COLUMNS)).toThrow(
      'l.csv line 2, column 2: label "yes" is not 0 or 1',
    );
  });
});

describe('.solution files', () => {
  it('take 0/1 (also as floats, after a BOM, with CR-only line ends); refuse hex, exponents and empty lines', () => {
    expect(Array.from(parseLabels('\uFEFF1\r0.0\r1.000\r', 's'))).toEqual([1, 0, 1]);
    expect(() => parseLabels('1\n0x1\n', 's')).toThrow('s line 2: "0x1" is not a label (expected 0 or 1)');
    expect(() => parseLabels('1\n1e0\n', 's')).toThrow('s line 2: "1e0" is not a label');
  });
});

describe('.data matrices', () => {
  it('refuse values beyond float32 (they became Infinity), naming line and column', () => {
    expect(() => parseMatrixText(text('1 2\n3 1e39\n'), { fileName: 'x.data' })).toThrow(
      new InputError('x.data line 2, column 3: "1e39" overflows float32 (at most ±3.4028235e38)'),
    );
    expect(() => parseMatrixText(text('3.4028236e38 1\n'), { fileName: 'x.data' })).toThrow(
      'x.data line 1, column 1: "3.4028236e38" overflows float32',
    );
    expect(parseMatrixText(text('3.4028234e38 -3.4028234e38\n'), { fileName: 'x.data' }).data[0]).toBeCloseTo(
      3.4028234e38,
      -32,
    );
  });

  it('read CR-only line ends and a BOM; a lone CR inside a row splits it, named as a short row (it crashed)', () => {
    const m = parseMatrixText(text('\uFEFF1 2\r3 4\r5 6'), { fileName: 'x.data' });
    expect([m.nRows, m.nCols, ...m.data]).toEqual([3, 2, 1, 2, 3, 4, 5, 6]);
    expect(() => parseMatrixText(text('1 2 3\n4 5\r6\n7 8 9\n'), { fileName: 'x.data' })).toThrow(
      new InputError('x.data line 2: expected 3 values, got 2'),
    );
    expect(() => parseMatrixText(text('1 2\r\n3 4\r\r\n'), { fileName: 'x.data' })).not.toThrow();
  });
});

describe('messages', () => {
  it('escape control bytes from input files; keep line breaks and tabs', async () => {
    const { printable } = await import('../../src/cli/main.js');
    expect(printable('x.csv: "\u001b]8;;http://e\u0007click\u001b]8;;\u0007" is not a number\n  next\tline')).toBe(
      'x.csv: "\\x1b]8;;http://e\\x07click\\x1b]8;;\\x07" is not a number\n  next\tline',
    );
  });

  it('a one-class cv says so; a row of the wrong length names where the width came from', async () => {
    const { stratifiedFoldIds } = await import('../../src/cv/stratified-k-fold.js');
    expect(() => stratifiedFoldIds(new Uint8Array(10).fill(1), 5, 0)).toThrow(
      'every one of the 10 labels is 1: cross-validation (and ROC AUC) needs rows of both classes',
    );
    const { readDataset } = await import('../../src/io/automl.js');
    const { writeFileSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const dir = dirname(tempFile('perso_train.data', '1 2 3\n4 5 6\n'));
    writeFileSync(`${dir}/perso_feat.name`, 'a\nb\n');
    expect(() => readDataset({ dir, name: 'perso' }, { sets: ['train'] })).toThrow(
      'perso_train.data line 1: expected 2 values, got 3 (2 is the feature count of perso_feat.name)',
    );
  });
});

describe('one binary-label reading', () => {
  it('the four label readers agree: "1.0" and "0.000" are labels, "1e0", "0x1", "+1" and "" are not', async () => {
    const { binaryLabel } = await import('../../src/io/labels.js');
    expect(['0', '1', '1.0', '0.000', '1.'].map(binaryLabel)).toEqual([0, 1, 1, 0, 1]);
    expect(['1e0', '0x1', '+1', '', '2', 'true'].map(binaryLabel)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(Array.from(parseLabels('1.0\n0\n', 's'))).toEqual([1, 0]);
    expect(Array.from(readCsvTable(tempFile('t.csv', 'a,label\n1,1.0\n2,0.0\n')).y!)).toEqual([1, 0]);
    expect([...readLabelCsv(tempFile('l.csv', 'name,label\na.png,1.0\nb.png,0\n'), COLUMNS).values()]).toEqual([1, 0]);
    const { readScoredRows } = await import('../../src/metrics/score-files.js');
    const solution = tempFile('s.csv', 'name,label\na.png,1.0\nb.png,0\n');
    const prediction = tempFile('p.csv', 'name,pred\na.png,0.9\nb.png,0.2\n');
    expect(Array.from(readScoredRows(solution, prediction).labels)).toEqual([1, 0]);
  });
});
