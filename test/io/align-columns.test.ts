// Data columns matched to a model's by name: hand-made name lists.
import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/core/dense-matrix.js';
import { alignColumns, alignedMatrix } from '../../src/io/align-columns.js';

const data = (names: string[], named = true) => ({ file: 'x_test.data', names, named });

describe('alignColumns', () => {
  it('takes the same names as they are, and the same names in another order reordered', () => {
    expect(alignColumns(data(['a', 'b', 'c']), 'm.json', ['a', 'b', 'c'])).toEqual({});
    const a = alignColumns(data(['c', 'a', 'b']), 'm.json', ['a', 'b', 'c']);
    expect(Array.from(a.order!)).toEqual([1, 2, 0]);
    expect(a.note).toBe('x_test.data: the columns m.json was fitted on, in another order; reordered by name');
    // row [c, a, b] = [3, 1, 2] becomes the model's [a, b, c]
    expect(Array.from(alignedMatrix(denseMatrix(1, 3, Float32Array.of(3, 1, 2)), a).data)).toEqual([1, 2, 3]);
  });

  it('refuses other names, naming the first difference, and another count', () => {
    expect(() => alignColumns(data(['a', 'x', 'c']), 'm.json', ['a', 'b', 'c'])).toThrow(
      'x_test.data: not the columns m.json was fitted on: its column 2 is "b", the data\'s "x" (and "b" is not in the data)',
    );
    expect(() => alignColumns(data(['a', 'a', 'c']), 'm.json', ['a', 'c', 'a'])).toThrow('its column 2 is "c"');
    expect(() => alignColumns(data(['a', 'b']), 'm.json', ['a', 'b', 'c'])).toThrow(
      'x_test.data: 2 feature columns, but m.json was fitted on 3',
    );
  });

  it('goes by position only for data without names, and says so', () => {
    expect(alignColumns(data(['feature0', 'feature1'], false), 'm.json', ['p', 'q'])).toEqual({
      note: 'x_test.data names no columns (no feature names file): its 2 columns are taken by position',
    });
  });
});
