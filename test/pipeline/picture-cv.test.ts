// cv --images: with only unfitted kinds it is exactly features then cv (same
// folds, same values); with pca it reports the in-fold protocol and, beside
// it, the leaky one, whose AUC is features (pca fitted on all) then cv's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { persodata } from '../helpers/cli.js';
import { writePictures } from '../helpers/generated-pictures.js';
import { tempDir } from '../helpers/temp-dir.js';

/** 20 real and 20 fake 32x32 PNGs in class folders, the fakes' trace faint enough that the leak shows. */
async function pictures(): Promise<string> {
  const dir = tempDir();
  await writePictures(dir, { perClass: 20, trace: 2 });
  return dir;
}

describe('cv --images', () => {
  it('without a fitted kind, equals features then cv; with pca, reports in-fold and leaky', async () => {
    const dir = await pictures();
    const out = tempDir();
    const kinds = ['--kinds', 'spectrum,residual', '--grid', '8'];
    const direct = persodata('cv', '--images', dir, ...kinds, '--model', 'logistic', '--json');
    expect(direct.code).toBe(0);
    expect(persodata('features', '--images', dir, ...kinds, '--out', out, '-q').code).toBe(0);
    const twoStep = persodata('cv', '--data', out, '--model', 'logistic', '--json');
    const a = JSON.parse(direct.stdout) as { folds: Array<{ auc: number }>; leaky_mean_auc?: number; pictures: number };
    const b = JSON.parse(twoStep.stdout) as { folds: Array<{ auc: number }> };
    expect(a.pictures).toBe(40);
    expect(a.leaky_mean_auc).toBeUndefined();
    a.folds.forEach((f, i) => expect(f.auc).toBeCloseTo(b.folds[i].auc, 6));

    const withPca = persodata(
      'cv',
      '--images',
      dir,
      '--kinds',
      'pca',
      '--components',
      '5',
      '--model',
      'logistic',
      '--json',
    );
    expect(withPca.code).toBe(0);
    const c = JSON.parse(withPca.stdout) as { mean_auc: number; leaky_mean_auc: number };
    const leakyOut = tempDir();
    expect(
      persodata('features', '--images', dir, '--kinds', 'pca', '--components', '5', '--out', leakyOut, '-q').code,
    ).toBe(0);
    const leaky = JSON.parse(persodata('cv', '--data', leakyOut, '--model', 'logistic', '--json').stdout) as {
      mean_auc: number;
    };
    expect(c.leaky_mean_auc).toBeCloseTo(leaky.mean_auc, 6);
    expect(c.mean_auc).not.toBeCloseTo(c.leaky_mean_auc, 6);
    const text = persodata('cv', '--images', dir, '--kinds', 'pca', '--components', '5', '-q');
    expect(text.stdout).toMatch(
      /mean AUC [\d.]+ ± [\d.]+ over 5 folds \(logistic; 40 pictures, pca, featurizer fitted in every fold\)/,
    );
    expect(text.stdout).toMatch(/leaky: mean AUC [\d.]+ ± [\d.]+ with the PCA fitted once on every picture/);
  });

  it("--report writes the page with the metrics, the leaky protocol and the pictures' audit", async () => {
    const dir = await pictures();
    const report = join(tempDir(), 'cv.html');
    const args = ['cv', '--images', dir, '--kinds', 'spectrum,pca', '--components', '4', '--model', 'logistic'];
    const r = persodata(...args, '--metric', 'auc', 'log-loss', '--report', report, '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fold 1 {2}AUC [\d.]+ {2}log-loss [\d.]+/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('leaky protocol');
    expect(html).toContain('spectrum,pca --spectrum-bins 128 --size 64 --components 4');
    expect(html).toContain('Picture files');
    expect(html).toContain('log-loss');
    const again = persodata(...args, '--report', report, '-q');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
