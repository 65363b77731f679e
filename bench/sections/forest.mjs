// npm run bench -- --only forest
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SHARED,
  dataDir,
  python,
  hasSklearn,
  dist,
  task,
  interleaved,
  lastNumber,
  rows,
  ratios,
  train,
  cliPath,
  aucOfTrain,
  fitSecondsOfTrain,
  anchorFit,
  anchorAuc,
} from '../lib/common.mjs';

/** The forest section of npm run bench. */
export default async function run() {
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const model = join(out, 'forest.json');
  // scikit-learn's forest takes ~1.5 minutes a fit here: one interleaved round, as the ratio asks
  const [fit, ...anchors] = interleaved([
    {
      name: 'persodata forest fit, 100 trees, sqrt features, 2 threads',
      cmd: process.execPath,
      cmdArgs: [
        cliPath,
        'train',
        '--data',
        dataDir,
        '--out',
        model,
        '--force',
        '--quiet',
        '--model',
        'forest',
        '--trees',
        '100',
        '--threads',
        '2',
      ],
      measure: fitSecondsOfTrain,
      auc: aucOfTrain,
      runs: 1,
    },
    ...(hasSklearn
      ? [
          {
            name: 'anchor: scikit-learn RandomForestClassifier(100, sqrt, n_jobs=2), fit',
            cmd: python,
            cmdArgs: [join(SHARED, 'anchors', 'forest_anchor.py'), dataDir],
            measure: anchorFit,
            auc: anchorAuc,
            runs: 1,
          },
        ]
      : []),
  ]);
  rows.push(fit, ...anchors);
  for (const anchor of anchors) {
    ratios.push(['forest fit / scikit-learn forest fit', fit.median / anchor.median]);
    ratios.push(['valid AUC difference, forest - scikit-learn', fit.auc - anchor.auc]);
  }
  const loadAndPredict = (what) => `
    import { loadModel } from ${JSON.stringify(dist('models/model-file.js'))};
    import { loadMatrix } from ${JSON.stringify(dist('io/matrix-cache.js'))};
    let t = performance.now();
    const { model } = loadModel(${JSON.stringify(model)});
    const load = (performance.now() - t) / 1000;
    const X = loadMatrix(${JSON.stringify(join(dataDir, 'perso_test.data'))});
    t = performance.now();
    await model.predictProba(X, { threads: 2 });
    console.log(${what === 'load' ? 'load' : '(performance.now() - t) / 1000'});`;
  rows.push(
    task(
      'persodata forest model file load (100 full-depth trees)',
      process.execPath,
      ['--input-type=module', '-e', loadAndPredict('load')],
      { measure: (r) => lastNumber(r.stdout) },
    ),
  );
  rows.push(
    task(
      'persodata forest predict 18817 rows x 100 trees',
      process.execPath,
      ['--input-type=module', '-e', loadAndPredict('predict')],
      { measure: (r) => lastNumber(r.stdout) },
    ),
  );
  // ml-random-forest (the declared reference) on a subset: its trees take minutes each at full size
  const subset = `
    import { RandomForestClassifier } from 'ml-random-forest';
    import { RandomForest } from ${JSON.stringify(dist('forest/forest.js'))};
    import { loadMatrix } from ${JSON.stringify(dist('io/matrix-cache.js'))};
    import { takeRows } from ${JSON.stringify(dist('core/dense-matrix.js'))};
    import { readLabels } from ${JSON.stringify(dist('io/labels.js'))};
    const n = 2000, trees = 5;
    const all = loadMatrix(${JSON.stringify(train)});
    const X = takeRows(all, Uint32Array.from({ length: n }, (_, i) => i));
    const y = readLabels(${JSON.stringify(join(dataDir, 'perso_train.solution'))}, all.nRows).subarray(0, n);
    const engine = process.argv.at(-1);
    const t = performance.now();
    if (engine === 'ml') new RandomForestClassifier({ nEstimators: trees, maxFeatures: 0.07, seed: 1, replacement: true, useSampleBagging: true, noOOB: true })
      .train(Array.from({ length: n }, (_, i) => Array.from(X.data.subarray(i * 200, (i + 1) * 200))), Array.from(y));
    else await new RandomForest({ trees, seed: 1 }).fit(X, y, { threads: 2 });
    console.log((performance.now() - t) / 1000);`;
  const [mlOurs, mlTheirs] = interleaved([
    {
      name: 'persodata forest fit, 5 trees, 2000 rows',
      cmd: process.execPath,
      cmdArgs: ['--input-type=module', '-e', subset, 'ours'],
      measure: (r) => lastNumber(r.stdout),
      runs: 1,
    },
    {
      name: 'reference: ml-random-forest fit, 5 trees, 2000 rows',
      cmd: process.execPath,
      cmdArgs: ['--input-type=module', '-e', subset, 'ml'],
      measure: (r) => lastNumber(r.stdout),
      runs: 1,
    },
  ]);
  rows.push(mlOurs, mlTheirs);
  ratios.push(['forest fit / ml-random-forest fit (2000 rows, 5 trees)', mlOurs.median / mlTheirs.median]);
  rmSync(out, { recursive: true, force: true });
}
