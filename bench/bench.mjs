#!/usr/bin/env node
// npm run bench: persodata against its anchors on the full-size PersoData-shaped
// set (65856 x 200). Each task runs in its own process, --repeat times (the
// gbdt fit and its anchors interleaved, one run of each per round); the
// table shows the median seconds, the largest peak RSS and the AUC.
//
//   npm run bench -- [--data DIR] [--repeat 3] [--only parse,logistic,gbdt,gbdt-scaling,forest,export,pca,features,features-sizes,audit,calibration,picture-cv,picture-predict,submit]
//
// DIR defaults to bench/.data/full, written by ../shared/bench/make-data.mjs
// when missing (the scaling sets go beside it). Anchors (numpy, scikit-learn,
// XGBoost) run with /usr/bin/python3 when it has them:
// apt-get install -y python3-sklearn python3-xgboost (and python3-pil for pca).
// The pca section unpacks ../shared/bench/cifar10-jpeg.tar into bench/.data; the
// features section reads ../shared/data/faces-dev/q75 (and links or resizes it
// into bench/.data).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'bench');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dataDir = flag('data', join(ROOT, 'bench', '.data', 'full'));
const repeat = Number(flag('repeat', '3'));
const only = flag(
  'only',
  'parse,logistic,gbdt,gbdt-scaling,forest,export,pca,features,features-sizes,audit,calibration,picture-cv,picture-predict,submit',
).split(',');
const python = '/usr/bin/python3';
process.env.OMP_NUM_THREADS ??= '2'; // anchors use two threads, like --threads 2
const hasTime = existsSync('/usr/bin/time');
const hasSklearn = existsSync(python) && spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
const hasXgboost = hasSklearn && spawnSync(python, ['-c', 'import xgboost'], { stdio: 'ignore' }).status === 0;
const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;

/** A make-data.mjs set in `dir`, written when missing. */
function ensureData(dir, args = []) {
  if (existsSync(join(dir, 'perso_train.data'))) return dir;
  console.error(`writing ${dir} ${args.join(' ')} ...`);
  execFileSync(process.execPath, [join(SHARED, 'make-data.mjs'), '--out', dir, ...args], { stdio: 'inherit' });
  return dir;
}
ensureData(dataDir);

/** Runs a command once; returns wall seconds, peak RSS in MB and its stdout. */
function runOnce(cmd, cmdArgs) {
  const start = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  const rssKb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : Number.NaN;
  return { wall, rssMb: rssKb / 1024, stdout: r.stdout };
}

/**
 * A task: `measure` picks the seconds from a run (default: wall time, process
 * start included), `auc` picks the AUC from its stdout.
 */
function task(name, cmd, cmdArgs, options = {}) {
  return interleaved([{ name, cmd, cmdArgs, ...options }])[0];
}

/**
 * Runs tasks round-robin (one run of each, `repeat` times) so that a drift in
 * this shared machine's speed hits all of them alike; one row per task.
 */
function interleaved(specs) {
  const runs = specs.map(() => []);
  const rounds = Math.max(...specs.map((s) => s.runs ?? repeat));
  for (let k = 0; k < rounds; k++) {
    specs.forEach((spec, j) => {
      if (k >= (spec.runs ?? repeat)) return;
      spec.before?.();
      const r = runOnce(spec.cmd, spec.cmdArgs);
      runs[j].push({
        seconds: (spec.measure ?? ((x) => x.wall))(r),
        rssMb: r.rssMb,
        auc: spec.auc?.(r.stdout),
        also: spec.also?.(r),
      });
    });
  }
  return specs.map((spec, j) => {
    const sorted = runs[j].map((r) => r.seconds).sort((a, b) => a - b);
    const alsoSorted = spec.also ? runs[j].map((r) => r.also).sort((a, b) => a - b) : undefined;
    const row = {
      name: spec.name,
      median: sorted[Math.floor(sorted.length / 2)],
      rssMb: Math.max(...runs[j].map((r) => r.rssMb)),
      auc: runs[j][0].auc,
      // a second figure of the same runs (LightGBM's load + binning), median
      alsoMedian: alsoSorted?.[Math.floor(alsoSorted.length / 2)],
    };
    console.error(`  ${spec.name}: ${row.median.toFixed(3)} s (${sorted.map((x) => x.toFixed(2)).join(', ')})`);
    return row;
  });
}

const lastNumber = (text) => Number(text.trim().split(/\s+/).pop());
const rows = [];
const ratios = [];
/** Per-kind cv AUC tables (the features section). */
const accuracy = [];
/** Valid log loss per calibration, ours and scikit-learn's on the same scores (the calibration section). */
const calibrations = [];
const train = join(dataDir, 'perso_train.data');

