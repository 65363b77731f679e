// The ways issue 12 found to get a wrong answer, a crash or a stack trace,
// each run as a user would: now a clear error (exit 2, nothing written) or,
// for what can be read safely, a warning.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFeatureDataset } from '../../src/io/write-automl.js';
import { makePersoLike } from '../../src/synthetic/perso-like.js';
import { NOBODY, persodata, persodataAs, ROOT } from '../helpers/cli.js';
import { IMAGES_SAMPLE, PCA_SAMPLE } from '../helpers/samples.js';
import { tempDir } from '../helpers/temp-dir.js';

function copySample(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(PCA_SAMPLE.dir))
    if (f.startsWith('perso_') && !f.endsWith('.npy')) copyFileSync(join(PCA_SAMPLE.dir, f), join(dir, f));
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
    refused(
      persodata('pca', '--images', images, '--out', out, '--components', '2', '--quiet'),
      /perso_train\.data already exists/,
    );
    const r = persodata('pca', '--images', images, '--out', out, '--components', '2', '--force');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('perso_test.data, perso_test.solution');
    expect(readdirSync(out).sort()).toEqual([
      'perso_feat.name',
      'perso_public.info',
      'perso_train.data',
      'perso_train.ids',
    ]);
  });

  it('a folder in the way, a file in the path, an unwritable folder, --name outside --out: refused before any work', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    writeFileSync(join(work, 'file'), 'x');
    mkdirSync(join(work, 'folder.json'));
    refused(
      persodata('train', '--data', data, '--out', join(work, 'file', 'model.json')),
      `${join(work, 'file', 'model.json')}: a part of the path is a file, not a folder`,
    );
    refused(
      persodata('train', '--data', data, '--out', join(work, 'folder.json'), '--force'),
      `${join(work, 'folder.json')}: is a folder, not a file`,
    );
    refused(
      persodata('pca', '--images', pictures(join(work, 'pics')), '--out', join(work, 'out'), '--name', '../..'),
      /--name.*expected a plain name/,
    );
    mkdirSync(join(work, 'predict'));
    mkdirSync(join(work, 'predict', 'perso_test.predict')); // a folder where one of two outputs goes
    const model = join(work, 'model.json');
    expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
    refused(
      persodata('predict', '--model', model, '--data', data, '--out', join(work, 'predict'), '--force'),
      'perso_test.predict: is a folder, not a file',
    );
    expect(readdirSync(join(work, 'predict'))).toEqual(['perso_test.predict']); // valid's file not written either
    if (process.getuid?.() === 0) {
      chmodSync(work, 0o755);
      const locked = join(work, 'locked');
      mkdirSync(locked, { mode: 0o755 }); // nobody may not write here
      refused(
        persodataAs(NOBODY, 'train', '--data', data, '--out', join(locked, 'm.json')),
        `${join(locked, 'm.json')}: cannot write in ${locked}: permission denied`,
      );
    }
  });

  it('--force never writes over a file the run reads', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    const before = readFileSync(join(data, 'perso_train.data'), 'utf8');
    refused(
      persodata('train', '--data', data, '--out', join(data, 'perso_train.data'), '--force'),
      `${join(data, 'perso_train.data')}: is an input of this run; refusing to write over it, even with --force`,
    );
    expect(readFileSync(join(data, 'perso_train.data'), 'utf8')).toBe(before);
    refused(
      persodata('cv', '--data', data, '--report', join(data, 'perso_train.solution'), '--force', '--quiet'),
      'perso_train.solution: is an input of this run',
    );
    expect(readFileSync(join(data, 'perso_train.solution'), 'utf8')).toBe(
      readFileSync(join(PCA_SAMPLE.dir, 'perso_train.solution'), 'utf8'),
    );
    const model = join(work, 'model.json');
    expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
    refused(
      persodata('predict', '--model', model, '--data', data, '--zip', model, '--force'),
      `${model}: is an input of this run`,
    );
  });

  it('--force never writes over a side file or a picture the run reads, refused before the work; nor over a device', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    const pics = join(work, 'pics');
    for (const [cls, names] of [
      ['real', ['train_000.png', 'train_001.png', 'train_002.png', 'train_003.png']],
      ['fake', ['train_004.png', 'train_005.png', 'train_006.png', 'train_007.png']],
    ] as const)
      pictures(join(pics, cls), [...names]);
    const model = join(work, 'model.json');
    expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
    const side = (name: string) => join(data, name);
    const cases: Array<[string[], string]> = [
      [['train', '--data', data, '--out', side('perso_feat.name'), '--force'], side('perso_feat.name')],
      [['cv', '--data', data, '--report', side('perso_public.info'), '--force'], side('perso_public.info')],
      [['cv', '--data', data, '--report', side('perso_train.data'), '--force'], side('perso_train.data')],
      [
        ['predict', '--model', model, '--data', data, '--zip', side('perso_feat.name'), '--force'],
        side('perso_feat.name'),
      ],
      [
        [
          'cv',
          '--images',
          pics,
          '--kinds',
          'spectrum',
          '--folds',
          '2',
          '--report',
          join(pics, 'real/train_000.png'),
          '--force',
        ],
        join(pics, 'real/train_000.png'),
      ],
      [
        ['train', '--images', pics, '--kinds', 'spectrum', '--out', join(pics, 'fake/train_004.png'), '--force'],
        join(pics, 'fake/train_004.png'),
      ],
      [
        [
          'features',
          '--images',
          pics,
          '--kinds',
          'spectrum',
          '--out',
          join(work, 'f'),
          '--save',
          join(pics, 'fake/train_005.png'),
          '--force',
        ],
        join(pics, 'fake/train_005.png'),
      ],
    ];
    const before = new Map(cases.map(([, path]) => [path, readFileSync(path)]));
    for (const [args, path] of cases) {
      const r = persodata(...args);
      refused(r, `${path}: is an input of this run; refusing to write over it, even with --force`);
      // before the work: no fold was scored
      expect(r.stdout).not.toContain('fold 1');
      expect(readFileSync(path).equals(before.get(path)!)).toBe(true);
    }
    // files beside the dataset that no run reads (an earlier run's predictions) are no inputs: --force replaces them
    expect(persodata('predict', '--model', model, '--data', data, '--out', data, '-q').code).toBe(0);
    expect(persodata('predict', '--model', model, '--data', data, '--out', data, '--force', '-q').code).toBe(0);
    // a picture model's prediction over one of the pictures it scores
    const picModel = join(work, 'pictures.json');
    expect(persodata('train', '--images', pics, '--kinds', 'spectrum', '--out', picModel, '-q').code).toBe(0);
    refused(
      persodata('predict', '--model', picModel, '--images', pics, '--out', join(pics, 'real/train_001.png'), '--force'),
      'train_001.png: is an input of this run',
    );
    // a FIFO (a device node needs root; a FIFO is refused by the same check)
    const fifo = join(work, 'fifo');
    spawnSync('mkfifo', [fifo]);
    refused(
      persodata('train', '--data', data, '--out', fifo, '--force'),
      `${fifo}: is not a regular file (a device, FIFO or socket); persodata writes only regular files, even with --force`,
    );
    if (process.getuid?.() === 0) {
      const node = join(work, 'mynull');
      spawnSync('mknod', [node, 'c', '1', '3']);
      refused(persodata('train', '--data', data, '--out', node, '--force'), `${node}: is not a regular file`);
      expect(statSync(node).isCharacterDevice()).toBe(true);
    }
    // Node's recursive mkdir loops for ever under /proc; the folders are made one at a time
    const proc = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/persodata.js'), 'train', '--data', data, '--out', '/proc/nonexistent/m.json'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(proc.status).toBe(2);
    expect(proc.stderr).toContain('/proc/nonexistent/m.json');
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
  it('a picture whose header says 0x0 is named (it made the audit NaN and stopped every picture command); --skip-bad skips it', () => {
    const dir = tempDir();
    pictures(join(dir, 'real'), ['train_000.png', 'train_001.png', 'train_002.png']);
    pictures(join(dir, 'fake'), ['train_003.png', 'train_004.png', 'train_005.png']);
    writeFileSync(join(dir, 'real', 'zero.png'), pngClaiming(0, 0));
    const out = join(tempDir(), 'f');
    for (const command of ['features', 'cv', 'train'] as const) {
      const args =
        command === 'train'
          ? ['--out', join(tempDir(), 'm.json')]
          : command === 'features'
            ? ['--out', out]
            : ['--folds', '2'];
      refused(
        persodata(command, '--images', dir, '--kinds', 'spectrum', ...args),
        'real/zero.png: the header gives a size of 0x0: a picture without pixels',
      );
    }
    const skipped = persodata('features', '--images', dir, '--kinds', 'spectrum', '--out', out, '--skip-bad');
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain('skipped train real/zero.png: the header gives a size of 0x0');
    expect(readFileSync(join(out, 'perso_train.ids'), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('a picture over --max-pixels is refused from its header, naming the file and its size', () => {
    const work = tempDir();
    const images = pictures(join(work, 'pics'));
    writeFileSync(join(images, 'bomb.png'), pngClaiming(20000, 20000));
    const out = join(work, 'out');
    refused(
      persodata('pca', '--images', images, '--out', out, '--components', '2'),
      /bomb\.png: 20000x20000 pixels \(400,000,000\), more than --max-pixels 100,000,000/,
    );
    expect(existsSync(out)).toBe(false);
    const skipped = persodata('pca', '--images', images, '--out', out, '--components', '2', '--skip-bad');
    expect(skipped.stderr).toMatch(/skipped train bomb\.png: 20000x20000 pixels/);
    expect(skipped.code).toBe(0);
    refused(
      persodata('pca', '--images', images, '--out', join(work, 'out2'), '--components', '2', '--max-pixels', '10000'),
      /train_000\.png: 128x128 pixels \(16,384\), more than --max-pixels 10,000/,
    );
  });

  it('a JPEG whose scan ends early is refused (a 270-byte file decoded to 9000x9000 grey)', async () => {
    const sharp = (await import('sharp')).default;
    const small = await sharp(readFileSync(join(IMAGES_SAMPLE, 'train_001.png')))
      .jpeg({ quality: 80 })
      .toBuffer();
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
    refused(
      persodata('pca', '--images', images, '--out', join(work, 'out'), '--components', '2'),
      /1 file\(s\) could not be read as images.*\n {2}short\.jpg: /,
    );
  });

  it('a name with a line break is refused at pca time; a link loop and a FIFO are skipped with a warning', () => {
    const work = tempDir();
    const images = pictures(join(work, 'pics'));
    copyFileSync(join(images, 'train_000.png'), join(images, 'two\nlines.png'));
    refused(
      persodata('pca', '--images', images, '--out', join(work, 'out'), '--components', '2'),
      `${images}/two\\x0alines.png: the picture's name holds a line break`,
    );
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

describe('model files', () => {
  it('any changed byte is caught by the checksum; without one, a forest leaf outside [0, 1] and a fractional split feature are refused', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    const out = join(work, 'predictions');
    for (const kind of ['forest', 'gbdt']) {
      const model = join(work, `${kind}.json`);
      expect(
        persodata(
          'train',
          '--data',
          data,
          '--model',
          kind,
          '--trees',
          '5',
          '--min-leaf',
          '3',
          '--out',
          model,
          '--quiet',
        ).code,
      ).toBe(0);
      const text = readFileSync(model, 'utf8');
      // one digit of the options changed: still a valid model, but not the one written
      writeFileSync(model, text.replace('"seed":0', '"seed":1'));
      refused(
        persodata('predict', '--model', model, '--data', data, '--out', out),
        `${kind}.json: the checksum does not match the contents`,
      );
      expect(existsSync(out)).toBe(false);
    }
    const forest = JSON.parse(readFileSync(join(work, 'forest.json'), 'utf8').replace('"seed":1', '"seed":0'));
    delete forest.checksum;
    const tree = forest.state.trees[0];
    const value = Buffer.from(tree.value, 'base64');
    const feature = new Int32Array(Uint8Array.from(Buffer.from(tree.feature, 'base64')).buffer);
    const leaf = feature.findIndex((f) => f === -1);
    value.writeDoubleLE(858993459.7, leaf * 8);
    tree.value = value.toString('base64');
    writeFileSync(join(work, 'forest.json'), JSON.stringify(forest));
    refused(
      persodata('predict', '--model', join(work, 'forest.json'), '--data', data, '--out', out),
      `forest.json: forest model: tree 0: leaf ${leaf} holds 858993459.7, not a class share in [0, 1]`,
    );
    const gbdt = JSON.parse(readFileSync(join(work, 'gbdt.json'), 'utf8').replace('"seed":1', '"seed":0'));
    delete gbdt.checksum;
    const split = gbdt.state.trees[0].feature.findIndex((f: number) => f >= 0);
    expect(split).toBeGreaterThanOrEqual(0);
    gbdt.state.trees[0].feature[split] = -0.5;
    writeFileSync(join(work, 'gbdt.json'), JSON.stringify(gbdt));
    refused(
      persodata('predict', '--model', join(work, 'gbdt.json'), '--data', data, '--out', out),
      `gbdt.json: gbdt model: tree 0: "feature" of node ${split} must be an integer, got -0.5`,
    );
  });

  it('without a checksum, a logistic model or calibrator whose values give no probability is refused; nothing outside [0, 1] is written', () => {
    const work = tempDir();
    const data = copySample(join(work, 'data'));
    const out = join(work, 'predictions');
    const model = join(work, 'logistic.json');
    expect(persodata('train', '--data', data, '--calibrate', 'isotonic', '--out', model, '--quiet').code).toBe(0);
    const base = JSON.parse(readFileSync(model, 'utf8'));
    delete base.checksum; // as an older model file, or a hand-edited one
    const edited = (change: (m: typeof base) => void) => {
      const m = structuredClone(base);
      change(m);
      const path = join(work, 'edited.json');
      writeFileSync(path, JSON.stringify(m));
      return persodata('predict', '--model', path, '--data', data, '--out', out);
    };
    for (const [change, message] of [
      [
        (m: typeof base) => (m.state.coef = m.state.coef.map(() => 1e308)),
        /edited\.json: row \d+ gets the probability NaN, outside \[0, 1\]: the model's values are out of range/,
      ],
      [
        (m: typeof base) => (m.state.scale[3] = 0),
        'edited.json: logistic model: state.scale[3] is 0; every scale must be above 0',
      ],
      [
        (m: typeof base) => (m.postprocess.calibration.y = m.postprocess.calibration.y.map(() => 2)),
        'edited.json: "postprocess" has a calibration that is neither isotonic',
      ],
      [
        (m: typeof base) => (m.postprocess.calibration.y = m.postprocess.calibration.y.map(() => -1)),
        'y in [0, 1] never decreasing',
      ],
      [(m: typeof base) => (m.postprocess.calibration = { kind: 'isotonic', x: [], y: [] }), 'at least one'],
    ] as const) {
      refused(edited(change), message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a PCA file with NaN in its mean or components is refused', () => {
    const work = tempDir();
    const images = pictures(join(work, 'pics'));
    const saved = join(work, 'pca.json');
    expect(
      persodata(
        'pca',
        '--images',
        images,
        '--out',
        join(work, 'fit'),
        '--size',
        '8',
        '--components',
        '2',
        '--save',
        saved,
        '--quiet',
      ).code,
    ).toBe(0);
    const pca = JSON.parse(readFileSync(saved, 'utf8'));
    const mean = Buffer.from(pca.mean, 'base64');
    mean.writeDoubleLE(Number.NaN, 8 * 5);
    pca.mean = mean.toString('base64');
    writeFileSync(saved, JSON.stringify(pca));
    refused(
      persodata('pca', '--model', saved, '--test-images', images, '--out', join(work, 'out')),
      'pca.json: "mean": value 5 is NaN; a PCA holds finite numbers only',
    );
    expect(existsSync(join(work, 'out'))).toBe(false);
  });
});

describe('fits', () => {
  it('--trees 1e9 and --learning-rate 1e308 are refused up front, in flag terms', () => {
    const data = copySample(join(tempDir(), 'data'));
    refused(
      persodata('train', '--data', data, '--model', 'gbdt', '--trees', '1000000000', '--out', join(data, 'm.json')),
      '--trees x --leaves is 1000000000 x 31 = 31,000,000,000 leaves in all; a model holds at most 5,000,000',
    );
    refused(
      persodata('train', '--data', data, '--model', 'gbdt', '--learning-rate', '1e308', '--out', join(data, 'm.json')),
      "option '--learning-rate <x>' argument '1e308' is invalid. expected a number in (0, 10]",
    );
    refused(
      persodata('cv', '--data', data, '--model', 'forest', '--max-features', '1000'),
      '--max-features is 1000, more than the 200 features',
    );
  });

  it('a duplicated label column is refused instead of becoming a feature (cv said AUC 1.00000)', () => {
    const work = tempDir();
    const rows = ['id,a,b,label,label'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${(i * 7) % 11},${(i * 5) % 13},${i % 2},${1 - (i % 2)}`);
    writeFileSync(join(work, 't.csv'), rows.join('\n') + '\n');
    refused(
      persodata('cv', '--data', join(work, 't.csv')),
      't.csv line 1, columns 4 and 5: the header names "label" twice',
    );
  });

  it('Ctrl-C stops a gbdt fit within a second, exit 130, nothing written', async () => {
    const work = tempDir();
    await writeFeatureDataset(makePersoLike(join(work, 'data'), { train: 20000, valid: 10, test: 10, features: 100 }));
    const model = join(work, 'model.json');
    const child = spawn(process.execPath, [
      join(ROOT, 'bin/persodata.js'),
      'train',
      '--data',
      join(work, 'data'),
      '--model',
      'gbdt',
      '--trees',
      '3000',
      '--out',
      model,
      '--quiet',
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.on('exit', (code) => resolve({ code, at: Date.now() })),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500)); // start-up and binning done: trees are growing
    const sent = Date.now();
    child.kill('SIGINT');
    const { code, at } = await exited;
    expect(stderr).toContain('persodata: interrupted');
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(1000);
    expect(existsSync(model)).toBe(false);
    expect(readdirSync(work)).toEqual(['data']);
  });
});

describe('smaller refusals', () => {
  it('train --calibrate on too few rows names its own need; control bytes in a column name are printed escaped', () => {
    const dir = tempDir();
    const csv = join(dir, 'tiny.csv');
    writeFileSync(
      csv,
      ['a,b\x1b[31m,label', '1,2,1', '2,1,0', '3,3,1', '4,1,0', '5,6,1', '1,1,0', '2,2,1', '3,0,0'].join('\n'),
    );
    refused(
      persodata('train', '--data', csv, '--calibrate', 'isotonic', '--out', join(dir, 'm.json')),
      '--calibrate fits on 5-fold out-of-fold scores, which need 5 training rows of each class; class 1 has 4',
    );
    const r = persodata('train', '--data', csv, '--model', 'gbdt', '--min-leaf', '1', '--out', join(dir, 'm.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain('b\\x1b[31m');
  });

  it('flags that would do nothing are refused: --clip off id-p-real, --names with a feature folder, PCA settings with a saved featurizer', () => {
    const model = join(tempDir(), 'm.json');
    expect(persodata('train', '--out', model, '-q').code).toBe(0);
    const out = tempDir();
    refused(
      persodata('predict', '--model', model, '--format', 'name-pred', '--clip', '0.1', '--out', out),
      '--clip applies to --format id-p-real; --format name-pred writes no clipped probability',
    );
    refused(
      persodata('predict', '--model', model, '--names', 'stem', '--out', out),
      '--names says how picture rows are named (--images, --images-list)',
    );
    refused(
      persodata(
        'features',
        '--model',
        model,
        '--test-images',
        IMAGES_SAMPLE,
        '--components',
        '5',
        '--out',
        join(out, 'f'),
      ),
      "option '--model <featurizer.json>' cannot be used with option '--components <n>'",
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('features --skip-bad that would skip every picture refuses rather than write an empty set', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'fake'));
    writeFileSync(join(dir, 'real', 'a.png'), 'not a picture');
    writeFileSync(join(dir, 'fake', 'b.png'), 'nor this');
    const out = join(tempDir(), 'f');
    refused(
      persodata('features', '--images', dir, '--kinds', 'spectrum', '--out', out, '--skip-bad'),
      '2 file(s) could not be read as images (every one of them: --skip-bad would leave an empty train set)',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a picture model refuses --positive fake, and a list path with a control byte; predict names no --skip-bad it lacks', () => {
    const work = tempDir();
    const pics = join(work, 'pics');
    pictures(join(pics, 'real'), ['train_000.png', 'train_001.png', 'train_002.png']);
    pictures(join(pics, 'fake'), ['train_003.png', 'train_004.png', 'train_005.png']);
    const model = join(work, 'm.json');
    expect(persodata('train', '--images', pics, '--kinds', 'spectrum', '--out', model, '-q').code).toBe(0);
    const out = join(work, 'out.csv');
    refused(
      persodata('predict', '--model', model, '--images', pics, '--positive', 'fake', '--out', out),
      'm.json was fitted on pictures, where label 1 is always real',
    );
    writeFileSync(join(work, 'list.csv'), 'path\npics/real/train_000.png\n"pics/real/a\x1bb.png"\n');
    writeFileSync(join(work, 'pics/real/a\x1bb.png'), readFileSync(join(IMAGES_SAMPLE, 'train_000.png')));
    refused(
      persodata('predict', '--model', model, '--images-list', join(work, 'list.csv'), '--out', out),
      'list.csv line 3, column 1: pics/real/a\\x1bb.png: the path holds a line break or control character',
    );
    writeFileSync(join(work, 'broken.png'), 'not a picture');
    writeFileSync(join(work, 'list2.csv'), 'path\nbroken.png\n');
    const broken = persodata('predict', '--model', model, '--images-list', join(work, 'list2.csv'), '--out', out);
    refused(broken, 'could not be read as images (a submission scores every picture: replace or remove them)');
    expect(broken.stderr).not.toContain('--skip-bad');
    expect(existsSync(out)).toBe(false);
  });
});
