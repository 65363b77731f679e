// npm run bench -- --only ensemble
// train --folds-ensemble against one gbdt on pictures: fitted on faces-b/q75,
// scored by cv on it and on faces-dev/q75, another source (--valid-images).
// Featurized every time (--no-cache): each row's time is the whole command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, runOnce, rows, ratios, cliPath } from '../lib/common.mjs';

/** The ensemble section of npm run bench. */
export default async function run() {
  const data = join(SHARED, '..', 'data');
  const train = join(data, 'faces-b', 'q75');
  const held = join(data, 'faces-dev', 'q75');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const common = ['--images', train, '--model', 'gbdt', '--trees', '200', '--threads', '2', '--no-cache'];
  const validAuc = (stdout) => Number(/valid AUC ([\d.]+)/.exec(stdout)?.[1]);
  const cv = runOnce(process.execPath, [cliPath, 'cv', ...common, '--folds', '5', '--json']);
  const single = runOnce(process.execPath, [
    ...[cliPath, 'train', ...common, '--valid-images', held, '--out', join(out, 'single.json')],
  ]);
  const ensemble = runOnce(process.execPath, [
    ...[cliPath, 'train', ...common, '--valid-images', held, '--folds-ensemble', '5', '--out', join(out, 'ens.json')],
  ]);
  const cvAuc = JSON.parse(cv.stdout).mean_auc;
  const foldAucs = [...ensemble.stdout.matchAll(/held-out AUC ([\d.]+)/g)].map((m) => Number(m[1]));
  rows.push(
    {
      name: 'persodata cv --images faces-b/q75, gbdt, 5 folds (AUC: cv mean)',
      median: cv.wall,
      rssMb: cv.rssMb,
      auc: cvAuc,
    },
    {
      name: 'persodata train one gbdt on faces-b/q75 (AUC: faces-dev/q75)',
      median: single.wall,
      rssMb: single.rssMb,
      auc: validAuc(single.stdout),
    },
    {
      name: 'persodata train --folds-ensemble 5 on faces-b/q75 (AUC: faces-dev/q75)',
      median: ensemble.wall,
      rssMb: ensemble.rssMb,
      auc: validAuc(ensemble.stdout),
    },
  );
  ratios.push(
    [
      'held-out AUC difference, 5-fold ensemble - one gbdt (faces-dev/q75)',
      validAuc(ensemble.stdout) - validAuc(single.stdout),
    ],
    [
      'AUC difference, mean fold AUC of the ensemble (featurizer on every picture) - cv mean AUC',
      foldAucs.reduce((a, b) => a + b, 0) / foldAucs.length - cvAuc,
    ],
    ['ensemble train time / one train', ensemble.wall / single.wall],
  );
  rmSync(out, { recursive: true, force: true });
}