if (only.includes('parse')) {
  const parseScript = (cache) => `
    import { loadMatrix } from ${JSON.stringify(dist('io/matrix-cache.js'))};
    const t = performance.now();
    const m = loadMatrix(${JSON.stringify(train)}, { cache: ${cache} });
    console.log(m.nRows, m.nCols, (performance.now() - t) / 1000);`;
  const parse = task(
    'parse perso_train.data (text, 150 MB)',
    process.execPath,
    ['--input-type=module', '-e', parseScript(false)],
    { measure: (r) => lastNumber(r.stdout) },
  );
  rows.push(parse);
  runOnce(process.execPath, ['--input-type=module', '-e', parseScript(true)]); // make sure the cache exists
  rows.push(
    task('load perso_train.data (.npy cache)', process.execPath, ['--input-type=module', '-e', parseScript(true)], {
      measure: (r) => lastNumber(r.stdout),
    }),
  );
  // the set as Parquet (pca/features --format parquet), written once beside it, for the read time; its
  // values are rounded to the 7 digits our own text keeps, where the generator's text has more
  const parquetDir = `${dataDir}-parquet`;
  if (!existsSync(join(parquetDir, 'perso_train.parquet'))) {
    mkdirSync(parquetDir, { recursive: true });
    const writeScript = `
      import { openDataset } from ${JSON.stringify(dist('io/open-dataset.js'))};
      import { writeFeatureDataset } from ${JSON.stringify(dist('io/write-automl.js'))};
      const d = await openDataset(${JSON.stringify(dataDir)}, { sets: ['train', 'valid', 'test'] });
      const sets = Object.values(d.splits).map((s) => ({ setName: s.setName, names: s.ids ?? Array.from({ length: s.X.nRows }, (_, i) => String(i + 1)), labels: s.y, values: s.X.data }));
      const t = performance.now();
      writeFeatureDataset({ dir: ${JSON.stringify(parquetDir)}, name: 'perso', featureNames: d.featureNames, sets }, { format: 'parquet', force: true });
      console.log((performance.now() - t) / 1000);`;
    rows.push({
      name: 'write the set (train, valid, test) as Parquet, once',
      median: lastNumber(runOnce(process.execPath, ['--input-type=module', '-e', writeScript]).stdout),
      rssMb: Number.NaN,
    });
  }
  const readParquet = task(
    'read perso_train.parquet (53 MB)',
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { openDataset } from ${JSON.stringify(dist('io/open-dataset.js'))};
      const t = performance.now();
      await openDataset(${JSON.stringify(parquetDir)}, { sets: ['train'] });
      console.log((performance.now() - t) / 1000);`,
    ],
    { measure: (r) => lastNumber(r.stdout) },
  );
  rows.push(readParquet);
  ratios.push(['read Parquet / parse text', readParquet.median / parse.median]);
  if (hasSklearn) {
    const numpy = task(
      'anchor: numpy.loadtxt perso_train.data',
      python,
      [
        '-c',
        `import time, numpy as np\nt = time.perf_counter()\nX = np.loadtxt(${JSON.stringify(train)})\nprint(time.perf_counter() - t)`,
      ],
      { measure: (r) => lastNumber(r.stdout) },
    );
    rows.push(numpy);
    ratios.push(['parse / numpy.loadtxt', parse.median / numpy.median]);
  }
}

if (only.includes('logistic')) {
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

const cliPath = join(ROOT, 'bin', 'persodata.js');
const aucOfTrain = (stdout) => Number(/valid AUC ([\d.]+)/.exec(stdout)?.[1]);
const fitSecondsOfTrain = (r) => Number(/fitted on .* in ([\d.]+) s/.exec(r.stdout)?.[1]);
const anchorFit = (r) => Number(r.stdout.trim().split(/\s+/).slice(-2)[0]);
const anchorAuc = (stdout) => Number(stdout.trim().split(/\s+/).pop());

const LIGHTGBM = process.env.LIGHTGBM ?? join(ROOT, '..', 'shared', 'tools', 'lightgbm');
const hasLightgbm = existsSync(LIGHTGBM);

/** The set as LightGBM reads it: label first, tab-separated, written once beside the set. */
function lightgbmFiles(dir) {
  const out = join(dir, 'lightgbm');
  mkdirSync(out, { recursive: true });
  for (const set of ['train', 'valid']) {
    const target = join(out, `${set}.tsv`);
    if (existsSync(target)) continue;
    const prefix = join(dir, `perso_${set}`);
    execFileSync('bash', ['-c', `paste -d' ' '${prefix}.solution' '${prefix}.data' | tr ' ' '\\t' > '${target}.tmp'`]);
    renameSync(`${target}.tmp`, target);
  }
  return { train: join(out, 'train.tsv'), valid: join(out, 'valid.tsv') };
}

/**
 * LightGBM's program on the canonical config, as an interleaved task: its figure is its own
 * "seconds elapsed, finished iteration N" (the boosting loop), its load + binning beside it.
 */
function lightgbmSpec(dir, threads, trees = 200) {
  const files = lightgbmFiles(dir);
  return {
    name: `anchor: LightGBM ${threads} thread${threads > 1 ? 's' : ''}, boosting loop (load + binning beside it)`,
    cmd: LIGHTGBM,
    cmdArgs: [
      'task=train',
      'objective=binary',
      `data=${files.train}`,
      `valid_data=${files.valid}`,
      'metric=auc',
      `metric_freq=${trees}`,
      `num_iterations=${trees}`,
      'learning_rate=0.1',
      'num_leaves=31',
      'max_bin=255',
      'min_data_in_leaf=20',
      'min_sum_hessian_in_leaf=1e-3',
      'lambda_l2=0',
      `num_threads=${threads}`,
      `output_model=${join(tmpdir(), 'persodata-bench-lightgbm.txt')}`,
    ],
    measure: (r) => Number(new RegExp(`([\\d.]+) seconds elapsed, finished iteration ${trees}\\b`).exec(r.stdout)?.[1]),
    auc: (stdout) => Number(new RegExp(`Iteration:${trees}, valid_1 auc : ([\\d.]+)`).exec(stdout)?.[1]),
    also: (r) => Number(/Finished loading data in ([\d.]+) seconds/.exec(r.stdout)?.[1]),
  };
}

if (only.includes('gbdt')) {
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

if (only.includes('gbdt-scaling')) {
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const model = join(out, 'gbdt.json');
  const fitWith = (dir, trees) =>
    task(
      `persodata gbdt fit, ${trees} trees, ${dir === dataDir ? 65856 : dir.split('-').pop()} rows`,
      process.execPath,
      [
        cliPath,
        'train',
        '--data',
        dir,
        '--out',
        model,
        '--force',
        '--quiet',
        '--model',
        'gbdt',
        '--trees',
        String(trees),
        '--threads',
        '2',
      ],
      { measure: fitSecondsOfTrain, auc: aucOfTrain, runs: 1 },
    );
  // rows: 1/4x to 20x the challenge's 65856 (more rows from the generator), 100 trees; trees: 50 to 200 at 65856
  const bySize = [];
  for (const n of [16464, 32928, 65856, 131712, 329280, 658560, 1317120]) {
    const dir =
      n === 65856
        ? dataDir
        : ensureData(`${dataDir}-rows-${n}`, ['--train', String(n), '--valid', '2000', '--test', '10']);
    const row = fitWith(dir, 100);
    rows.push(row);
    bySize.push({ n, row });
  }
  const base = bySize.find((b) => b.n === 65856).row;
  for (const { n, row } of bySize)
    ratios.push([
      `fit seconds per row, ${n} rows / 65856 rows (100 trees; 1 = linear)`,
      row.median / n / (base.median / 65856),
    ]);
  const byTrees = [50, 200].map((trees) => ({ trees, row: fitWith(dataDir, trees) }));
  rows.push(...byTrees.map((b) => b.row));
  for (const { trees, row } of byTrees)
    ratios.push([
      `fit seconds per tree, ${trees} trees / 100 trees (65856 rows; 1 = linear)`,
      row.median / trees / (base.median / 100),
    ]);
  rmSync(out, { recursive: true, force: true });
}

if (only.includes('forest')) {
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

if (only.includes('export')) {
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

if (only.includes('pca')) {
  const cifar = join(ROOT, 'bench', '.data', 'cifar10');
  if (!existsSync(join(cifar, 'train'))) {
    mkdirSync(cifar, { recursive: true });
    execFileSync('tar', ['-xf', join(SHARED, 'cifar10-jpeg.tar'), '-C', cifar]);
  }
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const matrix = join(out, 'train-pixels.npy');
  const exactCache = join(ROOT, 'bench', '.data', 'cifar10-train-exact-evr200.json');
  const needExact = hasSklearn && !existsSync(exactCache);
  // decode (untimed here) + fit 200 components and score the fitted rows, timed; optionally dumps the pixels for the exact reference
  const fitScript = `
    import { writeFileSync } from 'node:fs';
    import { PcaEngine } from ${JSON.stringify(dist('pca/pca-engine.js'))};
    import { fitRandomizedPca, productColumns } from ${JSON.stringify(dist('pca/randomized-pca.js'))};
    import { listImages } from ${JSON.stringify(dist('pictures/list-images.js'))};
    const { images } = listImages(${JSON.stringify(join(cifar, 'train'))});
    const n = images.length, d = 12288;
    await PcaEngine.run({ nFeatures: d, capacity: n, columns: productColumns(200, 16), threads: 2 }, async (engine) => {
      await engine.decodeFiles(images.map((f) => f.path), 0, 64);
      const dump = process.argv.at(-1);
      if (dump.endsWith('.npy')) {
        const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
        const padded = header + ' '.repeat(117 - header.length) + '\\n';
        writeFileSync(dump, Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, 118, 0]), Buffer.from(padded), engine.pixelRows(0, n)]));
      }
      const t = performance.now();
      const fit = await fitRandomizedPca(engine, n, { components: 200, oversamples: 16, powerIterations: 2, seed: 0 });
      const seconds = (performance.now() - t) / 1000;
      console.log(fit.explainedVariance.reduce((a, b) => a + b, 0) / fit.totalVariance, seconds);
    });`;
  const decodeScript = `
    import { PcaEngine } from ${JSON.stringify(dist('pca/pca-engine.js'))};
    import { listImages } from ${JSON.stringify(dist('pictures/list-images.js'))};
    const { images } = listImages(${JSON.stringify(cifar)});
    await PcaEngine.run({ nFeatures: 12288, capacity: images.length, columns: 8, threads: 2 }, async (engine) => {
      const t = performance.now();
      const failures = await engine.decodeFiles(images.map((f) => f.path), 0, 64);
      if (failures.length) throw new Error(failures.length + ' failures');
      console.log(images.length, (performance.now() - t) / 1000);
    });`;
  const decode = task(
    'persodata decode + resize 60000 CIFAR-10 JPEGs to 64x64x3, 2 threads (s)',
    process.execPath,
    ['--input-type=module', '-e', decodeScript],
    { measure: (r) => lastNumber(r.stdout) },
  );
  rows.push(decode);
  ratios.push(['decode + resize, images per second (target >= 2000)', 60000 / decode.median]);
  const evrOf = (stdout) => Number(stdout.trim().split(/\s+/).at(-2));
  const specs = [
    {
      name: 'persodata pca fit 200 components + scores, 50000 x 12288 (s)',
      cmd: process.execPath,
      cmdArgs: ['--input-type=module', '-e', fitScript, needExact ? matrix : 'no-dump'],
      measure: (r) => lastNumber(r.stdout),
      auc: evrOf,
    },
  ];
  if (hasSklearn) {
    specs.push({
      name: 'anchor: scikit-learn PCA(200, randomized) fit_transform, same images via PIL (s)',
      cmd: python,
      cmdArgs: [join(SHARED, 'anchors', 'pca_anchor.py'), join(cifar, 'train')],
      measure: (r) => Number(r.stdout.trim().split(/\s+/).at(-3)),
      auc: (s) => Number(s.trim().split(/\s+/).at(-2)),
    });
  }
  const [fit, ...anchors] = interleaved(specs);
  rows.push(fit, ...anchors);
  for (const anchor of anchors)
    ratios.push(['pca fit + scores / scikit-learn PCA fit_transform', fit.median / anchor.median]);
  if (needExact)
    writeFileSync(
      exactCache,
      JSON.stringify({
        evr: lastNumber(
          execFileSync(python, [join(ROOT, 'bench', 'pca_exact.py'), matrix, '200'], { encoding: 'utf8' }),
        ),
      }),
    );
  if (existsSync(exactCache)) {
    const exact = JSON.parse(readFileSync(exactCache, 'utf8')).evr;
    ratios.push([
      `pca explained variance of 200 components / exact solver's (${exact.toFixed(5)}; target >= 0.995)`,
      fit.auc / exact,
    ]);
  }
  const cli = task(
    'persodata pca CLI: 50000 train + 10000 test JPEGs -> 200 components, files written (s)',
    process.execPath,
    [
      cliPath,
      'pca',
      '--images',
      join(cifar, 'train'),
      '--test-images',
      join(cifar, 'test'),
      '--positive',
      'airplane,automobile,ship,truck',
      '--out',
      join(out, 'features'),
      '--force',
      '--quiet',
      '--threads',
      '2',
    ],
    { runs: 1 },
  );
  rows.push(cli);
  rmSync(out, { recursive: true, force: true });
}

