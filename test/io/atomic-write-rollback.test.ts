// A group write whose rename fails part way (a disk error, a race) rolls
// back: the files already renamed in are removed and the old ones restored.
// renameSync is wrapped to fail on one target, as no real file system fails
// on demand.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const failOn = { path: '' };
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (String(to) === failOn.path)
        throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}' -> '${String(to)}'`), {
          code: 'EIO',
          path: String(from),
        });
      return real.renameSync(from, to);
    },
  };
});

const { writeFilesAtomic } = await import('../../src/io/atomic-write.js');

describe('writeFilesAtomic rollback', () => {
  it('restores every old file and removes every new one when a later rename fails', () => {
    const dir = tempDir();
    const a = join(dir, 'perso_valid.predict');
    const b = join(dir, 'perso_test.predict');
    const stale = join(dir, 'perso_train.ids');
    fs.writeFileSync(a, 'old valid\n');
    fs.writeFileSync(stale, 'old ids\n');
    failOn.path = b;
    expect(() =>
      writeFilesAtomic(
        [
          { path: a, contents: 'new valid\n' },
          { path: b, contents: 'new test\n' },
        ],
        { force: true, remove: [stale] },
      ),
    ).toThrow('EIO');
    expect(fs.readFileSync(a, 'utf8')).toBe('old valid\n');
    expect(fs.readFileSync(stale, 'utf8')).toBe('old ids\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['perso_train.ids', 'perso_valid.predict']);
    failOn.path = '';
    writeFilesAtomic(
      [
        { path: a, contents: 'new valid\n' },
        { path: b, contents: 'new test\n' },
      ],
      { force: true, remove: [stale] },
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['perso_test.predict', 'perso_valid.predict']);
  });
});

describe('writeFilesAtomic rollback of new folders', () => {
  it('removes the folders it created for a write that failed, and keeps folders that were there', () => {
    const dir = tempDir();
    const a = join(dir, 'out', 'sub', 'perso_valid.predict');
    const b = join(dir, 'out', 'sub', 'perso_test.predict');
    failOn.path = b;
    expect(() =>
      writeFilesAtomic([
        { path: a, contents: '1\n' },
        { path: b, contents: '2\n' },
      ]),
    ).toThrow('EIO');
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.mkdirSync(join(dir, 'kept'));
    const c = join(dir, 'kept', 'new', 'perso_test.predict');
    failOn.path = c;
    expect(() => writeFilesAtomic([{ path: c, contents: '3\n' }])).toThrow('EIO');
    expect(fs.readdirSync(dir)).toEqual(['kept']);
    expect(fs.readdirSync(join(dir, 'kept'))).toEqual([]);
    failOn.path = '';
  });
});
