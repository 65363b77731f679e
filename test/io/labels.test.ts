import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabels, readLabels } from '../../src/io/labels.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('labels', () => {
  it('reads the real sample solution', () => {
    const y = readLabels(new URL('../../data/perso_train.solution', import.meta.url).pathname, 35);
    expect(y.length).toBe(35);
    expect(Array.from(y.subarray(0, 5))).toEqual([1, 0, 1, 1, 1]);
  });

  it('accepts integers, floats, CRLF, blanks and one-hot pairs', () => {
    expect(Array.from(parseLabels('0\r\n1.0 \r\n 0.000\n\n', 's'))).toEqual([0, 1, 0]);
    expect(Array.from(parseLabels('1 0\n0 1\n', 's'))).toEqual([0, 1]);
  });

  it('refuses other labels with file and line', () => {
    expect(() => parseLabels('0\n2\n', 'perso_train.solution')).toThrow(
      'perso_train.solution line 2: "2" is not a label (expected 0 or 1)',
    );
    expect(() => parseLabels('0\n-1\n', 's')).toThrow('s line 2: "-1" is not a label');
    expect(() => parseLabels('1 1\n', 's')).toThrow('s line 1: expected a one-hot pair');
    expect(() => parseLabels('0\n\n1\n', 's')).toThrow('s line 2: expected one label (0 or 1), got ""');
    expect(() => parseLabels('\n', 's')).toThrow('s: the file holds no labels');
  });

  it('checks the count against the data rows', () => {
    const path = join(tempDir(), 'perso_train.solution');
    writeFileSync(path, '0\n1\n');
    expect(() => readLabels(path, 3)).toThrow('perso_train.solution: 2 labels for 3 data rows');
  });
});