/** persodata cv --json of gbdt with 200 trees on `input` (--data DIR or --images DIR), 2 threads, folds dealt by `seed`. */
const gbdtCv = (input, seed) =>
  runOnce(process.execPath, [
    cliPath,
    'cv',
    ...input,
    '--model',
    'gbdt',
    '--trees',
    '200',
    '--seed',
    String(seed),
    '--threads',
    '2',
    '--json',
  ]);

/** A folder of `n` links to the faces of faces-dev/VARIANT, each class in its folder (the files repeat; the work does not). */
function linkedFaces(variant, n) {
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-dev', variant);
  const dir = join(ROOT, 'bench', '.data', variant === 'q75' ? `faces-${n}` : `faces-${variant}-${n}`);
  if (existsSync(dir)) return dir;
  const pictures = readdirSync(join(faces, 'real'))
    .map((f) => ['real', f])
    .concat(readdirSync(join(faces, 'fake')).map((f) => ['fake', f]));
  for (const c of ['real', 'fake']) mkdirSync(join(dir, c), { recursive: true });
  for (let i = 0; i < n; i++) {
    const [c, f] = pictures[i % pictures.length];
    symlinkSync(join(faces, c, f), join(dir, c, `${Math.floor(i / pictures.length)}-${f}`));
  }
  return dir;
}

