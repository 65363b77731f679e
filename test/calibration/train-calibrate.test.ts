// train --calibrate and --threshold-for through the CLI: the calibrator is
// fitted on out-of-fold scores and stored; predict applies it (id-p-real), and
// the cut moves the decision of the thresholded formats (logit) only.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyIsotonic } from '../../src/calibration/isotonic.js';
import { persodata } from '../helpers/cli.js';
import { makePersoData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';

const csvValues = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[1]));

describe('train --calibrate, --threshold-for', () => {
  it('a forest calibrated by isotonic regression: lower valid log loss, stored, applied by predict', async () => {
    const dir = tempDir();
    await makePersoData(dir, { train: 1500, valid: 800, test: 50, seed: 3 });
    const plain = join(dir, 'plain.json');
    const iso = join(dir, 'iso.json');
    const common = ['--data', dir, '--model', 'forest', '--trees', '40', '-q'];
    expect(persodata('train', ...common, '--out', plain).code).toBe(0);
    const r = persodata(
      'train',
      ...common,
      '--calibrate',
      'isotonic',
      '--threshold-for',
      'balanced-accuracy',
      '--out',
      iso,
    );
    expect(r.code).toBe(0);
    const loss = /valid log loss ([\d.]+) uncalibrated, ([\d.]+) calibrated/.exec(r.stdout);
    expect(loss).not.toBeNull();
    expect(Number(loss![2])).toBeLessThan(Number(loss![1]) - 0.01);
    expect(r.stdout).toMatch(/threshold for balanced-accuracy: label 1 above 0\.\d+/);
    const file = JSON.parse(readFileSync(iso, 'utf8')) as {
      postprocess: { calibration: { kind: string; x: number[]; y: number[] }; threshold: { cut: number } };
    };
    expect(file.postprocess.calibration.kind).toBe('isotonic');

    // id-p-real: the calibrated P(real), clipped; logit: decided at the stored cut
    for (const [model, out] of [
      [plain, 'p'],
      [iso, 'i'],
    ])
      for (const format of ['id-p-real', 'logit'])
        expect(
          persodata(
            'predict',
            '--model',
            model,
            '--data',
            dir,
            '--sets',
            'valid',
            '--format',
            format,
            ...(format === 'id-p-real' ? ['--clip', '1e-6'] : []),
            '--out',
            join(dir, out + format),
            '-q',
          ).code,
        ).toBe(0);
    const raw = csvValues(join(dir, 'pid-p-real', 'perso_valid.csv'));
    const cal = csvValues(join(dir, 'iid-p-real', 'perso_valid.csv'));
    raw.forEach((p, i) =>
      expect(cal[i]).toBeCloseTo(
        Math.min(Math.max(applyIsotonic(file.postprocess.calibration as never, p), 1e-6), 1 - 1e-6),
        6,
      ),
    );
    const logits = csvValues(join(dir, 'ilogit', 'perso_valid.csv'));
    const cut = file.postprocess.threshold.cut;
    // logit > 0 = synthetic = label 0 predicted = calibrated P(real) at or below the cut
    cal.forEach((p, i) => {
      if (Math.abs(p - cut) > 1e-6) expect(logits[i] > 0).toBe(p < cut);
    });
  });

  it('refuses a damaged postprocess in a model file', () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    expect(persodata('train', '--out', model, '--calibrate', 'sigmoid', '-q').code).toBe(0);
    const text = readFileSync(model, 'utf8')
      .replace(/"checksum":"[0-9a-f]+"/, '')
      .replace(',}', '}');
    const broken = JSON.parse(text) as { postprocess: { calibration: { a: unknown } } };
    broken.postprocess.calibration.a = 'steep';
    const path = join(dir, 'broken.json');
    writeFileSync(path, JSON.stringify(broken));
    const r = persodata('predict', '--model', path, '--out', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json: "postprocess" has a calibration that is neither isotonic');
  });
});
