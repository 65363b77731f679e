// npm run bench -- --only tune
// tune --model gbdt with a 10-minute budget against scikit-learn's
// HalvingRandomSearchCV over HistGradientBoosting on the same space, resource
// and budget (bench/tune_anchor.py), and against the canonical configuration
// (200 trees, lr 0.1, 31 leaves): each scored on the full-size valid set.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, dataDir, ensureData, flag, hasSklearn, python, runOnce, rows, ratios, cliPath } from '../lib/common.mjs';

/** The tune section of npm run bench. */
export default async function run() {
  ensureData(dataDir);
  const minutes = Number(flag('tune-minutes', '10'));
  // --tune-seed S: both searches' folds and candidates from seed S (tune --seed, the anchor's random_state)
  const seed = flag('tune-seed', '0');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const best = join(out, 'best.json');
  const validAuc = (stdout) => Number(/valid AUC ([\d.]+)/.exec(stdout)?.[1]);
  const threads = ['--threads', '2'];
  const tune = runOnce(process.execPath, [
    ...[cliPath, 'tune', '--data', dataDir, '--model', 'gbdt', '--budget', `${minutes}m`, '--seed', seed, ...threads],
    ...['--search', 'learning-rate,leaves,min-leaf,l2', '--best', best, '--trials', join(out, 'trials.json')],
  ]);
  const tuned = JSON.parse(readFileSync(best, 'utf8'));
  const trials = JSON.parse(readFileSync(join(out, 'trials.json'), 'utf8'));
  const ran = trials.trials.reduce((n, t) => n + t.rungs.length, 0);
  const reached = trials.trials.filter((t) => t.rungs.length === trials.resources.length).length;
  const trained = runOnce(process.execPath, [
    ...[cliPath, 'train', '--data', dataDir, '--params', best, ...threads, '--out', join(out, 'tuned.json')],
  ]);
  const canonical = runOnce(process.execPath, [
    ...[cliPath, 'train', '--data', dataDir, '--model', 'gbdt', '--trees', '200', '--learning-rate', '0.1'],
    ...['--leaves', '31', '--min-leaf', '20', ...threads, '--out', join(out, 'canonical.json')],
  ]);
  const p = tuned.params;
  rows.push(
    {
      name: `persodata tune gbdt, seed ${seed}, ${minutes} min budget, ${trials.brackets.join(' + ')} candidates, ${ran} trials, rungs ${trials.resources.join('/')}, ${reached} at the last${trials.cut ? ', cut' : ''} (AUC: best trial's cv mean; ${p.trees} trees, lr ${p.learningRate}, ${p.leaves} leaves, min leaf ${p.minLeaf}, l2 ${p.l2})`,
      median: tune.wall,
      rssMb: tune.rssMb,
      auc: tuned.tuned.score,
    },
    {
      name: 'persodata train --params best (AUC: valid)',
      median: trained.wall,
      rssMb: trained.rssMb,
      auc: validAuc(trained.stdout),
    },
    {
      name: 'persodata train canonical gbdt, 200 trees (AUC: valid)',
      median: canonical.wall,
      rssMb: canonical.rssMb,
      auc: validAuc(canonical.stdout),
    },
  );
  ratios.push(['valid AUC difference, tuned - canonical', validAuc(trained.stdout) - validAuc(canonical.stdout)]);
  if (hasSklearn) {
    const anchor = runOnce(python, [join(ROOT, 'bench', 'tune_anchor.py'), dataDir, String(minutes * 60), seed]);
    const a = JSON.parse(anchor.stdout.trim().split('\n').pop());
    rows.push(
      {
        name: `anchor: scikit-learn HalvingRandomSearchCV, seed ${seed}, ${a.candidates} candidates, rungs ${a.rungs.join('/')} (AUC: best cv mean; ${JSON.stringify(a.best)})`,
        median: anchor.wall,
        rssMb: anchor.rssMb,
        auc: a.cv,
      },
      { name: 'anchor: its refitted best (AUC: valid)', median: Number.NaN, rssMb: Number.NaN, auc: a.valid_auc },
    );
    ratios.push(
      ['valid AUC difference, persodata tune - HalvingRandomSearchCV', validAuc(trained.stdout) - a.valid_auc],
      [
        'tune + train wall time / HalvingRandomSearchCV wall time (refit included)',
        (tune.wall + trained.wall) / anchor.wall,
      ],
    );
  }
  rmSync(out, { recursive: true, force: true });
}