/** The fold ids `persodata cv --seed S` deals (5 folds) for each seed, as a JSON file the Python references read. */
async function writeFoldIds(path, labels, seeds) {
  const { stratifiedFoldIds } = await import(dist('cv/stratified-k-fold.js'));
  writeFileSync(path, JSON.stringify(seeds.map((s) => Array.from(stratifiedFoldIds(labels, 5, s)))));
  return path;
}

/** persodata features on a folder, 2 threads, into `dest`. */
const features = (images, dest, extra = []) => [
  cliPath,
  'features',
  '--images',
  images,
  '--out',
  dest,
  '--threads',
  '2',
  '--force',
  '--quiet',
  ...extra,
];

if (only.includes('features')) {
  // full-resolution features on 1024x1024 faces: speed against the numpy recipe, memory over 10000
  // pictures, cv AUC against scikit-learn on numpy's features (same folds), and other sizes end to end
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-dev', 'q75');
  const reference = join(ROOT, 'bench', 'features_reference.py');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const perSecond = (n) => (r) => n / r.wall;
  const speedSet = linkedFaces('q75', 300);
  const specs = [
    {
      name: 'persodata features spectrum,residual,pca: 300 1024x1024 JPEGs, decode included, 2 threads (pictures/s)',
      cmd: process.execPath,
      cmdArgs: features(speedSet, join(out, 'speed')),
      measure: perSecond(300),
    },
  ];
  if (hasSklearn)
    specs.push({
      name: 'anchor: numpy + PIL recipe (features_reference.py dataset), same 300 pictures, same three kinds (pictures/s)',
      cmd: python,
      cmdArgs: [reference, 'dataset', speedSet, join(out, 'numpy-speed')],
      measure: perSecond(300),
    });
  const [ours, ...numpyAnchor] = interleaved(specs);
  rows.push(ours, ...numpyAnchor);
  ratios.push(['features: pictures per second, 1024x1024, 2 threads (target >= 14)', ours.median]);
  for (const anchor of numpyAnchor)
    ratios.push(['features pictures per second / numpy recipe (target >= 4)', ours.median / anchor.median]);
  const many = task(
    'persodata features spectrum,residual,pca: 10000 1024x1024 JPEGs, 2 threads (pictures/s; peak RSS target < 1024 MB)',
    process.execPath,
    features(linkedFaces('q75', 10000), join(out, 'many')),
    { runs: 1, measure: perSecond(10000) },
  );
  rows.push(many);
  ratios.push(['features over 10000 pictures: peak RSS in MB (target < 1024)', many.rssMb]);

  // accuracy: persodata cv (gbdt, HistGradientBoosting's settings) on our features against scikit-learn's
  // HistGradientBoosting on numpy's features, both over the same 10 fold assignments (persodata cv --seed 0..9)
  const kinds = ['spectrum', 'residual', 'pca', 'spectrum,residual', 'spectrum,residual,pca'];
  const seeds = Array.from({ length: 10 }, (_, i) => i);
  const oursAuc = {};
  for (const kind of kinds) {
    const dest = join(out, `auc-${kind}`);
    runOnce(process.execPath, features(faces, dest, ['--kinds', kind]));
    const aucs = seeds.map((seed) => JSON.parse(gbdtCv(['--data', dest], seed).stdout).mean_auc);
    oursAuc[kind] = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    console.error(
      `  persodata cv gbdt on ${kind}: mean AUC over ${seeds.length} fold assignments ${oursAuc[kind].toFixed(4)}`,
    );
  }
  const labels = Uint8Array.from(
    readFileSync(join(out, 'auc-spectrum', 'perso_train.solution'), 'utf8')
      .trim()
      .split('\n')
      .map(Number),
  );
  const foldsFile = await writeFoldIds(join(out, 'folds.json'), labels, seeds);
  let numpyAuc;
  if (hasSklearn) {
    const numpyDir = join(out, 'numpy-faces');
    runOnce(python, [reference, 'dataset', faces, numpyDir]);
    const numpyLabels = readFileSync(join(numpyDir, 'numpy_train.solution'), 'utf8').trim().split('\n').map(Number);
    if (numpyLabels.join() !== Array.from(labels).join()) throw new Error('numpy and persodata rows differ in order');
    numpyAuc = JSON.parse(runOnce(python, [reference, 'cv', join(numpyDir, 'numpy'), foldsFile]).stdout);
    console.error(`  scikit-learn HGB on numpy's features: ${JSON.stringify(numpyAuc)}`);
  }
  accuracy.push({
    title: 'faces-dev/q75 (100 real, 50 fake), 5-fold cv AUC, mean of 10 fold assignments',
    kinds,
    oursAuc,
    numpyAuc,
  });

  rmSync(out, { recursive: true, force: true });
}

