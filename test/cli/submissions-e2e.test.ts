// predict's submission formats, --zip, score and cv --report end to end, on
// the real sample in data/ with row names added as .ids files.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { persodata } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'data');

/** The sample with picture names for valid (5 rows) and test (10 rows), and a model trained on it. */
function sampleWithIds(): { data: string; model: string } {
  const data = tempDir();
  for (const f of readdirSync(SAMPLE))
    if (f.startsWith('perso_') && !f.endsWith('.npy')) copyFileSync(join(SAMPLE, f), join(data, f));
  writeFileSync(join(data, 'perso_valid.ids'), ['v3.png', 'v1.png', 'v5.png', 'v2.png', 'v4.png'].join('\n') + '\n');
  writeFileSync(join(data, 'perso_test.ids'), Array.from({ length: 10 }, (_, i) => `t${i}.png`).join('\n') + '\n');
  const model = join(data, 'model.json');
  expect(persodata('train', '--data', data, '--out', model, '--quiet').code).toBe(0);
  return { data, model };
}

describe('submissions end to end', () => {
  it("writes every format with the dataset's picture names, a Codalab zip, and scores them", () => {
    const { data, model } = sampleWithIds();
    const out = tempDir();
    const codalab = persodata(
      'predict',
      '--model',
      model,
      '--data',
      data,
      '--out',
      join(out, 'codalab'),
      '--zip',
      join(out, 'submission.zip'),
      '--quiet',
    );
    expect(codalab.code).toBe(0);
    const zip = unzipSync(readFileSync(join(out, 'submission.zip')));
    expect(Object.keys(zip).sort()).toEqual(['perso_test.predict', 'perso_valid.predict']);
    expect(new TextDecoder().decode(zip['perso_valid.predict'])).toBe(
      readFileSync(join(out, 'codalab', 'perso_valid.predict'), 'utf8'),
    );
    const p1 = readFileSync(join(out, 'codalab', 'perso_valid.predict'), 'utf8')
      .trim()
      .split('\n')
      .map(Number);

    const headers: Record<string, string> = {
      'name-pred': 'name,pred',
      'id-p-real': 'id,p_real',
      'img-name-y-pred': 'img_name,y_pred',
      logit: 'name,logit',
    };
    for (const [format, header] of Object.entries(headers)) {
      const r = persodata(
        'predict',
        '--model',
        model,
        '--data',
        data,
        '--out',
        join(out, format),
        '--format',
        format,
        '--quiet',
      );
      expect(r.code).toBe(0);
      const lines = readFileSync(join(out, format, 'perso_valid.csv'), 'utf8')
        .trim()
        .split('\n');
      expect(lines[0]).toBe(header);
      expect(lines).toHaveLength(6);
      expect(
        readFileSync(join(out, format, 'perso_test.csv'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(11);
    }
    const namePred = readFileSync(join(out, 'name-pred', 'perso_valid.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(namePred.map((r) => r[0])).toEqual(['v1.png', 'v2.png', 'v3.png', 'v4.png', 'v5.png']);
    expect(Number(namePred[2][1])).toBeCloseTo(1 - p1[0], 12); // v3.png is row 1; pred = P(fake)

    // score: Codalab files by position; a CSV solution by name
    const solution = join(data, 'perso_valid.solution');
    const labels = readFileSync(solution, 'utf8').trim().split('\n').map(Number);
    const auc = persodata('score', '--solution', solution, '--prediction', join(out, 'codalab', 'perso_valid.predict'));
    expect(auc.code).toBe(0);
    expect(auc.stdout).toBe(`auc ${rocAuc(labels, p1).toFixed(6)}\n`);
    const fakeSolution = join(out, 'fake.csv');
    const ids = readFileSync(join(data, 'perso_valid.ids'), 'utf8').trim().split('\n');
    writeFileSync(fakeSolution, 'name,label\n' + ids.map((n, i) => `${n},${1 - labels[i]}`).join('\n') + '\n');
    const viaName = persodata(
      'score',
      '--solution',
      fakeSolution,
      '--prediction',
      join(out, 'img-name-y-pred', 'perso_valid.csv'),
      '--metric',
      'auc',
      'accuracy',
    );
    expect(viaName.code).toBe(0);
    // P(fake) against fake = 1 ranks exactly as P(real) against real = 1
    expect(viaName.stdout.split('\n')[0]).toBe(auc.stdout.trim());
    expect(viaName.stdout).toMatch(/^accuracy \d\.\d{6}$/m);
  });

  it('bad submissions and scores exit 2 with a clear message', () => {
    const { data, model } = sampleWithIds();
    const out = tempDir();
    const zipCsv = persodata(
      'predict',
      '--model',
      model,
      '--data',
      data,
      '--format',
      'logit',
      '--zip',
      join(out, 'x.zip'),
    );
    expect(zipCsv.code).toBe(2);
    expect(zipCsv.stderr).toContain('--zip packs Codalab .predict files; --format logit writes CSV files');
    expect(persodata('predict', '--model', model, '--data', data).stderr).toContain(
      'say where to write: --out DIR (--out FILE with --images or --images-list), or --zip FILE',
    );
    const solution = join(data, 'perso_valid.solution');
    const short = join(out, 'short.predict');
    writeFileSync(short, '0.5\n0.5\n');
    const count = persodata('score', '--solution', solution, '--prediction', short);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('short.predict: 2 predictions, but perso_valid.solution has 5 rows');
    const oneClass = join(out, 'ones.solution');
    writeFileSync(oneClass, '1\n1\n');
    const degenerate = persodata(
      'score',
      '--solution',
      oneClass,
      '--prediction',
      short,
      '--metric',
      'balanced-accuracy',
    );
    expect(degenerate.code).toBe(2);
    expect(degenerate.stderr).toContain(
      'balanced accuracy needs both classes; the solution holds only class 1 (2 rows)',
    );
    expect(persodata('score', '--solution', oneClass, '--prediction', short, '--metric', 'f1').code).toBe(2);
  });

  it('cv --report writes one self-contained page and refuses to overwrite it', () => {
    const out = join(tempDir(), 'report.html');
    const r = persodata('cv', '--report', out, '--quiet');
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<path class="roc fold"/g)).toHaveLength(5);
    expect(html).toContain('<path class="roc mean"');
    expect(html).toContain('<table id="confusion">');
    const again = persodata('cv', '--report', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('report.html already exists; pass --force to overwrite it');
    expect(existsSync(out)).toBe(true);
  });
});
