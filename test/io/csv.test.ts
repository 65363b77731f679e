import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../src/io/csv.js';
import { tempFile } from '../helpers/temp-dir.js';

function csv(text: string): string {
  return tempFile('faces.csv', text);
}

describe('CSV tables', () => {
  it('reads features, labels and ids by header name', () => {
    const t = readCsvTable(csv('id,a,label,b\nimg1,1.5,1,2\r\nimg2, -3 ,0,4e1\n'));
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(Array.from(t.X.data)).toEqual([1.5, 2, -3, 40]);
    expect(Array.from(t.y!)).toEqual([1, 0]);
    expect(t.ids).toEqual(['img1', 'img2']);
  });

  it('takes other column names and unlabelled tables', () => {
    const t = readCsvTable(csv('name,x,y\nq,1,2\n'), { labelColumn: 'fake', idColumn: 'name' });
    expect(t.y).toBeUndefined();
    expect(t.featureNames).toEqual(['x', 'y']);
    expect(() => readCsvTable(csv('a,b\n1,2\n'), { idColumn: 'name' })).toThrow(
      'faces.csv: no column named "name" in the header',
    );
  });

  it('names line and column of a bad cell', () => {
    expect(() => readCsvTable(csv('a,b,label\n1,2,0\n\n3,x,1\n'))).toThrow(
      'faces.csv line 4, column 2 (b): "x" is not a finite number',
    );
    expect(() => readCsvTable(csv('a,b,label\n1,,0\n'))).toThrow(
      'faces.csv line 2, column 2 (b): "" is not a finite number',
    );
    expect(() => readCsvTable(csv('a,label\n1,yes\n'))).toThrow(
      'faces.csv line 2, column 2 (label): "yes" is not a label (expected 0 or 1)',
    );
    expect(() => readCsvTable(csv('a,b\n1,2\n3\n'))).toThrow(
      /faces\.csv: Invalid Record Length: expect 2, got 1 on line 3/,
    );
    expect(() => readCsvTable(csv('a,b\n'))).toThrow('faces.csv: expected a header row and at least one data row');
  });
});
