import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../src/core/dense-matrix.js';
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
    const out = execFileSync('python3', [
      '-c',
      `import numpy as np; a = np.load(${JSON.stringify(path)}); print(a.dtype, a.shape, int(a[1, 1]))`,
    ])
      .toString()
      .trim();
    expect(out).toBe('float32 (2, 3) 5000000');
  });
});

describe('loadMatrix cache', () => {
  it('reads its cache back instead of parsing while the text file is untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'x_train.data');
    writeFileSync(path, '1 2 3\n4 5 6\n');
    loadMatrix(path, { minCacheBytes: 0 });
    expect(existsSync(cachePathFor(path))).toBe(true);
    // A cache with other values but the right stamp is what a load returns: it did not parse.
    const cache = readFileSync(cachePathFor(path));
    const dataAt = cache.indexOf(Buffer.from(new Float32Array([1]).buffer));
    cache.set(Buffer.from(new Float32Array([42]).buffer), dataAt);
    writeFileSync(cachePathFor(path), cache);
    expect(loadMatrix(path, { minCacheBytes: 0 }).data[0]).toBe(42);
    expect(loadMatrix(path, { minCacheBytes: 0, cache: false }).data[0]).toBe(1); // --no-cache parses
  });

  it('parses the text again when its cache holds NaN or an infinity (the text never can)', () => {
    const dir = tempDir();
    const path = join(dir, 'x_train.data');
    writeFileSync(path, '1 2 3\n4 5 6\n');
    loadMatrix(path, { minCacheBytes: 0 });
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const cache = readFileSync(cachePathFor(path));
      const dataAt = cache.indexOf(Buffer.from(new Float32Array([5]).buffer));
      cache.set(Buffer.from(new Float32Array([bad]).buffer), dataAt);
      writeFileSync(cachePathFor(path), cache);
      expect(Array.from(loadMatrix(path, { minCacheBytes: 0 }).data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it.skipIf(!hasNumpy)('writes caches numpy.load reads (the stamp after the data is ignored)', () => {
    const path = join(tempDir(), 'x_train.data');
    writeFileSync(path, '1 2 3\n4 5 6\n');
    loadMatrix(path, { minCacheBytes: 0 });
    const out = execFileSync('python3', [
      '-c',
      `import numpy as np; a = np.load(${JSON.stringify(cachePathFor(path))}); print(a.dtype, a.shape, a[1].tolist())`,
    ])
      .toString()
      .trim();
    expect(out).toBe('float32 (2, 3) [4.0, 5.0, 6.0]');
  });

  it('rebuilds the cache after any edit: same size with the old mtime put back, another file moved in with its mtime, damage', () => {
    const dir = tempDir();
    const path = join(dir, 'x_train.data');
    writeFileSync(path, '1 2 3\n4 5 6\n');
    loadMatrix(path, { minCacheBytes: 0 });
    // same size, mtime set back (touch -r): the ctime still moves
    const stat = statSync(path);
    writeFileSync(path, '9 9 9\n9 9 9\n');
    utimesSync(path, stat.atime, stat.mtime);
    expect(Array.from(loadMatrix(path, { minCacheBytes: 0 }).data)).toEqual([9, 9, 9, 9, 9, 9]);
    // a longer file renamed over it, given the old file's mtime
    const longer = join(dir, 'longer.data');
    writeFileSync(longer, '1 1 1\n2 2 2\n3 3 3\n');
    const now = statSync(path);
    utimesSync(longer, now.atime, now.mtime);
    renameSync(longer, path);
    expect(loadMatrix(path, { minCacheBytes: 0 }).nRows).toBe(3);
    // a damaged cache is rebuilt
    writeFileSync(cachePathFor(path), 'garbage');
    expect(Array.from(loadMatrix(path, { minCacheBytes: 0 }).data)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(readFileSync(cachePathFor(path)).subarray(-8).toString()).toBe('PDSTAMP1'); // rewritten
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
