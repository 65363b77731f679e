// Labels for image folders: CSV rows (0/1 or text with --positive) and
// class folders, with errors naming the file, line and column.
import { describe, expect, it } from 'vitest';
import { labelsFromFolders, labelsFromMap, readLabelCsv } from '../../src/pictures/image-labels.js';
import { tempFile } from '../helpers/temp-dir.js';

const opts = { nameColumn: 'name', labelColumn: 'label' };

function csv(text: string): string {
  return tempFile('labels.csv', text);
}

describe('readLabelCsv', () => {
  it('reads 0/1 labels, and text labels as real = 1 or as --positive says', () => {
    expect([...readLabelCsv(csv('name,label\na.png,1\nsub/b.png,0\n'), opts)]).toEqual([
      ['a.png', 1],
      ['sub/b.png', 0],
    ]);
    expect([...readLabelCsv(csv('name,label\na.png,real\nb.png,fake\n'), opts)]).toEqual([
      ['a.png', 1],
      ['b.png', 0],
    ]);
    expect([
      ...readLabelCsv(csv('file,kind\na.png,gan\nb.png,photo\n'), {
        nameColumn: 'file',
        labelColumn: 'kind',
        positive: ['photo'],
      }),
    ]).toEqual([
      ['a.png', 0],
      ['b.png', 1],
    ]);
  });

  it('names line and column of a bad label, a missing column and a repeated name', () => {
    expect(() => readLabelCsv(csv('name,label\na.png,1\nb.png,yes\n'), opts)).toThrow(
      'labels.csv line 3, column 2: label "yes" is not 0 or 1',
    );
    expect(() => readLabelCsv(csv('file,label\na.png,1\n'), opts)).toThrow(
      'labels.csv line 1: no "name" column (the header is file,label; --name-column sets it)',
    );
    expect(() => readLabelCsv(csv('name,label\na.png,1\na.png,0\n'), opts)).toThrow(
      'labels.csv line 3: "a.png" is labelled twice',
    );
  });
});

describe('labelsFromFolders and labelsFromMap', () => {
  it('real/ and fake/ give 1 and 0, anything beside them -1; --positive picks the class-1 folders; other layouts give none', () => {
    expect(Array.from(labelsFromFolders(['fake/1.png', 'real/2.png'])!)).toEqual([0, 1]);
    expect(Array.from(labelsFromFolders(['fake/1.png', 'new/2.png', 'real/3.png', '4.png'])!)).toEqual([0, -1, 1, -1]);
    expect(Array.from(labelsFromFolders(['cat/1.jpg', 'ship/2.jpg', 'truck/3.jpg'], ['ship', 'truck'])!)).toEqual([
      0, 1, 1,
    ]);
    expect(labelsFromFolders(['cat/1.jpg', 'dog/2.jpg'])).toBeUndefined();
    expect(labelsFromFolders(['1.jpg', '2.jpg'])).toBeUndefined();
    expect(() => labelsFromFolders(['cat/1.jpg'], ['horse'])).toThrow(
      '--positive horse: no such folder (the folders are cat)',
    );
  });

  it('every image needs a label', () => {
    expect(() => labelsFromMap(['a.png', 'b.png', 'c.png'], new Map([['a.png', 1]]), 'labels.csv', 'imgs')).toThrow(
      'labels.csv: no label for 2 image(s) of imgs, e.g. b.png, c.png',
    );
  });
});