if (only.includes('features-sizes')) {
  // other sizes end to end: 512x512 (DL-Hack's) and 32x32 (CIFAR-10), features -> cv -> train -> predict
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-dev', 'q75');
  const reference = join(ROOT, 'bench', 'features_reference.py');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const cifar = join(ROOT, 'bench', '.data', 'cifar10');
  if (!existsSync(join(cifar, 'test'))) {
    mkdirSync(cifar, { recursive: true });
    execFileSync('tar', ['-xf', join(SHARED, 'cifar10-jpeg.tar'), '-C', cifar]);
  }
  const faces512 = join(ROOT, 'bench', '.data', 'faces512');
  if (hasSklearn && !existsSync(faces512)) runOnce(python, [reference, 'resize', faces, faces512, '512']);
  const ends = [
    ['512x512 faces (150 train, 50 test)', faces512, join(faces512, 'fake'), []],
    [
      '32x32 CIFAR-10 (its 10000 test pictures as train, its 50000 train pictures as test; vehicles = real)',
      join(cifar, 'test'),
      join(cifar, 'train'),
      ['--positive', 'airplane,automobile,ship,truck'],
    ],
  ];
  for (const [what, images, test, extra] of ends) {
    if (!existsSync(images)) continue;
    const dest = join(out, `end-${basename(images)}`);
    const model = join(out, `end-${basename(images)}.model.json`);
    const steps = [
      ['features', features(images, dest, ['--test-images', test, ...extra])],
      ['cv', [cliPath, 'cv', '--data', dest, '--model', 'gbdt', '--threads', '2', '--quiet']],
      ['train', [cliPath, 'train', '--data', dest, '--model', 'gbdt', '--out', model, '--force', '--quiet']],
      [
        'predict',
        [
          cliPath,
          'predict',
          '--model',
          model,
          '--data',
          dest,
          '--out',
          join(dest, 'sub'),
          '--format',
          'id-p-real',
          '--force',
          '--quiet',
        ],
      ],
    ];
    for (const [step, cmdArgs] of steps) {
      const r = runOnce(process.execPath, cmdArgs);
      console.error(`  ${what}: ${step} ${r.wall.toFixed(2)} s`);
      rows.push({
        name: `${what}: ${step}`,
        median: r.wall,
        rssMb: r.rssMb,
        auc: step === 'cv' ? Number(/mean AUC ([\d.]+)/.exec(r.stdout)?.[1]) : undefined,
      });
    }
  }
  rmSync(out, { recursive: true, force: true });
}

