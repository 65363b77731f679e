// npm run bench -- --only gbdt
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SHARED,
  dataDir,
  python,
  hasSklearn,
  hasXgboost,
  dist,
  task,
  interleaved,
  lastNumber,
  rows,
  ratios,
  cliPath,
  aucOfTrain,
  fitSecondsOfTrain,
  anchorFit,
  anchorAuc,
  hasLightgbm,
  lightgbmSpec,
} from '../lib/common.mjs';

/** The gbdt section of npm run bench. */
export default async function run() {
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const model = join(out, 'gbdt.json');
  const canonical = [
    '--model',
    'gbdt',
    '--trees',
    '200',
    '--learning-rate',
    '0.1',
    '--leaves',
    '31',
    '--bins',
    '255',
    '--min-leaf',
    '20',
    '--threads',
    '2',
  ];
  // the fit and its anchors run interleaved: their ratios are what the targets are about
  const fitSpecs = [
    {
      name: 'persodata gbdt fit, canonical (200 trees, 2 threads)',
      cmd: process.execPath,
      cmdArgs: [cliPath, 'train', '--data', dataDir, '--out', model, '--force', '--quiet', ...canonical],
      measure: fitSecondsOfTrain,
      auc: aucOfTrain,
    },
  ];
  if (hasXgboost)
    fitSpecs.push({
      name: 'anchor: XGBoost hist lossguide 31 leaves, fit',
      cmd: python,
      cmdArgs: [join(SHARED, 'anchors', 'gbdt_anchor.py'), 'xgboost', dataDir],
      measure: anchorFit,
      auc: anchorAuc,
    });
  if (hasSklearn)
    fitSpecs.push({
      name: 'anchor: scikit-learn HistGradientBoosting, fit',
      cmd: python,
      cmdArgs: [join(SHARED, 'anchors', 'gbdt_anchor.py'), 'sklearn', dataDir],
      measure: anchorFit,
      auc: anchorAuc,
    });
  if (hasLightgbm) fitSpecs.push(lightgbmSpec(dataDir, 2));
  const [fit, ...anchors] = interleaved(fitSpecs);
  rows.push(fit);
  // per core: the same fit on one thread, against LightGBM on one
  const oneThread = interleaved([
    {
      ...fitSpecs[0],
      name: 'persodata gbdt fit, canonical, 1 thread',
      cmdArgs: fitSpecs[0].cmdArgs.map((a, i, all) => (all[i - 1] === '--threads' ? '1' : a)),
    },
    ...(hasLightgbm ? [lightgbmSpec(dataDir, 1)] : []),
  ]);
  const predictScript = `
    import { loadModel } from ${JSON.stringify(dist('models/model-file.js'))};
    import { loadMatrix } from ${JSON.stringify(dist('io/matrix-cache.js'))};
    const { model } = loadModel(${JSON.stringify(model)});
    const X = loadMatrix(${JSON.stringify(join(dataDir, 'perso_test.data'))});
    const t = performance.now();
    await model.predictProba(X, { threads: 2 });
    console.log((performance.now() - t) / 1000);`;
  rows.push(
    task(
      'persodata gbdt predict 18817 rows x 200 trees',
      process.execPath,
      ['--input-type=module', '-e', predictScript],
      { measure: (r) => lastNumber(r.stdout) },
    ),
  );
  const cv = task(
    'persodata cv gbdt, 5 folds, canonical',
    process.execPath,
    [cliPath, 'cv', '--data', dataDir, '--folds', '5', '--quiet', ...canonical],
    { runs: 1, auc: (stdout) => Number(/mean AUC ([\d.]+)/.exec(stdout)?.[1]) },
  );
  rows.push(cv);
  ratios.push(['cv 5 folds (wall) / one fit', cv.median / fit.median]);
  for (const anchor of anchors.filter((x) => x.name.includes('LightGBM'))) {
    rows.push(anchor, {
      name: 'anchor: LightGBM 2 threads, load + binning (not in its figure)',
      median: anchor.alsoMedian,
      rssMb: Number.NaN,
    });
    ratios.push(['gbdt fit (binning included) / LightGBM boosting loop, 2 threads', fit.median / anchor.median]);
    ratios.push(['valid AUC difference, gbdt - LightGBM', fit.auc - anchor.auc]);
  }
  rows.push(...oneThread);
  if (oneThread[1])
    ratios.push(['gbdt fit / LightGBM boosting loop, 1 thread', oneThread[0].median / oneThread[1].median]);
  for (const anchor of anchors.filter((x) => !x.name.includes('LightGBM'))) {
    rows.push(anchor);
    const xgb = anchor.name.includes('XGBoost');
    ratios.push([`gbdt fit / ${xgb ? 'XGBoost' : 'scikit-learn'} fit`, fit.median / anchor.median]);
    if (!xgb) ratios.push(['valid AUC difference, gbdt - scikit-learn', fit.auc - anchor.auc]);
  }
  rmSync(out, { recursive: true, force: true });
}
