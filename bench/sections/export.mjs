// npm run bench -- --only export
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dataDir,
  runOnce,
  interleaved,
  rows,
  ratios,
  cliPath,
  aucOfTrain,
  LIGHTGBM,
  hasLightgbm,
  lightgbmFiles,
} from '../lib/common.mjs';

/** The export section of npm run bench. */
export default async function run() {
  // the canonical gbdt and a 100-tree forest, fitted once, exported and checked on all 9408 valid rows
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const fitted = (name, fitArgs) => {
    const model = join(out, `${name}.json`);
    const r = runOnce(process.execPath, [cliPath, 'train', '--data', dataDir, '--out', model, ...fitArgs]);
    return { model, auc: aucOfTrain(r.stdout) };
  };
  const gbdtArgs = ['--model', 'gbdt', '--learning-rate', '0.1', '--leaves', '31', '--bins', '255', '--min-leaf', '20'];
  const models = {
    'gbdt, 200 trees': fitted('gbdt', [...gbdtArgs, '--trees', '200']).model,
    'forest, 100 trees': fitted('forest', ['--model', 'forest', '--trees', '100']).model,
  };
  const exportSeconds = (r) => Number(/\) in ([\d.]+) s/.exec(r.stdout)?.[1]);
  const checkSeconds = (r) => Number(/checked with .* in ([\d.]+) s/.exec(r.stdout)?.[1]);
  for (const [what, model] of Object.entries(models)) {
    for (const to of hasLightgbm ? ['lightgbm', 'onnx'] : ['onnx']) {
      const [row] = interleaved(
        [
          {
            name: `persodata export ${what} --to ${to} --check, 9408 valid rows (whole command)`,
            cmd: process.execPath,
            cmdArgs: [cliPath, 'export', '--model', model, '--to', to, '--out', join(out, `${to}.out`), '--check'],
            before: () => rmSync(join(out, `${to}.out`), { force: true }),
            also: checkSeconds,
          },
        ].map((spec) => ({
          ...spec,
          cmdArgs: [...spec.cmdArgs, '--data', dataDir, '--sets', 'valid', '--lightgbm', LIGHTGBM],
        })),
      );
      const exportOnly = runOnce(process.execPath, [
        cliPath,
        'export',
        '--model',
        model,
        '--to',
        to,
        '--out',
        join(out, `${to}.x`),
        '--force',
      ]);
      rows.push(
        row,
        { name: `  of which the check (the engine on 9408 rows, compared)`, median: row.alsoMedian, rssMb: Number.NaN },
        { name: `  of which writing the ${to} file (one run)`, median: exportSeconds(exportOnly), rssMb: Number.NaN },
      );
    }
  }
  if (hasLightgbm) {
    // continued training: a 100-tree persodata model, then 100 more rounds in LightGBM (input_model=)
    const start = fitted('gbdt-100', [...gbdtArgs, '--trees', '100']);
    const exported = join(out, 'gbdt-100.txt');
    runOnce(process.execPath, [cliPath, 'export', '--model', start.model, '--to', 'lightgbm', '--out', exported]);
    const files = lightgbmFiles(dataDir);
    const continued = runOnce(LIGHTGBM, [
      'task=train',
      'objective=binary',
      `data=${files.train}`,
      `valid_data=${files.valid}`,
      `input_model=${exported}`,
      'metric=auc',
      'metric_freq=100',
      'num_iterations=100',
      'learning_rate=0.1',
      'num_leaves=31',
      'max_bin=255',
      'min_data_in_leaf=20',
      'num_threads=2',
      `output_model=${join(out, 'continued.txt')}`,
    ]);
    const continuedAuc = Number(/Iteration:100, valid_1 auc : ([\d.]+)/.exec(continued.stdout)?.[1]);
    rows.push(
      {
        name: 'persodata gbdt, 100 trees (exported to LightGBM)',
        median: Number.NaN,
        rssMb: Number.NaN,
        auc: start.auc,
      },
      {
        name: '  continued in LightGBM for 100 more rounds (input_model=)',
        median: continued.wall,
        rssMb: continued.rssMb,
        auc: continuedAuc,
      },
    );
    ratios.push(['valid AUC difference, continued in LightGBM - persodata 100 trees', continuedAuc - start.auc]);
  }
  rmSync(out, { recursive: true, force: true });
}