if (only.includes('audit')) {
  // the header audit of 10000 pictures (links to the 150 faces as collected: the classes differ in JPEG quality)
  const dir = linkedFaces('original', 10000);
  const specs = [
    {
      name: 'persodata audit: 10000 1024x1024 JPEG headers, metadata model cv included (s; target < 5)',
      cmd: process.execPath,
      cmdArgs: [cliPath, 'audit', '--images', dir, '--threads', '2', '--json'],
      auc: (stdout) => JSON.parse(stdout).model.meanAuc,
    },
  ];
  if (hasSklearn)
    specs.push({
      name: 'anchor: PIL Image.open header facts of the same 10000 files, no model (audit_anchor.py)',
      cmd: python,
      cmdArgs: [join(ROOT, 'bench', 'audit_anchor.py'), dir],
    });
  const [ours, ...anchors] = interleaved(specs);
  rows.push(ours, ...anchors);
  for (const anchor of anchors) ratios.push(['audit of 10000 headers / PIL header reads', ours.median / anchor.median]);
}

if (only.includes('calibration')) {
  // calibration on the full-size set: our isotonic and sigmoid fits against scikit-learn's on the same
  // out-of-fold scores (valid log loss), for the forest (averaged votes) and gbdt
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const script = `
    import { writeFileSync } from 'node:fs';
    import { readDataset, locateDataset } from ${JSON.stringify(dist('io/automl.js'))};
    import { createEstimator } from ${JSON.stringify(dist('models/registry.js'))};
    import { outOfFoldScores } from ${JSON.stringify(dist('calibration/out-of-fold.js'))};
    import { fitIsotonic } from ${JSON.stringify(dist('calibration/isotonic.js'))};
    import { fitSigmoid } from ${JSON.stringify(dist('calibration/sigmoid.js'))};
    import { calibrated } from ${JSON.stringify(dist('calibration/postprocess.js'))};
    import { logLoss } from ${JSON.stringify(dist('metrics/classification.js'))};
    const [kind, dump] = process.argv.slice(-2);
    const ds = readDataset(locateDataset(${JSON.stringify(dataDir)}), { sets: ['train', 'valid'], cache: true });
    const { train, valid } = ds.splits;
    const make = () => createEstimator(kind, {}, 0);
    const t = performance.now();
    const oof = await outOfFoldScores(make, train.X, train.y, { nFolds: 5, seed: 0, fitContext: { threads: 2 } });
    const model = await make().fit(train.X, train.y, { threads: 2 });
    const p = await model.predictProba(valid.X, { threads: 2 });
    const seconds = (performance.now() - t) / 1000;
    const iso = calibrated({ calibration: fitIsotonic(oof, train.y) }, p);
    const sig = calibrated({ calibration: fitSigmoid(oof, train.y) }, p);
    writeFileSync(dump, JSON.stringify({ oof: Array.from(oof), oofLabels: Array.from(train.y), valid: Array.from(p), validLabels: Array.from(valid.y) }));
    console.log(JSON.stringify({ seconds, uncalibrated: logLoss(valid.y, p), isotonic: logLoss(valid.y, iso), sigmoid: logLoss(valid.y, sig) }));`;
  for (const kind of ['forest', 'gbdt']) {
    const dump = join(out, `${kind}-scores.json`);
    const r = runOnce(process.execPath, ['--input-type=module', '-e', script, kind, dump]);
    const ours = JSON.parse(r.stdout.trim().split('\n').pop());
    console.error(`  ${kind}: ${JSON.stringify(ours)}`);
    rows.push({
      name: `persodata ${kind}: 5 out-of-fold fits + the full fit + valid scores (s)`,
      median: ours.seconds,
      rssMb: r.rssMb,
    });
    calibrations.push({ kind, ours });
    if (hasSklearn) {
      const theirs = JSON.parse(runOnce(python, [join(ROOT, 'bench', 'calibration_anchor.py'), dump]).stdout);
      console.error(`  scikit-learn on the same scores: ${JSON.stringify(theirs)}`);
      calibrations[calibrations.length - 1].theirs = theirs;
    }
  }
  rmSync(out, { recursive: true, force: true });
}

