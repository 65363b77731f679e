// The README's recipes, run as written: each `# recipe: NAME` block's
// commands, in a folder laid out as its challenge ships its files (the
// PersoData sample in data/, pictures made here), with `persodata` the
// command the README's install line puts on the PATH (into a temporary
// prefix here), and the answer file checked: its format, its row names, and
// its score against the truth.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { writePictures, type GeneratedPicture } from './helpers/generated-pictures.js';
import { bruteForceAuc } from './helpers/naive.js';
import { PCA_SAMPLE } from './helpers/samples.js';

const README = () => readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The commands of the README block marked `# recipe: name`, each split into its words. */
function recipe(name: string): string[][] {
  const block = [...README().matchAll(/```sh\n([\s\S]*?)```/g)].find((m) => m[1].startsWith(`# recipe: ${name}\n`));
  if (!block) throw new Error(`README.md has no "# recipe: ${name}" block`);
  return block[1]
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/));
}

/** PATH with the folder the README's install line put `persodata` in first. */
let searchPath = '';
const prefix = mkdtempSync(join(tmpdir(), 'persodata-prefix-'));

beforeAll(() => {
  // the README's line, as a user types it in the clone; into a temporary prefix here, and without the
  // package's own build script (npm test has just built dist/, and other tests read it meanwhile)
  const install = 'npm install -g .';
  expect(README().split('\n')).toContain(install);
  const r = spawnSync(
    'npm',
    [...install.split(' ').slice(1), '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  searchPath = [join(prefix, 'bin'), process.env.PATH ?? ''].join(delimiter);
}, 120_000);

/** Runs a recipe's commands in `dir` as a user would, `persodata` found on the PATH; all must succeed. */
function run(name: string, dir: string): string[] {
  const outputs: string[] = [];
  const log: string[] = [];
  for (const words of recipe(name)) {
    expect(words[0]).toBe('persodata');
    const r = spawnSync(words[0], words.slice(1), {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: searchPath },
    });
    expect(r.status, `${words.join(' ')}\n${r.stderr}`).toBe(0);
    outputs.push(r.stdout);
    log.push(`$ ${words.join(' ')}`, r.stderr + r.stdout);
  }
  // KEEP_RECIPES=1 keeps the folders, with what each command printed (the README's expected outputs)
  if (process.env.KEEP_RECIPES) writeFileSync(join(dir, 'recipe.log'), log.join('\n'));
  return outputs;
}

const roots: string[] = [];
function layout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-recipe-'));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  rmSync(prefix, { recursive: true, force: true });
  if (!process.env.KEEP_RECIPES) for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

/** The rows of a CSV with a header: [first column, number]. */
const rowsOf = (path: string, header: string) => {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  expect(lines[0]).toBe(header);
  return lines.slice(1).map((l) => {
    const [name, value] = l.split(',');
    return { name, value: Number(value) };
  });
};

const fakeOf = (pictures: readonly GeneratedPicture[], folder = '') =>
  new Map(pictures.map((p) => [`${folder}${p.name}`, p.fake]));

describe('README recipes', () => {
  it('PersoData: AutoML in, a Codalab zip out', () => {
    const dir = layout();
    mkdirSync(join(dir, 'perso_data'));
    cpSync(PCA_SAMPLE.dir, join(dir, 'perso_data'), { recursive: true });
    const [cv] = run('persodata', dir);
    expect(cv).toMatch(/mean AUC [\d.]+ ± [\d.]+ over 5 folds \(gbdt\)/);
    const zip = unzipSync(readFileSync(join(dir, 'submission.zip')));
    expect(Object.keys(zip).sort()).toEqual(['perso_test.predict', 'perso_valid.predict']);
    const lines = (name: string) => new TextDecoder().decode(zip[name]).trim().split('\n').map(Number);
    expect(lines('perso_valid.predict')).toHaveLength(5);
    expect(lines('perso_test.predict')).toHaveLength(10);
    for (const p of [...lines('perso_valid.predict'), ...lines('perso_test.predict')]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('Who took this photo: train.csv with 1 = fake, name,pred sorted by name, accuracy', async () => {
    const dir = layout();
    const train = await writePictures(join(dir, 'train'), { perClass: 30, size: 128, layout: 'flat', seed: 11 });
    writeFileSync(
      join(dir, 'train.csv'),
      ['name,label', ...train.map((p) => `${p.name},${p.fake ? 1 : 0}`)].join('\n'),
    );
    const test = await writePictures(join(dir, 'test'), { perClass: 10, size: 128, layout: 'flat', seed: 12 });
    const [cv, fit] = run('who-took-this-photo', dir);
    expect(cv).toMatch(/mean accuracy [\d.]+ ± [\d.]+/);
    expect(fit).toMatch(/threshold for accuracy: label 1 above [\d.]+/);
    const rows = rowsOf(join(dir, 'submission.csv'), 'name,pred');
    expect(rows.map((r) => r.name)).toEqual(test.map((p) => p.name).sort());
    const fake = fakeOf(test);
    const correct = rows.filter((r) => r.value > 0.5 === fake.get(r.name)).length;
    expect(correct / rows.length).toBeGreaterThanOrEqual(0.85);
  });

  it('DL-Hack: 512x512 pictures, id,p_real clipped, log loss', async () => {
    const dir = layout();
    await writePictures(join(dir, 'train'), { perClass: 30, size: 512, format: 'jpeg', seed: 21 });
    const test = await writePictures(join(dir, 'test'), {
      perClass: 5,
      size: 512,
      format: 'jpeg',
      layout: 'flat',
      seed: 22,
    });
    const [cv, fit] = run('dl-hack', dir);
    expect(cv).toMatch(/mean log-loss [\d.]+ ± [\d.]+/);
    expect(fit).toMatch(/calibration: isotonic on 5-fold out-of-fold scores/);
    const rows = rowsOf(join(dir, 'submission.csv'), 'id,p_real');
    expect(rows.map((r) => r.name)).toEqual(test.map((p) => p.name.replace(/\.jpg$/, '')));
    const fake = new Map(test.map((p) => [p.name.replace(/\.jpg$/, ''), p.fake]));
    let loss = 0;
    for (const r of rows) {
      expect(r.value).toBeGreaterThanOrEqual(0.025);
      expect(r.value).toBeLessThanOrEqual(0.975);
      loss -= Math.log(fake.get(r.name) ? 1 - r.value : r.value);
    }
    expect(loss / rows.length).toBeLessThan(Math.log(2) / 2); // well below a coin's
  });

  it('multi-FFDI: img_name,target label file, img_name,y_pred, AUC', async () => {
    const dir = layout();
    const train = await writePictures(join(dir, 'trainset'), { perClass: 30, layout: 'flat', seed: 31 });
    writeFileSync(
      join(dir, 'trainset_label.txt'),
      ['img_name,target', ...train.map((p) => `${p.name},${p.fake ? 1 : 0}`)].join('\n'),
    );
    const val = await writePictures(join(dir, 'valset'), { perClass: 10, layout: 'flat', seed: 32 });
    const [cv] = run('multi-ffdi', dir);
    expect(cv).toMatch(/mean tpr-at-fpr 0.001 [\d.]+ ± [\d.]+/);
    const rows = rowsOf(join(dir, 'prediction.csv'), 'img_name,y_pred');
    expect(rows.map((r) => r.name)).toEqual(val.map((p) => p.name));
    const fake = fakeOf(val);
    const auc = bruteForceAuc(
      rows.map((r) => (fake.get(r.name) ? 1 : 0)),
      rows.map((r) => r.value),
    );
    expect(auc).toBeGreaterThanOrEqual(0.95);
  });

  it('VIP Cup: input.csv in, output.csv out in its order, logit > 0 = synthetic, balanced accuracy', async () => {
    const dir = layout();
    await writePictures(join(dir, 'train'), { perClass: 30, seed: 41 });
    const test = await writePictures(join(dir, 'test'), { perClass: 10, layout: 'flat', seed: 42 });
    const listed = [...test].reverse().map((p) => `test/${p.name}`);
    // the Cup's input.csv: a filename column
    writeFileSync(join(dir, 'input.csv'), ['filename', ...listed].join('\n') + '\n');
    run('vip-cup', dir);
    const rows = rowsOf(join(dir, 'output.csv'), 'filename,logit');
    expect(rows.map((r) => r.name)).toEqual(listed);
    const fake = fakeOf(test, 'test/');
    const recall = (cls: boolean) => {
      const of = rows.filter((r) => fake.get(r.name) === cls);
      return of.filter((r) => r.value > 0 === cls).length / of.length;
    };
    expect((recall(true) + recall(false)) / 2).toBeGreaterThanOrEqual(0.85);
  });
});
