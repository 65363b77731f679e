// Group folds (cv --groups, --group-by-folder): every group in exactly one
// fold, both classes in every held-out fold, the same folds for a seed; a
// clear refusal with too few groups or a fold of one class.
import { describe, expect, it } from 'vitest';
import { groupFoldIds } from '../../src/cv/stratified-k-fold.js';
import { groupsFromCsv, groupsFromFolders } from '../../src/pictures/picture-groups.js';
import { tempFile } from '../helpers/temp-dir.js';

describe('group folds', () => {
  const labels = Uint8Array.from({ length: 60 }, (_, i) => i % 2);
  const groups = Array.from({ length: 60 }, (_, i) => `g${i % 7}`);

  it('keeps each group in one fold, balances the sizes, and is seeded', () => {
    const ids = groupFoldIds(labels, groups, 3, 5);
    const foldOf = new Map<string, number>();
    groups.forEach((g, i) => {
      if (foldOf.has(g)) expect(ids[i]).toBe(foldOf.get(g));
      else foldOf.set(g, ids[i]);
    });
    const sizes = [0, 1, 2].map((f) => ids.filter((x) => x === f).length);
    // seven groups of 8 or 9 rows dealt largest first to the smallest fold: 17-26 rows a fold
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(9);
    expect(Array.from(groupFoldIds(labels, groups, 3, 5))).toEqual(Array.from(ids));
    const other = [0, 1, 2, 3, 4, 5, 6].map((g) => groupFoldIds(labels, groups, 3, g).join(''));
    expect(new Set(other).size).toBeGreaterThan(1);
  });

  it('refuses too few groups, and a held-out fold of one class', () => {
    expect(() => groupFoldIds(labels, groups, 8, 0)).toThrow('only 7 group(s)');
    // each group holds one class: some fold holds one class only
    const byClass = Array.from({ length: 60 }, (_, i) => `c${i % 2}-${i % 4}`);
    expect(() => groupFoldIds(labels, byClass, 2, 0)).toThrow(/fold \d holds only class \d/);
  });

  it('--group-by-folder: the folder below the class folder', () => {
    expect(groupsFromFolders(['real/a/1.jpg', 'fake/a/2.jpg', 'real/b/x/3.jpg'], true)).toEqual(['a', 'a', 'b/x']);
    expect(groupsFromFolders(['a/1.jpg', 'b/2.jpg'], false)).toEqual(['a', 'b']);
    expect(() => groupsFromFolders(['real/1.jpg', 'fake/2.jpg'], true)).toThrow(
      '--group-by-folder: every picture is in the same folder below its class folder',
    );
  });

  it('--groups: each name its group by column name; a missing name, column or group is refused with where', () => {
    const csv = tempFile('groups.csv', 'group,name\nsA,real/1.jpg\nsB,fake/2.jpg\n');
    expect(groupsFromCsv(csv, ['fake/2.jpg', 'real/1.jpg'], 'name', 'group')).toEqual(['sB', 'sA']);
    expect(() => groupsFromCsv(csv, ['real/1.jpg', 'real/3.jpg'], 'name', 'group')).toThrow(
      'groups.csv: no group for 1 picture(s), e.g. real/3.jpg',
    );
    expect(() => groupsFromCsv(csv, ['real/1.jpg'], 'name', 'source')).toThrow(
      'groups.csv line 1: no "source" column (the header is group,name; --group-column sets it)',
    );
    const empty = tempFile('g.csv', 'name,group\nreal/1.jpg,\n');
    expect(() => groupsFromCsv(empty, ['real/1.jpg'], 'name', 'group')).toThrow('g.csv line 2, column 2: empty group');
  });
});