if (only.includes('picture-cv')) {
  // the leak of pca-then-cv, measured: cv --images (PCA fitted in every fold) and its leaky protocol,
  // against a scikit-learn pipeline doing both on numpy's features, over the same 10 fold assignments
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-dev', 'q75');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const seeds = Array.from({ length: 10 }, (_, i) => i);
  const runs = seeds.map((seed) => {
    const r = gbdtCv(['--images', faces], seed);
    return { ...JSON.parse(r.stdout), seconds: r.wall, rssMb: r.rssMb };
  });
  const avg = (f) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  const ours = { inFold: avg((r) => r.mean_auc), leaky: avg((r) => r.leaky_mean_auc) };
  console.error(`  persodata cv --images: ${JSON.stringify(ours)}`);
  rows.push({
    name: 'persodata cv --images faces-dev/q75, spectrum,residual,pca, gbdt 200 trees, in-fold + leaky (s, one seed)',
    median: runs.map((r) => r.seconds).sort((a, b) => a - b)[5],
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    auc: ours.inFold,
  });
  let theirs;
  if (hasSklearn) {
    const labels = Uint8Array.from([
      ...readdirSync(join(faces, 'fake')).map(() => 0),
      ...readdirSync(join(faces, 'real')).map(() => 1),
    ]);
    const foldsFile = await writeFoldIds(join(out, 'folds.json'), labels, seeds);
    theirs = JSON.parse(
      runOnce(python, [join(ROOT, 'bench', 'features_reference.py'), 'pipeline-cv', faces, foldsFile]).stdout,
    );
    console.error(`  scikit-learn pipeline: ${JSON.stringify(theirs)}`);
  }
  accuracy.push({
    title:
      'faces-dev/q75, spectrum,residual,pca, gbdt / HistGradientBoosting: PCA fitted in every fold (in-fold) or on every picture (leaky), mean of 10 fold assignments',
    kinds: ['in-fold', 'leaky'],
    oursAuc: { 'in-fold': ours.inFold, leaky: ours.leaky },
    numpyAuc: theirs ? { 'in-fold': theirs.in_fold, leaky: theirs.leaky } : undefined,
  });
  rmSync(out, { recursive: true, force: true });
}

