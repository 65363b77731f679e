// persodata blend end to end: cv --oof and train for three kinds, the blend
// file, predict with it (equal to the members' predictions combined by hand),
// ONNX export checked in ONNX Runtime, and refusals that name file and line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLEND_EPS } from '../../src/models/blend-model.js';
import { persodata } from '../helpers/cli.js';
import { makePersoData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';

const KINDS = [
  ['gbdt', ['--trees', '30']],
  ['forest', ['--trees', '12']],
  ['logistic', []],
] as const;

describe('blend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-blend-'));
  const file = (name: string) => join(dir, name);
  const run = (...args: string[]) => {
    const r = persodata(...args);
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const readPredict = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map(Number);

  beforeAll(async () => {
    await makePersoData(dir, { train: 800, valid: 200, test: 20, features: 8, seed: 9 });
    for (const [kind, flags] of KINDS) {
      run('cv', '--data', dir, '--model', kind, ...flags, '--folds', '4', '--seed', '2', '--oof', file(`${kind}.csv`));
      run('train', '--data', dir, '--model', kind, ...flags, '--seed', '2', '--out', file(`${kind}.json`));
      run('predict', '--model', file(`${kind}.json`), '--data', dir, '--out', file(`pred-${kind}`));
    }
  }, 120_000); // nine CLI runs
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const models = KINDS.map(([k]) => file(`${k}.json`));
  const oofs = KINDS.map(([k]) => file(`${k}.csv`));

  it.each(['weights', 'logistic'])('--method %s: predict gives the members combined by hand; ONNX agrees', (method) => {
    const out = file(`blend-${method}.json`);
    const r = run('blend', '--models', ...models, '--oof', ...oofs, '--out', out, '--method', method);
    expect(r.stdout).toMatch(/blend, fitted inside the folds\s+\S+\s+bias \S+\s+0\.\d{5} ± 0\.\d{5}/);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.kind).toBe('blend');
    const { weights, bias } = saved.state as { weights: number[]; bias: number };
    if (method === 'weights') {
      expect(bias).toBe(0);
      expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    }
    run('predict', '--model', out, '--data', dir, '--out', file(`pred-blend-${method}`));
    const members = KINDS.map(([k]) => readPredict(join(file(`pred-${k}`), 'perso_valid.predict')));
    const blended = readPredict(join(file(`pred-blend-${method}`), 'perso_valid.predict'));
    expect(blended).toHaveLength(200);
    blended.forEach((p, r) => {
      let z = bias;
      members.forEach((q, m) => {
        const c = Math.min(1 - BLEND_EPS, Math.max(BLEND_EPS, q[r]));
        z += weights[m] * Math.log(c / (1 - c));
      });
      // the .predict files carry the probabilities as text; 1e-12 covers their rounding
      expect(Math.abs(p - 1 / (1 + Math.exp(-z)))).toBeLessThan(1e-12);
    });
    const onnx = run(
      'export',
      '--model',
      out,
      '--to',
      'onnx',
      '--out',
      file(`${method}.onnx`),
      '--check',
      '--data',
      dir,
    );
    expect(onnx.stdout).toMatch(/blend of gbdt \+ forest \+ logistic/);
    const lgb = persodata('export', '--model', out, '--to', 'lightgbm', '--out', file(`${method}.txt`));
    expect(lgb.code).toBe(2);
    expect(lgb.stderr).toMatch(/is a blend model; LightGBM model files hold trees/);
  });

  it('refuses files that do not belong together, naming the file and line, and writes nothing', () => {
    const out = file('refused.json');
    // another seed deals other folds
    run('cv', '--data', dir, '--model', 'logistic', '--folds', '4', '--seed', '3', '--oof', file('other-seed.csv'));
    const bad = join(tempDir(), 'bad.csv');
    const lines = readFileSync(oofs[2], 'utf8').split('\n');
    lines[5] = lines[5].replace(/,[^,]+$/, ',');
    writeFileSync(bad, lines.join('\n'));
    const cases: Array<[string[], RegExp]> = [
      [['--models', ...models, '--oof', ...oofs.slice(0, 2)], /names 3 files and --oof 2/],
      [['--models', models[0], '--oof', oofs[0]], /at least two models/],
      [
        ['--models', ...models, '--oof', oofs[0], oofs[1], file('other-seed.csv')],
        /other-seed\.csv line \d+: fold \d where .*gbdt\.csv line \d+ has \d \(run every cv with the same --folds and --seed\)/,
      ],
      [
        ['--models', ...models, '--oof', oofs[0], oofs[1], bad],
        /bad\.csv line 6, column 4 \(p_label_1\): "" is not a probability/,
      ],
      [['--models', ...models, '--oof', ...oofs, '--out', models[0], '--force'], /is an input of this run/],
    ];
    for (const [args, message] of cases) {
      const r = persodata('blend', '--out', out, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});
