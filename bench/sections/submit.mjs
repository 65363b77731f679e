// npm run bench -- --only submit
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SHARED,
  dataDir,
  python,
  hasSklearn,
  runOnce,
  task,
  lastNumber,
  rows,
  ratios,
  cliPath,
} from '../lib/common.mjs';

/** The submit section of npm run bench. */
export default async function run() {
  // submission files and scoring at the challenge's size: 18817 test rows, a logistic model
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const model = join(out, 'model.json');
  runOnce(process.execPath, [cliPath, 'train', '--data', dataDir, '--out', model, '--quiet']);
  const predict = (format) =>
    task(
      `persodata predict --format ${format}, valid + test (${format === 'codalab' ? 'with --zip' : 'CSV'})`,
      process.execPath,
      [
        cliPath,
        'predict',
        '--model',
        model,
        '--data',
        dataDir,
        '--out',
        join(out, format),
        '--format',
        format,
        ...(format === 'codalab' ? ['--zip', join(out, 'sub.zip')] : []),
        '--force',
        '--quiet',
      ],
    );
  rows.push(predict('codalab'), predict('img-name-y-pred'));
  const solution = join(dataDir, 'perso_test.solution');
  const prediction = join(out, 'codalab', 'perso_test.predict');
  const ours = task(
    'persodata score --metric auc, 18817 rows',
    process.execPath,
    [cliPath, 'score', '--solution', solution, '--prediction', prediction, '--metric', 'auc', '--quiet'],
    { auc: lastNumber },
  );
  rows.push(ours);
  if (hasSklearn) {
    const sk = task(
      'anchor: score_anchor.py auc (numpy.loadtxt + roc_auc_score)',
      python,
      [join(SHARED, 'anchors', 'score_anchor.py'), 'auc', solution, prediction],
      { auc: lastNumber },
    );
    rows.push(sk);
    ratios.push(['score auc / score_anchor.py', ours.median / sk.median]);
    ratios.push(['test AUC difference, score - score_anchor.py', ours.auc - sk.auc]);
  }
  rows.push(
    task(
      'persodata cv --report, logistic, 5 folds, 65856 rows (page written)',
      process.execPath,
      [cliPath, 'cv', '--data', dataDir, '--report', join(out, 'report.html'), '--force', '--quiet'],
      { runs: 1 },
    ),
  );
  rmSync(out, { recursive: true, force: true });
}
