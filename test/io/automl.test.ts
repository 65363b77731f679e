import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateDataset, readDataset } from '../../src/io/automl.js';
import { tempDir } from '../helpers/temp-dir.js';

const SAMPLE = new URL('../../data/', import.meta.url).pathname;

function copySample(dir: string): void {
  for (const f of readdirSync(SAMPLE))
    if (f.startsWith('perso_') && !f.endsWith('.npy')) copyFileSync(join(SAMPLE, f), join(dir, f));
}

describe('AutoML datasets', () => {
  it('finds the basename in a folder and reads the real sample', () => {
    const location = locateDataset(SAMPLE);
    expect(location.name).toBe('perso');
    const ds = readDataset(location, { sets: ['train', 'valid', 'test'] });
    expect(ds.featureNames.length).toBe(200);
    expect(ds.featureNames[199]).toBe('feature199');
    expect(ds.info.name).toBe('perso');
    expect(ds.info.feat_num).toBe('200');
    expect([ds.splits.train!.X.nRows, ds.splits.valid!.X.nRows, ds.splits.test!.X.nRows]).toEqual([35, 5, 10]);
    expect(ds.splits.valid!.y!.length).toBe(5);
  });

  it('accepts the DIR/NAME prefix and works without valid/test solutions or feat.name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'faces_train.data'), '1 2\n3 4\n');
    writeFileSync(join(dir, 'faces_train.solution'), '0\n1\n');
    writeFileSync(join(dir, 'faces_test.data'), '5 6\n');
    const location = locateDataset(join(dir, 'faces'));
    const ds = readDataset(location, { sets: ['train', 'test'] });
    expect(ds.featureNames).toEqual(['feature0', 'feature1']);
    expect(ds.splits.test!.y).toBeUndefined();
  });

  it('checks every set against feat.name', () => {
    const dir = tempDir();
    copySample(dir);
    writeFileSync(join(dir, 'perso_test.data'), '1 2 3\n');
    expect(() => readDataset(locateDataset(dir), { sets: ['test'] })).toThrow(
      'perso_test.data line 1: expected 200 values, got 3',
    );
  });

  it('reports a solution of the wrong length', () => {
    const dir = tempDir();
    copySample(dir);
    writeFileSync(join(dir, 'perso_valid.solution'), '0\n1\n');
    expect(() => readDataset(locateDataset(dir), { sets: ['valid'] })).toThrow(
      'perso_valid.solution: 2 labels for 5 data rows',
    );
  });

  it('says what is wrong with a folder that is not one dataset', () => {
    const dir = tempDir();
    expect(() => locateDataset(dir)).toThrow(
      `${dir}: no NAME_train.data, NAME_valid.data or NAME_test.data (or NAME_SET.parquet) in this folder`,
    );
    writeFileSync(join(dir, 'a_train.data'), '1\n');
    writeFileSync(join(dir, 'b_train.data'), '1\n');
    expect(() => locateDataset(dir)).toThrow(
      `holds several datasets (${join(dir, 'a')}, ${join(dir, 'b')}); name one of them`,
    );
    expect(locateDataset(join(dir, 'b')).name).toBe('b');
    expect(() => locateDataset(join(dir, 'c'))).toThrow('not a dataset folder, and no c_train.data');
    expect(() => readDataset({ dir, name: 'a' }, { sets: ['valid'] })).toThrow(
      `${join(dir, 'a_valid.data')}: file not found (the dataset has train)`,
    );
  });
});
