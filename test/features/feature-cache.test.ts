// The feature cache, end to end as a user meets it and on its store: a
// second run reads every picture back and writes the bytes a run without the
// cache writes (features, pca, cv, train then predict, augmented copies); a
// damaged entry, a changed picture and a changed setting are computed again;
// --no-cache touches no cache; a cache that does not open is warned of and
// the run goes on; trimming removes the least recently used pictures.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { cacheContents, openFeatureCache, trimFeatureCache } from '../../src/features/feature-cache.js';
import { persodata, ROOT } from '../helpers/cli.js';
import { writePictures } from '../helpers/generated-pictures.js';
import { tempDir } from '../helpers/temp-dir.js';

async function pictures(perClass = 6, seed = 4, size = 48): Promise<string> {
  const dir = tempDir();
  await writePictures(dir, { perClass, size, seed });
  return dir;
}

/** `features` into a fresh folder; returns the folder and what the run said of the cache. */
function features(images: string, ...flags: string[]): { out: string; note: string; data: string } {
  const out = join(tempDir(), 'out');
  const r = persodata('features', '--images', images, '--out', out, '--components', '3', ...flags);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  const note = /feature cache .*: (\d+ of \d+) pictures read from it/.exec(r.stderr)?.[1] ?? 'none';
  return { out, note, data: readFileSync(join(out, 'perso_train.data'), 'utf8') };
}

/** Rewrites every stored value whose key ends with `part` by `damage`. */
async function damageEntries(cacheDir: string, part: string, damage: (value: Buffer) => Buffer): Promise<number> {
  const db = open<Buffer, string>({ path: join(cacheDir, 'features.lmdb'), encoding: 'binary', maxDbs: 2 });
  let n = 0;
  for (const { key, value } of db.getRange()) {
    if (typeof key !== 'string' || !key.endsWith(part)) continue;
    db.putSync(key, damage(Buffer.from(value)));
    n++;
  }
  await db.close();
  return n;
}

