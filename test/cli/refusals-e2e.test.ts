// The ways issue 12 found to get a wrong answer, a crash or a stack trace,
// each run as a user would: now a clear error (exit 2, nothing written) or,
// for what can be read safely, a warning.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFeatureDataset } from '../../src/io/write-automl.js';
import { makePersoLike } from '../../src/synthetic/perso-like.js';
import { NOBODY, persodata, persodataAs, ROOT } from '../helpers/cli.js';
import { IMAGES_SAMPLE, PCA_SAMPLE } from '../helpers/samples.js';
import { tempDir } from '../helpers/temp-dir.js';

function copySample(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(PCA_SAMPLE.dir)) if (f.startsWith('perso_') && !f.endsWith('.npy')) copyFileSync(join(PCA_SAMPLE.dir, f), join(dir, f));
  return dir;
}

function pictures(dir: string, names = ['train_000.png', 'train_001.png', 'train_002.png', 'train_003.png']): string {
  mkdirSync(dir, { recursive: true });
  for (const n of names) copyFileSync(join(IMAGES_SAMPLE, n), join(dir, n));
  return dir;
}

function refused(r: { code: number; stderr: string }, message: string | RegExp): void {
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.code).toBe(2);
}

describe('outputs', () => {
  it('pca --force into an earlier dataset replaces all of it; without --force the leftovers are named', () => {
    const work = tempDir();
    const out = join(work, 'features');
    copySample(out); // an earlier dataset: train, valid and test with labels
    const images = pictures(join(work, 'pics'));
    refused(persodata('pca', '--images', images, '--out', out, '--components', '2', '--quiet'), /perso_train\.data already exists/);
    const r = persodata('pca', '--images', images, '--out', out, '--components', '2', '--force');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('perso_test.data, perso_test.solution');
    expect(readdirSync(out).sort()).toEqual(['perso_feat.name', 'perso_public.info', 'perso_train.data', 'perso_train.ids']);
  });

  it('a folder in the way, a file in the path, an unwritable folder, --name outside --out: refused before any work', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    writeFileSync(join(work, 'file'), 'x');
    mkdirSync(join(work, 'folder.json'));
    refused(persodata('train', '--data', data, '--out', join(work, 'file', 'model.json')), `${join(work, 'file', 'model.json')}: a part of the path is a file, not a folder`);
    refused(persodata('train', '--data', data, '--out', join(work, 'folder.json'), '--force'), `${join(work, 'folder.json')}: is a folder, not a file`);
    refused(persodata('pca', '--images', pictures(join(work, 'pics')), '--out', join(work, 'out'), '--name', '../..'), /--name.*expected a plain name/);
    mkdirSync(join(work, 'predict'));
    mkdirSync(join(work, 'predict', 'perso_test.predict')); // a folder where one of two outputs goes
    const model = join(work, 'model.json');
    expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
    refused(persodata('predict', '--model', model, '--data', data, '--out', join(work, 'predict'), '--force'), 'perso_test.predict: is a folder, not a file');
    expect(readdirSync(join(work, 'predict'))).toEqual(['perso_test.predict']); // valid's file not written either
    if (process.getuid?.() === 0) {
      chmodSync(work, 0o755);
      const locked = join(work, 'locked');
      mkdirSync(locked, { mode: 0o755 }); // nobody may not write here
      refused(persodataAs(NOBODY, 'train', '--data', data, '--out', join(locked, 'm.json')), `${join(locked, 'm.json')}: cannot write in ${locked}: permission denied`);
    }
  });

  it('--force never writes over a file the run reads', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    const before = readFileSync(join(data, 'perso_train.data'), 'utf8');
    refused(persodata('train', '--data', data, '--out', join(data, 'perso_train.data'), '--force'), `${join(data, 'perso_train.data')}: is an input of this run; refusing to write over it, even with --force`);
    expect(readFileSync(join(data, 'perso_train.data'), 'utf8')).toBe(before);
    refused(persodata('cv', '--data', data, '--report', join(data, 'perso_train.solution'), '--force', '--quiet'), 'perso_train.solution: is an input of this run');
    expect(readFileSync(join(data, 'perso_train.solution'), 'utf8')).toBe(readFileSync(join(PCA_SAMPLE.dir, 'perso_train.solution'), 'utf8'));
    const model = join(work, 'model.json');
    expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
    refused(persodata('predict', '--model', model, '--data', data, '--zip', model, '--force'), `${model}: is an input of this run`);
  });
});

