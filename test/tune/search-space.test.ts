// The search space from the models' parameter tables: what is searched, where
// the values fall (log or linear, integers rounded, shares for a text
// parameter), and that candidate i is the same for a seed whatever else.
import { describe, expect, it } from 'vitest';
import { GBDT_PARAMS } from '../../src/boosting/gbdt.js';
import { FOREST_PARAMS } from '../../src/forest/forest.js';
import { LOGISTIC_PARAMS } from '../../src/linear/logistic.js';
import { checkParams, defaultsOf } from '../../src/core/params.js';
import { drawCandidate, searchSpace, valueAt } from '../../src/tune/search-space.js';
import { UsageError } from '../../src/util/errors.js';

describe('searchSpace', () => {
  it('takes every parameter with a range, by key or flag, minus the fixed ones', () => {
    expect(searchSpace(GBDT_PARAMS, 'gbdt', undefined, []).map((s) => s.key)).toEqual([
      'learningRate',
      'leaves',
      'l2',
      'minLeaf',
      'subsample',
      'colsample',
    ]);
    expect(searchSpace(GBDT_PARAMS, 'gbdt', ['learning-rate', '--leaves', 'l2'], ['l2']).map((s) => s.key)).toEqual([
      'learningRate',
      'leaves',
    ]);
    expect(searchSpace(LOGISTIC_PARAMS, 'logistic', undefined, []).map((s) => s.key)).toEqual(['l2']);
    expect(() => searchSpace(GBDT_PARAMS, 'gbdt', ['trees'], [])).toThrow(UsageError);
    expect(() => searchSpace(GBDT_PARAMS, 'gbdt', ['max-features'], [])).toThrow(/searchable: learning-rate/);
  });

  it('draws within each range on its scale; every candidate is a valid set of options', () => {
    const space = searchSpace(GBDT_PARAMS, 'gbdt', undefined, []);
    const draws = Array.from({ length: 2000 }, (_, i) => drawCandidate(space, 11, i));
    for (const c of draws) checkParams(GBDT_PARAMS, { ...defaultsOf(GBDT_PARAMS), ...c } as never);
    const sorted = (key: string) => draws.map((c) => c[key] as number).sort((a, b) => a - b);
    // log scale: the median is near the geometric mean of the ends; linear: near the middle
    expect(sorted('learningRate')[1000]).toBeGreaterThan(0.045);
    expect(sorted('learningRate')[1000]).toBeLessThan(0.065);
    expect(sorted('subsample')[1000]).toBeGreaterThan(0.72);
    expect(sorted('subsample')[1000]).toBeLessThan(0.78);
    expect(sorted('leaves')[0]).toBe(8);
    expect(sorted('leaves')[1999]).toBe(128);
    expect(draws.every((c) => Number.isInteger(c.leaves) && Number.isInteger(c.minLeaf))).toBe(true);
    // the same candidate for a seed and index, whatever was drawn before; another seed differs
    expect(drawCandidate(space, 11, 1234)).toEqual(draws[1234]);
    expect(drawCandidate(space, 12, 1234)).not.toEqual(draws[1234]);
  });

  it("gives a forest's --max-features a share written with a point, which the forest takes", () => {
    const space = searchSpace(FOREST_PARAMS, 'forest', ['max-features'], []);
    const p = space[0].param;
    expect(valueAt(p, 0)).toBe('0.05');
    expect(valueAt(p, 0.999999)).toBe('0.6');
    for (let i = 0; i < 200; i++) {
      const c = drawCandidate(space, 3, i);
      expect(FOREST_PARAMS.maxFeatures.check(c.maxFeatures as string)).toBe(true);
    }
  });
});
