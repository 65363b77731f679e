import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/io/open-dataset.js';
import { asTextReadsIt } from '../../src/io/parquet-dataset.js';
import { writeFeatureDataset } from '../../src/io/write-automl.js';
import { makePersoLike } from '../../src/synthetic/perso-like.js';
import { Rng } from '../../src/util/rng.js';
import { persodata } from '../helpers/cli.js';
import { PIXELS_SAMPLE } from '../helpers/samples.js';
import { tempDir } from '../helpers/temp-dir.js';

const opts = { labelColumn: 'label', sets: { available: ['train', 'valid', 'test'] as const } };

describe('Parquet feature sets', () => {
  it('asTextReadsIt gives what the 7-digit text reads back, for float32 values of every size', () => {
    const rng = new Rng(3, 9);
    const bits = new Uint32Array(1);
    const f32 = new Float32Array(bits.buffer);
    let checked = 0;
    const wrong: number[] = [];
    for (let k = 0; k < 300_000; k++) {
      bits[0] = Math.floor(rng.next() * 2 ** 32);
      const v = f32[0];
      if (!Number.isFinite(v)) continue;
      if (asTextReadsIt(v) !== (v === 0 ? 0 : Math.fround(Number(v.toPrecision(7))))) wrong.push(v);
      checked++;
    }
    expect(wrong).toEqual([]);
    // decimal ties and values just below a power of ten, where the scaling could tip a digit
    for (const v of [0.5, 1.0000005, 9999999.5, 0.99999995, 123456.75, -2.5e-7, 1e-40, 3.4e38].map(Math.fround))
      expect(asTextReadsIt(v)).toBe(Math.fround(Number(v.toPrecision(7))));
    expect(checked).toBeGreaterThan(290_000);
  });

  it('a set written as Parquet reads back with the values, labels and row names of its AutoML text', async () => {
    const text = tempDir();
    const parquet = tempDir();
    for (const [dir, format] of [
      [text, 'automl'],
      [parquet, 'parquet'],
    ] as const) {
      await writeFeatureDataset(makePersoLike(dir, { train: 300, valid: 80, test: 50, features: 9, seed: 4 }), {
        format,
      });
    }
    const a = await openDataset(text, opts);
    const b = await openDataset(parquet, opts);
    expect(b.featureNames).toEqual(a.featureNames);
    for (const set of ['train', 'valid', 'test'] as const) {
      const [x, y] = [a.splits[set]!, b.splits[set]!];
      expect(y.file).toBe(join(parquet, `perso_${set}.parquet`));
      expect(y.X.nRows).toBe(x.X.nRows);
      expect(Buffer.from(y.X.data.buffer).equals(Buffer.from(x.X.data.buffer))).toBe(true);
      expect(y.y).toEqual(x.y);
      expect(y.ids).toEqual(x.ids);
    }
  });

  it('is a plain Parquet table: id, FLOAT features named as feat.name, INT32 label', async () => {
    const dir = tempDir();
    await writeFeatureDataset(makePersoLike(dir, { train: 40, valid: 10, test: 10, features: 6, seed: 1 }), {
      format: 'parquet',
    });
    const bytes = readFileSync(join(dir, 'perso_valid.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const schema = parquetSchema(parquetMetadata(file)).children.map((c) => [c.element.name, c.element.type]);
    expect(schema).toEqual([
      ['id', 'BYTE_ARRAY'],
      ...Array.from({ length: 6 }, (_, j) => [`feature${j}`, 'FLOAT']),
      ['label', 'INT32'],
    ]);
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0])).toEqual(['id', ...Array.from({ length: 6 }, (_, j) => `feature${j}`), 'label']);
  });

  it('names the file, row and column of what it cannot take', async () => {
    const dir = tempDir();
    const write = (name: string, columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData']) => {
      const path = join(dir, name);
      writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData })));
      return path;
    };
    const words = write('words.parquet', [
      { name: 'a', data: [1, 2], type: 'DOUBLE' },
      { name: 'b', data: ['x', 'y'], type: 'STRING' },
    ]);
    await expect(openDataset(words, opts)).rejects.toThrow('words.parquet: column "b" holds BYTE_ARRAY, not numbers');
    const label = write('label.parquet', [
      { name: 'a', data: [1, 2, 3], type: 'DOUBLE' },
      { name: 'label', data: [0, 1, 2], type: 'INT32' },
    ]);
    await expect(openDataset(label, opts)).rejects.toThrow(
      'label.parquet: row 3, column "label": label 2 is not 0 or 1',
    );
    const huge = write('huge.parquet', [{ name: 'a', data: [1, 1e300], type: 'DOUBLE' }]);
    await expect(openDataset(huge, opts)).rejects.toThrow(
      'huge.parquet: row 2, column "a": 1e+300 is not a finite number within float32\'s range',
    );
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'a,b\n1,2\n');
    await expect(openDataset(fake, opts)).rejects.toThrow(/fake\.parquet: not a Parquet file/);
  });

  it('refuses nulls, a name given to two columns, and a table of no rows; train writes nothing', async () => {
    const dir = tempDir();
    const write = (name: string, columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData']) => {
      const path = join(dir, name);
      writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData })));
      return path;
    };
    const ten = Array.from({ length: 10 }, (_, i) => i / 10);
    const labels = Array.from({ length: 10 }, (_, i) => i % 2);
    // a null label was read as 0: the model was the one fitted on labels 0
    const nullLabel = write('null-label.parquet', [
      { name: 'a', data: ten, type: 'DOUBLE' },
      { name: 'label', data: labels.map((v, i) => (i === 6 ? null : v)), type: 'INT32', nullable: true },
    ]);
    await expect(openDataset(nullLabel, opts)).rejects.toThrow(
      'null-label.parquet: row 7, column "label": null (a missing value); every label must be given',
    );
    const nullFeature = write('null-feature.parquet', [
      { name: 'a', data: ten.map((v, i) => (i === 2 ? null : v)), type: 'DOUBLE', nullable: true },
      { name: 'label', data: labels, type: 'INT32' },
    ]);
    await expect(openDataset(nullFeature, opts)).rejects.toThrow(
      'null-feature.parquet: row 3, column "a": null (a missing value); every feature value must be given',
    );
    const twoLabels = write('two-labels.parquet', [
      { name: 'a', data: ten, type: 'DOUBLE' },
      { name: 'label', data: labels, type: 'INT32' },
      { name: 'label', data: labels.map((v) => 1 - v), type: 'INT32' },
    ]);
    await expect(openDataset(twoLabels, opts)).rejects.toThrow(
      'two-labels.parquet: columns 2 and 3 are both named "label"; every column needs its own name',
    );
    const twoFeatures = write('two-features.parquet', [
      { name: 'a', data: ten, type: 'DOUBLE' },
      { name: 'a', data: ten, type: 'DOUBLE' },
    ]);
    await expect(openDataset(twoFeatures, opts)).rejects.toThrow('columns 1 and 2 are both named "a"');
    const empty = write('empty.parquet', [
      { name: 'a', data: [], type: 'DOUBLE' },
      { name: 'label', data: [], type: 'INT32' },
    ]);
    await expect(openDataset(empty, opts)).rejects.toThrow('empty.parquet: the table holds no rows');
    // a folder whose valid set is both text and Parquet: which one is meant is the user's to say
    const both = tempDir();
    writeFileSync(join(both, 'perso_valid.data'), '1 2\n3 4\n');
    write('x.parquet', [{ name: 'a', data: [1, 2], type: 'DOUBLE' }]);
    writeFileSync(join(both, 'perso_valid.parquet'), readFileSync(join(dir, 'x.parquet')));
    await expect(openDataset(both, { ...opts, sets: ['valid'] })).rejects.toThrow(
      'both perso_valid.data and perso_valid.parquet hold the valid set; move one of them away',
    );
    const r = persodata('train', '--data', nullLabel, '--out', join(dir, 'm.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 7, column "label": null');
    expect(() => readFileSync(join(dir, 'm.json'))).toThrow();
  });

  it('pca --format parquet writes NAME_SET.parquet that train and predict read', () => {
    const out = tempDir();
    const r = persodata('pca', '--data', PIXELS_SAMPLE, '--out', out, '--components', '5', '--format', 'parquet');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('files: perso_train.parquet, perso_valid.parquet, perso_test.parquet');
    const model = join(out, 'm.json');
    const t = persodata('train', '--data', out, '--model', 'logistic', '--out', model, '--quiet');
    expect(t.stderr).toBe('');
    expect(t.stdout).toMatch(/fitted on \d+ rows x 5 features/);
    const p = persodata('predict', '--model', model, '--data', out, '--out', join(out, 'pred'), '--quiet');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/wrote .*perso_test\.predict/);
  });
});