/** A PNG whose header claims width x height (the rest of a real small PNG follows; it is never decoded). */
function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(readFileSync(join(IMAGES_SAMPLE, 'train_000.png')));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png;
}

describe('pictures', () => {
  it('a picture over --max-pixels is refused from its header, naming the file and its size', () => {
    const work = tempDir();
    const images = pictures(join(work, 'pics'));
    writeFileSync(join(images, 'bomb.png'), pngClaiming(20000, 20000));
    const out = join(work, 'out');
    refused(persodata('pca', '--images', images, '--out', out, '--components', '2'), /bomb\.png: 20000x20000 pixels \(400,000,000\), more than --max-pixels 100,000,000/);
    expect(existsSync(out)).toBe(false);
    const skipped = persodata('pca', '--images', images, '--out', out, '--components', '2', '--skip-bad');
    expect(skipped.stderr).toMatch(/skipped train bomb\.png: 20000x20000 pixels/);
    expect(skipped.code).toBe(0);
    refused(persodata('pca', '--images', images, '--out', join(work, 'out2'), '--components', '2', '--max-pixels', '10000'), /train_000\.png: 128x128 pixels \(16,384\), more than --max-pixels 10,000/);
  });

  it('a JPEG whose scan ends early is refused (a 270-byte file decoded to 9000x9000 grey)', async () => {
    const sharp = (await import('sharp')).default;
    const small = await sharp(readFileSync(join(IMAGES_SAMPLE, 'train_001.png'))).jpeg({ quality: 80 }).toBuffer();
    let pos = 2;
    let sof = -1;
    while (small[pos + 1] !== 0xda) {
      if (small[pos + 1] === 0xc0) sof = pos;
      pos += 2 + small.readUInt16BE(pos + 2);
    }
    const bomb = Buffer.from(small.subarray(0, pos + 2 + small.readUInt16BE(pos + 2) + 20));
    bomb.writeUInt16BE(9000, sof + 5);
    bomb.writeUInt16BE(9000, sof + 7);
    const work = tempDir();
    const images = pictures(join(work, 'pics'));
    writeFileSync(join(images, 'short.jpg'), bomb);
    refused(persodata('pca', '--images', images, '--out', join(work, 'out'), '--components', '2'), /1 file\(s\) could not be read as images.*\n {2}short\.jpg: /);
  });

  it('a name with a line break is refused at pca time; a link loop and a FIFO are skipped with a warning', () => {
    const work = tempDir();
    const images = pictures(join(work, 'pics'));
    copyFileSync(join(images, 'train_000.png'), join(images, 'two\nlines.png'));
    refused(persodata('pca', '--images', images, '--out', join(work, 'out'), '--components', '2'), `${images}/two\\x0alines.png: the picture's name holds a line break`);
    const clean = pictures(join(work, 'clean'));
    mkdirSync(join(clean, 'sub'));
    symlinkSync('..', join(clean, 'sub', 'up'));
    symlinkSync('self', join(clean, 'self'));
    const fifo = spawnSyncMkfifo(join(clean, 'pipe.jpg'));
    const r = persodata('pca', '--images', clean, '--out', join(work, 'out'), '--components', '2');
    expect(r.stderr).toContain('warning: ' + `${clean}: skipped sub/up: a link back to a folder above it (a loop)`);
    expect(r.stderr).toContain(`${clean}: skipped self: too many levels of symbolic links`);
    if (fifo) expect(r.stderr).toContain(`${clean}: skipped pipe.jpg: not a regular file`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pca: train 4 pictures/);
  });
});

/** mkfifo PATH; false where the system has none. */
function spawnSyncMkfifo(path: string): boolean {
  const { status } = spawnSync('mkfifo', [path]);
  return status === 0;
}
