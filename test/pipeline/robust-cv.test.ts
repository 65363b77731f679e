// cv --images under a test condition, with augmentation and with group folds,
// checked against what each must equal: a no-op processing scores exactly the
// clean folds; identity copies of every training picture fit the model that
// half the L2 penalty fits without them (the summed loss doubles); the same
// bytes for any thread count; features --augment writes the copies' rows.
import { readFileSync, renameSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { persodata } from '../helpers/cli.js';
import { writePictures } from '../helpers/generated-pictures.js';
import { tempDir } from '../helpers/temp-dir.js';

interface CvJson {
  folds: Array<{ auc: number }>;
  mean_auc: number;
  test_transform?: { steps: string; folds: number[]; mean_auc: number };
  groups?: number;
}

async function pictures(): Promise<string> {
  const dir = tempDir();
  await writePictures(dir, { perClass: 20, trace: 3 });
  return dir;
}

const kinds = ['--kinds', 'spectrum,residual', '--grid', '8', '--model', 'logistic'];

describe('cv --images --test-transform, --augment, --group-by-folder', () => {
  it('a processing that changes nothing scores the clean folds exactly; JPEG at 30 does not', async () => {
    const dir = await pictures();
    const same = persodata('cv', '--images', dir, ...kinds, '--test-transform', 'scale=1', '--json');
    expect(same.code, same.stderr).toBe(0);
    const a = JSON.parse(same.stdout) as CvJson;
    expect(a.test_transform!.folds).toEqual(a.folds.map((f) => f.auc));
    const jpeg = persodata('cv', '--images', dir, ...kinds, '--test-transform', 'quality=30', '--json');
    const b = JSON.parse(jpeg.stdout) as CvJson;
    expect(b.test_transform!.steps).toBe('quality 30');
    expect(b.folds.map((f) => f.auc)).toEqual(a.folds.map((f) => f.auc));
    expect(b.test_transform!.folds).not.toEqual(b.folds.map((f) => f.auc));
    const text = persodata('cv', '--images', dir, ...kinds, '--test-transform', 'quality=30', '-q');
    expect(text.stdout).toMatch(/processed \(quality 30\): mean AUC [\d.]+ ± [\d.]+ \(clean: [\d.]+ ± [\d.]+\)/);
  });

  it('identity copies double the training rows and fit what half the L2 penalty fits', async () => {
    const dir = await pictures();
    const aug = persodata('cv', '--images', dir, ...kinds, '--augment', 'scale=1', '-q');
    expect(aug.code, aug.stderr).toBe(0);
    expect(aug.stdout).toContain('(64 train, 8 held out)');
    const run = (...more: string[]) =>
      (
        JSON.parse(persodata('cv', '--images', dir, ...kinds, '--metric', 'log-loss', '--json', ...more).stdout) as {
          folds: Array<{ 'log-loss': number }>;
        }
      ).folds.map((f) => f['log-loss']);
    const augmented = run('--augment', 'scale=1');
    const half = run('--l2', '0.5');
    augmented.forEach((v, i) => expect(v).toBeCloseTo(half[i], 4));
    // and the penalty shows in the held-out log loss: the check can fail
    const plain = run();
    expect(Math.max(...plain.map((v, i) => Math.abs(v - half[i])))).toBeGreaterThan(1e-3);
  });

  it('gives the same bytes for 1 and 2 threads with random processing', async () => {
    const dir = await pictures();
    const args = ['cv', '--images', dir, ...kinds, '--augment', 'crop=0.6-1,quality=60-95', '--augment-copies', '2'];
    const one = persodata(...args, '--test-transform', 'crop=0.5-1,size=24,quality=65-100', '--json', '--threads', '1');
    const two = persodata(...args, '--test-transform', 'crop=0.5-1,size=24,quality=65-100', '--json', '--threads', '2');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(two.stdout);
  });

  it('--group-by-folder keeps each source folder in one fold', async () => {
    const dir = await pictures();
    for (const cls of ['real', 'fake'])
      readdirSync(join(dir, cls)).forEach((f, i) => {
        mkdirSync(join(dir, cls, `s${i % 4}`), { recursive: true });
        renameSync(join(dir, cls, f), join(dir, cls, `s${i % 4}`, f));
      });
    const r = persodata('cv', '--images', dir, ...kinds, '--group-by-folder', '--folds', '4', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as CvJson).groups).toBe(4);
    // one group a fold: 10 pictures held out each
    const text = persodata('cv', '--images', dir, ...kinds, '--group-by-folder', '--folds', '4', '-q');
    expect(text.stdout.match(/\(30 train, 10 held out\)/g)).toHaveLength(4);
    const tooMany = persodata('cv', '--images', dir, ...kinds, '--group-by-folder', '--folds', '5');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('only 4 group(s)');
  });

  it('features --augment writes each copy as a row NAME#augK with its label; misuse exits 2', async () => {
    const dir = await pictures();
    const out = tempDir();
    const r = persodata(
      'features',
      '--images',
      dir,
      ...kinds.slice(0, 4),
      '--augment',
      'web',
      '--augment-copies',
      '2',
      '--out',
      out,
      '-q',
    );
    expect(r.code, r.stderr).toBe(0);
    const ids = readFileSync(join(out, 'perso_train.ids'), 'utf8').trim().split('\n');
    const labels = readFileSync(join(out, 'perso_train.solution'), 'utf8').trim().split('\n');
    expect(ids).toHaveLength(120);
    const label = new Map(ids.map((id, i) => [id, labels[i]]));
    for (const id of ids.filter((x) => !x.includes('#'))) {
      expect(label.get(`${id}#aug1`)).toBe(label.get(id));
      expect(label.get(`${id}#aug2`)).toBe(label.get(id));
    }
    const noAugment = persodata('features', '--images', dir, '--augment-copies', '2', '--out', tempDir());
    expect(noAugment.code).toBe(2);
    expect(noAugment.stderr).toContain('--augment-copies applies to --augment');
    const onFeatures = persodata('cv', '--data', out, '--test-transform', 'vip');
    expect(onFeatures.code).toBe(2);
    expect(onFeatures.stderr).toContain('--test-transform applies to cv --images');
  });
});
