import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/io/dense-matrix.js';
import { cachePathFor, loadMatrix } from '../../src/io/matrix-cache.js';
import { decodeNpy, encodeNpy } from '../../src/io/npy.js';
import { tempDir } from '../helpers/temp-dir.js';

const hasNumpy = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('npy', () => {
  const m = denseMatrix(2, 3, Float32Array.from([1, -2.5, 3, 4e-3, 5e6, -6]));

  it('writes the format 1.0 header numpy expects, data 64-byte aligned', () => {
    const bytes = encodeNpy(m);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(bytes.length).toBe(10 + headerLength + 24);
  });

  it('round-trips', () => {
    const back = decodeNpy(encodeNpy(m))!;
    expect([back.nRows, back.nCols]).toEqual([2, 3]);
    expect(back.data).toEqual(m.data);
  });

  it('returns undefined for bytes that are not our npy', () => {
    expect(decodeNpy(Buffer.from('not an npy file'))).toBeUndefined();
    expect(decodeNpy(encodeNpy(m).subarray(0, 70))).toBeUndefined(); // truncated
  });

  it.skipIf(!hasNumpy)('is read by numpy.load', () => {
    const dir = tempDir();
    const path = join(dir, 'm.npy');
    writeFileSync(path, encodeNpy(m));
    const out = execFileSync('python3', ['-c', `import numpy as np; a = np.load(${JSON.stringify(path)}); print(a.dtype, a.shape, int(a[1, 1]))`]).toString().trim();
    expect(out).toBe('float32 (2, 3) 5000000');
  });
});

describe('loadMatrix cache', () => {
  it('writes a cache with the text file\'s mtime and reads it back instead of parsing', () => {
    const dir = tempDir();
    const path = join(dir, 'x_train.data');
    writeFileSync(path, '1 2 3\n4 5 6\n');
    const first = loadMatrix(path, { minCacheBytes: 0 });
    expect(existsSync(cachePathFor(path))).toBe(true);
    expect(Math.abs(statSync(cachePathFor(path)).mtimeMs - statSync(path).mtimeMs)).toBeLessThan(1);
    // Same mtime, different text: a load that parsed would see 9s; one that read the cache sees the first values.
    const stat = statSync(path);
    writeFileSync(path, '9 9 9\n9 9 9\n');
    utimesSync(path, stat.atime, stat.mtime);
    expect(loadMatrix(path, { minCacheBytes: 0 }).data).toEqual(first.data);
    // --no-cache parses
    expect(Array.from(loadMatrix(path, { minCacheBytes: 0, cache: false }).data)).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it('ignores a stale or damaged cache and rebuilds it', () => {
    const dir = tempDir();
    const path = join(dir, 'x_train.data');
    writeFileSync(path, '1 2\n');
    loadMatrix(path, { minCacheBytes: 0 });
    writeFileSync(path, '7 8\n'); // new mtime
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(Array.from(loadMatrix(path, { minCacheBytes: 0 }).data)).toEqual([7, 8]);
    writeFileSync(cachePathFor(path), 'garbage');
    const stat = statSync(path);
    utimesSync(cachePathFor(path), stat.atime, stat.mtime);
    expect(Array.from(loadMatrix(path, { minCacheBytes: 0 }).data)).toEqual([7, 8]);
    expect(decodeNpy(readFileSync(cachePathFor(path)))).toBeDefined();
  });

  it('does not cache small files by default, and reports missing or empty files', () => {
    const dir = tempDir();
    const path = join(dir, 'x_train.data');
    writeFileSync(path, '1 2\n');
    loadMatrix(path);
    expect(existsSync(cachePathFor(path))).toBe(false);
    expect(() => loadMatrix(join(dir, 'nope.data'))).toThrow(`${join(dir, 'nope.data')}: file not found`);
    writeFileSync(path, '');
    expect(() => loadMatrix(path)).toThrow('x_train.data: the file is empty');
  });
});
