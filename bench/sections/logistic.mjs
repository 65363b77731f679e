// npm run bench -- --only logistic
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SHARED, dataDir, python, hasSklearn, task, lastNumber, rows, ratios } from '../lib/common.mjs';

/** The logistic section of npm run bench. */
export default async function run() {
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const model = join(out, 'model.json');
  const cli = (cache) => [
    join(ROOT, 'bin', 'persodata.js'),
    'train',
    '--model',
    'logistic',
    '--data',
    dataDir,
    '--out',
    model,
    '--force',
    '--quiet',
    ...(cache ? [] : ['--no-cache']),
  ];
  const aucOf = (stdout) => Number(/valid AUC ([\d.]+)/.exec(stdout)?.[1]);
  const fitOf = (r) => Number(/fitted on .* in ([\d.]+) s/.exec(r.stdout)?.[1]);
  const e2e = task('persodata train logistic, end to end (text)', process.execPath, cli(false), { auc: aucOf });
  rows.push(e2e);
  rows.push(task('persodata train logistic, end to end (cached)', process.execPath, cli(true), { auc: aucOf }));
  rows.push(task('persodata train logistic, fit only', process.execPath, cli(true), { auc: aucOf, measure: fitOf }));
  if (hasSklearn) {
    const sk = task(
      'anchor: scikit-learn load + scale + lbfgs + score',
      python,
      [join(SHARED, 'anchors', 'sk_logistic_e2e.py'), dataDir],
      { auc: lastNumber },
    );
    rows.push(sk);
    ratios.push(['logistic end to end (text) / scikit-learn', e2e.median / sk.median]);
    ratios.push(['valid AUC difference, persodata - scikit-learn', e2e.auc - sk.auc]);
  }
  rmSync(out, { recursive: true, force: true });
}
