// Raw-pixel rows: read line by line, with errors naming file, line and column.
import { describe, expect, it } from 'vitest';
import { checkPixelNames, firstLineValueCount, readPixelRows } from '../../src/images/pixel-rows.js';
import { tempFile } from '../helpers/temp-dir.js';

function file(text: string): string {
  return tempFile('perso_train.data', text);
}

describe('readPixelRows', () => {
  it('hands over the wanted rows only, and accepts a trailing space, CRLF and "12.0"', () => {
    const path = file('1 2 3 \r\n4 5 6\n7 8.0 9\n');
    const got: Array<[number, number[]]> = [];
    expect(readPixelRows(path, 3, [0, 2], (i, px) => got.push([i, Array.from(px)]))).toBeUndefined();
    expect(got).toEqual([
      [0, [1, 2, 3]],
      [2, [7, 8, 9]],
    ]);
  });

  it('names the line of a row of another length (mixed pixel-row lengths)', () => {
    const path = file('1 2 3\n4 5\n');
    expect(() => readPixelRows(path, 3, [0, 1], () => {})).toThrow(
      'perso_train.data line 2: expected 3 pixel values, got 2',
    );
  });

  it('names line and column of a value out of range or not a number', () => {
    expect(() => readPixelRows(file('1 2 3\n4 256 6\n'), 3, [1], () => {})).toThrow(
      'perso_train.data line 2, column 2: pixel value 256 is above 255',
    );
    expect(() => readPixelRows(file('1 -2 3\n'), 3, [0], () => {})).toThrow(
      'perso_train.data line 1, column 2: "-" where a pixel value 0..255 was expected',
    );
    expect(() => readPixelRows(file('1 2.5 3\n'), 3, [0], () => {})).toThrow(
      'line 1, column 2: pixel values must be integers 0..255',
    );
  });
});

describe('firstLineValueCount', () => {
  it('counts the first line only, trailing blanks and CRLF included', () => {
    expect(firstLineValueCount(file('1 2  3 \r\n4 5\n'))).toBe(3);
    expect(firstLineValueCount(file('7 8'))).toBe(2);
  });
});

describe('checkPixelNames', () => {
  it('accepts pixel_ROW_COL_CHANNEL in row-major RGB order and gives the side', () => {
    const names = [];
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) for (const ch of 'RGB') names.push(`pixel_${r}_${c}_${ch}`);
    expect(checkPixelNames(names, 'perso_feat.name')).toBe(2);
    names[1] = 'pixel_0_0_B';
    expect(() => checkPixelNames(names, 'perso_feat.name')).toThrow(
      'perso_feat.name line 2: expected feature "pixel_0_0_G"',
    );
    expect(() => checkPixelNames(names.slice(0, 5), 'perso_feat.name')).toThrow(
      '5 values a row is not S x S x 3 pixels',
    );
  });
});
