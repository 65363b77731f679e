import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../src/io/atomic-write.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('atomic writes', () => {
  it('writes, creating folders, and leaves no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'model.json');
    writeFileAtomic(path, 'hello');
    expect(readFileSync(path, 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['model.json']);
  });

  it('refuses to overwrite without force, and overwrites with it', () => {
    const path = join(tempDir(), 'model.json');
    writeFileSync(path, 'mine');
    expect(() => writeFileAtomic(path, 'new')).toThrow(`${path} already exists; pass --force to overwrite it`);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    writeFileAtomic(path, 'new', { force: true });
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('writes a group all or nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'a.predict'), contents: '1\n' },
        { path: join(dir, 'blocker', 'b.predict'), contents: '2\n' },
      ]),
    ).toThrow();
    expect(existsSync(join(dir, 'a.predict'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['blocker']);
  });
});
