// npm run bench -- --only blend
// A gbdt + forest + logistic blend against the single gbdt on pictures:
// each model cross-validated on faces-b/q75 (cv --images --oof) and trained
// on all of it; the blend fitted on the out-of-fold files (weights, and a
// logistic stacker); each scored by cv and on faces-dev/q75, another source.
// Features come through a private cache, so pictures are featurized once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, dist, runOnce, rows, ratios, cliPath } from '../lib/common.mjs';

/** The blend section of npm run bench. */
export default async function run() {
  const { rocAuc } = await import(dist('metrics/roc-auc.js'));
  const data = join(SHARED, '..', 'data');
  const train = join(data, 'faces-b', 'q75');
  const held = join(data, 'faces-dev', 'q75');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const common = ['--threads', '2', '--cache', join(out, 'cache'), '--quiet'];
  const kinds = [
    ['gbdt', ['--trees', '200']],
    ['forest', ['--trees', '200']],
    ['logistic', []],
  ];
  const validAuc = (stdout) => Number(/valid AUC ([\d.]+)/.exec(stdout)?.[1]);
  /** AUC on faces-dev of a model file: predict name-pred (P(fake)), labels from the class folders. */
  const heldOutAuc = (model, tag) => {
    const csv = join(out, `pred-${tag}.csv`);
    const predict = [cliPath, 'predict', '--model', model, '--images', held, '--format', 'name-pred', '--out', csv];
    runOnce(process.execPath, [...predict, ...common]);
    const lines = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
    const labels = Uint8Array.from(lines, (l) => (l.startsWith('real/') || l.startsWith('"real/') ? 1 : 0));
    const pReal = Float64Array.from(lines, (l) => 1 - Number(l.split(',').pop()));
    return rocAuc(labels, pReal);
  };
  const single = {};
  for (const [kind, flags] of kinds) {
    const cv = runOnce(process.execPath, [
      ...[cliPath, 'cv', '--images', train, '--model', kind, ...flags, '--folds', '5', '--json'],
      ...['--oof', join(out, `${kind}.csv`), ...common],
    ]);
    const fit = runOnce(process.execPath, [
      ...[cliPath, 'train', '--images', train, '--model', kind, ...flags, '--valid-images', held],
      ...['--out', join(out, `${kind}.json`), ...common],
    ]);
    single[kind] = { cv: JSON.parse(cv.stdout).mean_auc, valid: validAuc(fit.stdout) };
    rows.push({
      name: `persodata ${kind} on faces-b/q75 (AUC: cv ${single[kind].cv.toFixed(5)}; here faces-dev/q75)`,
      median: cv.wall + fit.wall,
      rssMb: Math.max(cv.rssMb, fit.rssMb),
      auc: single[kind].valid,
    });
  }
  for (const method of ['weights', 'logistic']) {
    const model = join(out, `blend-${method}.json`);
    const blend = runOnce(process.execPath, [
      ...[cliPath, 'blend', '--method', method, '--out', model],
      ...['--models', ...kinds.map(([k]) => join(out, `${k}.json`))],
      ...['--oof', ...kinds.map(([k]) => join(out, `${k}.csv`))],
    ]);
    const nested = Number(/fitted inside the folds.*?([\d.]+) ±/.exec(blend.stdout)?.[1]);
    const weights = kinds.map(([k]) => new RegExp(`${k}\\.json\\s+${k}\\s+(\\S+)`).exec(blend.stdout)?.[1]).join('/');
    const auc = heldOutAuc(model, method);
    rows.push({
      name: `persodata blend --method ${method}, gbdt/forest/logistic ${weights} (AUC: cv nested ${nested.toFixed(5)}; here faces-dev/q75)`,
      median: blend.wall,
      rssMb: blend.rssMb,
      auc,
    });
    ratios.push(
      [`cv AUC difference, blend ${method} (fitted inside the folds) - gbdt`, nested - single.gbdt.cv],
      [`held-out AUC difference (faces-dev/q75), blend ${method} - gbdt`, auc - single.gbdt.valid],
    );
  }
  rmSync(out, { recursive: true, force: true });
}