if (only.includes('picture-predict')) {
  // one call from pictures to a submission: predict --model with a pipeline model (train --images) on 1000
  // pictures of 1024x1024, against the same work in two calls (features --model, then predict --data)
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-dev', 'q75');
  const pictures = linkedFaces('q75', 1000);
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const cli = (...args) => runOnce(process.execPath, [cliPath, ...args, '--threads', '2', '--quiet']);
  const pipeline = join(out, 'pipeline.json');
  cli('train', '--images', faces, '--model', 'gbdt', '--out', pipeline);
  const featurizer = join(out, 'featurizer.json');
  const plain = join(out, 'plain.json');
  cli('features', '--images', faces, '--save', featurizer, '--out', join(out, 'train-features'));
  cli('train', '--data', join(out, 'train-features'), '--model', 'gbdt', '--out', plain);
  const twoSteps = [
    `${process.execPath} ${cliPath} features --model ${featurizer} --test-images ${pictures} --out ${join(out, 'f')} --force --quiet --threads 2`,
    `${process.execPath} ${cliPath} predict --model ${plain} --data ${join(out, 'f')} --format logit --out ${join(out, 'two')} --force --quiet --threads 2`,
  ].join(' && ');
  const [one, two] = interleaved([
    {
      name: 'persodata predict --model pipeline.json --images (1000 pictures 1024x1024, spectrum,residual,pca, gbdt)',
      cmd: process.execPath,
      cmdArgs: [
        cliPath,
        'predict',
        '--model',
        pipeline,
        '--images',
        pictures,
        '--format',
        'logit',
        '--out',
        join(out, 'one.csv'),
        '--force',
        '--quiet',
        '--threads',
        '2',
      ],
    },
    { name: 'the same in two calls: features --model, then predict --data', cmd: 'bash', cmdArgs: ['-c', twoSteps] },
  ]);
  rows.push(one, two);
  ratios.push(['predict on pictures (one call) / features + predict (two calls)', one.median / two.median]);
  ratios.push(['peak RSS, one call / two calls', one.rssMb / two.rssMb]);
  rmSync(out, { recursive: true, force: true });
}

if (only.includes('submit')) {
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

console.log(`\n${repeat} runs per task (1 for cv and scaling) on ${dataDir}; seconds = median, RSS = largest peak\n`);
console.log('| task | median s | peak RSS MB | AUC (pca: explained variance) |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${Number.isNaN(r.median) ? '-' : r.median.toFixed(3)} | ${Number.isNaN(r.rssMb) ? '-' : r.rssMb.toFixed(0)} | ${r.auc === undefined || Number.isNaN(r.auc) ? '' : r.auc.toFixed(5)} |`,
  );
}
if (ratios.length > 0) {
  console.log('');
  for (const [name, value] of ratios)
    console.log(
      `${name}: ${value.toFixed(name.includes('AUC difference') ? 5 : name.includes('explained variance') ? 4 : 2)}`,
    );
}
for (const table of accuracy) {
  console.log(`\n${table.title}\n`);
  console.log('| kinds | persodata cv gbdt, our features | scikit-learn HGB, numpy features | difference |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const kind of table.kinds) {
    const theirs = table.numpyAuc?.[kind];
    const ours = table.oursAuc[kind];
    console.log(
      `| ${kind} | ${ours.toFixed(4)} | ${theirs === undefined ? '-' : theirs.toFixed(4)} | ${theirs === undefined ? '' : (ours - theirs).toFixed(4)} |`,
    );
  }
}
for (const c of calibrations) {
  if (c === calibrations[0]) {
    console.log('\nvalid log loss (full-size set; calibrators fitted on 5-fold out-of-fold scores)\n');
    console.log(
      '| model | uncalibrated | isotonic: ours | isotonic: scikit-learn | sigmoid: ours | sigmoid: scikit-learn |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  }
  const f = (v) => (v === undefined ? '-' : v.toFixed(5));
  console.log(
    `| ${c.kind} | ${f(c.ours.uncalibrated)} | ${f(c.ours.isotonic)} | ${f(c.theirs?.isotonic)} | ${f(c.ours.sigmoid)} | ${f(c.theirs?.sigmoid)} |`,
  );
}
if (!hasSklearn)
  console.log('\n(anchors skipped: /usr/bin/python3 has no scikit-learn; apt-get install -y python3-sklearn)');