describe('the feature cache', () => {
  it('reads every picture back on the second run and writes what a run without it writes', async () => {
    const images = await pictures();
    const cache = tempDir();
    const first = features(images, '--cache', cache);
    const second = features(images, '--cache', cache);
    const none = features(images, '--no-cache');
    expect(first.note).toBe('0 of 12');
    expect(second.note).toBe('12 of 12');
    expect(none.note).toBe('none');
    expect(second.data).toBe(first.data);
    expect(none.data).toBe(first.data);
    expect((await cacheContents(cache)).pictures).toBe(12);
  });

  it('computes a damaged entry again, and replaces it', async () => {
    const images = await pictures();
    const cache = tempDir();
    const clean = features(images, '--cache', cache);
    // one byte of every spectrum flipped, every residual cut short
    expect(await damageEntries(cache, '/spectrum:128', (v) => (v[5]++, v))).toBe(12);
    expect(await damageEntries(cache, '/residual:16', (v) => v.subarray(0, v.length - 1))).toBe(12);
    const again = features(images, '--cache', cache);
    expect(again.note).toBe('0 of 12');
    expect(again.data).toBe(clean.data);
    expect(features(images, '--cache', cache).note).toBe('12 of 12');
  });

  it('moves a store file that is not LMDB aside and starts a new one (LMDB would crash on it)', async () => {
    const images = await pictures(2);
    const cache = tempDir();
    const clean = features(images, '--cache', cache, '--kinds', 'spectrum');
    writeFileSync(join(cache, 'features.lmdb'), Buffer.alloc(50_000, 7));
    const out = join(tempDir(), 'out');
    const r = persodata('features', '--images', images, '--out', out, '--kinds', 'spectrum', '--cache', cache);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /features\.lmdb is not an LMDB file \(damaged\?\): moved to .*features\.lmdb\.damaged-\d+, and a new cache started/,
    );
    expect(r.stderr).toContain('0 of 4 pictures read from it');
    expect(readFileSync(join(out, 'perso_train.data'), 'utf8')).toBe(clean.data);
    expect(readdirSync(cache).filter((f) => f.includes('.damaged-'))).toHaveLength(1);
    expect(features(images, '--cache', cache, '--kinds', 'spectrum').note).toBe('4 of 4');
  });

  it('computes a changed picture again (by its content, not its name), and a changed setting', async () => {
    const images = await pictures();
    const cache = tempDir();
    features(images, '--cache', cache);
    // another picture's bytes under the name of the first
    const other = await pictures(1, 99);
    writeFileSync(join(images, 'real/0000.png'), readFileSync(join(other, 'real/0000.png')));
    const changed = features(images, '--cache', cache);
    expect(changed.note).toBe('11 of 12');
    expect(features(images, '--cache', cache, '--spectrum-bins', '64').note).toBe('0 of 12');
    expect(features(images, '--cache', cache, '--reencode-jpeg', '90').note).toBe('0 of 12');
    // a kind that was held alone, then asked with one that was not
    expect(features(images, '--cache', cache, '--kinds', 'spectrum').note).toBe('12 of 12');
    expect(features(images, '--cache', cache, '--kinds', 'spectrum,colour').note).toBe('0 of 12');
  });

  it('keeps processed copies apart by their draw, and reads them back', async () => {
    const images = await pictures(3, 4, 64);
    const cache = tempDir();
    const flags = ['--cache', cache, '--kinds', 'wavelets,channels', '--augment', 'vip', '--augment-copies', '2'];
    const first = features(images, ...flags);
    const second = features(images, ...flags);
    expect(first.note).toBe('0 of 18');
    expect(second.note).toBe('18 of 18');
    expect(second.data).toBe(first.data);
    // another seed draws other copies: the pictures themselves are held
    expect(features(images, ...flags, '--seed', '7').note).toBe('6 of 18');
  });

  it('gives pca, cv, and train then predict the same output from the cache', async () => {
    const images = await pictures(8);
    const cache = tempDir();
    const pca = (flag: string[]) => {
      const out = join(tempDir(), 'pca');
      const r = persodata('pca', '--images', images, '--out', out, '--components', '4', ...flag);
      expect(r.code).toBe(0);
      return readFileSync(join(out, 'perso_train.data'), 'utf8');
    };
    const p1 = pca(['--cache', cache]);
    expect(pca(['--cache', cache])).toBe(p1);
    expect(pca(['--no-cache'])).toBe(p1);

    const cv = (flag: string[]) => {
      const r = persodata('cv', '--images', images, '--components', '4', '--folds', '2', '--json', ...flag);
      expect(r.code).toBe(0);
      return { json: JSON.parse(r.stdout) as { folds: unknown }, note: r.stderr };
    };
    const c1 = cv(['--cache', cache]);
    const c2 = cv(['--cache', cache]);
    expect(c2.note).toMatch(/16 of 16 pictures read from it/);
    expect(c2.json.folds).toEqual(c1.json.folds);

    const model = join(tempDir(), 'model.json');
    const train = persodata('train', '--images', images, '--components', '4', '--out', model, '--cache', cache);
    expect(train.code).toBe(0);
    expect(train.stderr).toMatch(/16 of 16 pictures read from it/);
    const predict = (flag: string[]) => {
      const out = join(tempDir(), 'p.csv');
      const r = persodata('predict', '--model', model, '--images', images, '--out', out, ...flag);
      expect(r.code).toBe(0);
      return { text: readFileSync(out, 'utf8'), note: r.stderr };
    };
    const cached = predict(['--cache', cache]);
    expect(cached.note).toMatch(/16 of 16 pictures read from it/);
    expect(predict(['--no-cache']).text).toBe(cached.text);
  });

  it('sets aside a store that a process had open when it died (LMDB aborts on some damage), once', async () => {
    const images = await pictures(2);
    const cache = tempDir();
    const clean = features(images, '--cache', cache, '--kinds', 'spectrum');
    expect(readdirSync(cache).filter((f) => f.includes('.in-use-'))).toEqual([]); // removed at exit
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(cache, `features.lmdb.in-use-${dead.stdout}`), '');
    const out = join(tempDir(), 'out');
    const r = persodata('features', '--images', images, '--out', out, '--kinds', 'spectrum', '--cache', cache);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`was open in a process that ended without closing it (pid ${dead.stdout};`);
    expect(r.stderr).toContain('0 of 4 pictures read from it');
    expect(readFileSync(join(out, 'perso_train.data'), 'utf8')).toBe(clean.data);
    const again = features(images, '--cache', cache, '--kinds', 'spectrum');
    expect(again.note).toBe('4 of 4');
    expect(readdirSync(cache).filter((f) => f.includes('.damaged-'))).toHaveLength(1);
  });

  it('SIGTERM ends a run cleanly (exit 143): its mark of use is removed, so the cache is kept', async () => {
    const images = tempDir();
    await writePictures(images, { perClass: 60, size: 160 });
    const cache = tempDir();
    const out = join(tempDir(), 'out');
    const child = spawn(process.execPath, [
      ...[join(ROOT, 'bin/persodata.js'), 'features', '--images', images, '--out', out],
      ...['--kinds', 'robust', '--cache', cache, '--threads', '1'],
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const inUse = () => readdirSync(cache).filter((f) => f.includes('.in-use-'));
    while (inUse().length === 0) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain('persodata: terminated');
    expect(inUse()).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('persodata cache says what it holds; --clear removes its files only, never while another run uses it', async () => {
    const images = await pictures(2);
    const cache = tempDir();
    expect(persodata('cache', '--cache', cache).stdout).toBe(`no feature cache in ${cache}\n`);
    features(images, '--cache', cache, '--kinds', 'spectrum');
    expect(persodata('cache', '--cache', cache).stdout).toMatch(
      new RegExp(`^feature cache ${cache}: 4 pictures, 0\\.0 MB of values; its file takes [\\d.]+ MB on disk\\n$`),
    );
    writeFileSync(join(cache, 'mine.txt'), 'x');
    writeFileSync(join(cache, `features.lmdb.in-use-${process.pid}`), ''); // a live process: this test's
    const refused = persodata('cache', '--cache', cache, '--clear');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the feature cache is in use by another persodata run (pid ${process.pid})`);
    rmSync(join(cache, `features.lmdb.in-use-${process.pid}`));
    const cleared = persodata('cache', '--cache', cache, '--clear');
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toMatch(/^cleared the feature cache .*: 2 file\(s\), [\d.]+ MB\n$/);
    expect(readdirSync(cache)).toEqual(['mine.txt']);
    expect(features(images, '--cache', cache, '--kinds', 'spectrum').note).toBe('0 of 4');
  });

  it('--no-cache reads and writes no cache; the default one is under $XDG_CACHE_HOME', async () => {
    const images = await pictures(2);
    const home = tempDir();
    const run = (...flags: string[]) =>
      spawnSync(
        process.execPath,
        [join(ROOT, 'bin/persodata.js'), 'features', '--images', images, '--kinds', 'spectrum', ...flags],
        { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } },
      );
    expect(run('--out', join(tempDir(), 'a'), '--no-cache').status).toBe(0);
    expect(readdirSync(home)).toEqual([]);
    const r = run('--out', join(tempDir(), 'b'));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`feature cache ${join(home, 'persodata')}: 0 of 4 pictures read from it`);
    expect(existsSync(join(home, 'persodata', 'features.lmdb'))).toBe(true);
  });

  it('warns of a cache that does not open and goes on without it', async () => {
    const images = await pictures(2);
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, 'x');
    const out = join(tempDir(), 'out');
    const r = persodata('features', '--images', images, '--out', out, '--kinds', 'spectrum', '--cache', notADir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: the feature cache ${notADir} does not open`);
    expect(existsSync(join(out, 'perso_train.data'))).toBe(true);
  });

  it('trims the least recently used pictures to 80% of its cap', async () => {
    const dir = tempDir();
    const cache = await openFeatureCache(dir);
    const part = (fill: number) => [{ part: 'x:1', bytes: new Uint8Array(400_000).fill(fill) }];
    const keys = ['a', 'b', 'c'].map((name) => cache.pictureKey(Buffer.from(name), {}));
    for (const [i, key] of keys.entries()) expect(await cache.keep(key, part(i))).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await cache.keep(keys[2], [])).toBeUndefined(); // c used again, later
    expect(await cacheContents(dir)).toMatchObject({ pictures: 3, bytes: 3 * 400_008 });
    expect(await trimFeatureCache({ dir, maxBytes: 2_000_000 })).toEqual({ pictures: 0, bytes: 0 });
    expect(await trimFeatureCache({ dir, maxBytes: 1_000_000 })).toEqual({ pictures: 2, bytes: 2 * 400_008 });
    expect(cache.get(keys[0], 'x:1', 400_000)).toBeUndefined();
    expect(cache.get(keys[1], 'x:1', 400_000)).toBeUndefined();
    expect(cache.get(keys[2], 'x:1', 400_000)?.[0]).toBe(2);
    expect(await cacheContents(dir)).toMatchObject({ pictures: 1, bytes: 400_008 });
  });
});
