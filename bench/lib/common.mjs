// What every bench section shares: the flags, the data set, running a task
// in its own process (median seconds, peak RSS), the anchors' availability
// and the tables the sections fill and bench.mjs prints.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared', 'bench');
export const args = process.argv.slice(2);
export const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
export const dataDir = flag('data', join(ROOT, 'bench', '.data', 'full'));
export const repeat = Number(flag('repeat', '3'));
export const only = flag(
  'only',
  'parse,logistic,gbdt,gbdt-quantized,gbdt-scaling,forest,export,pca,features,features-sizes,audit,calibration,picture-cv,picture-predict,submit,robust,cache,ensemble,blend,tune',
).split(',');
export const python = '/usr/bin/python3';
process.env.OMP_NUM_THREADS ??= '2'; // anchors use two threads, like --threads 2
export const hasTime = existsSync('/usr/bin/time');
export const hasSklearn =
  existsSync(python) && spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
export const hasXgboost = hasSklearn && spawnSync(python, ['-c', 'import xgboost'], { stdio: 'ignore' }).status === 0;
export const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;

/** A make-data.mjs set in `dir`, written when missing. */
export function ensureData(dir, args = []) {
  if (existsSync(join(dir, 'perso_train.data'))) return dir;
  console.error(`writing ${dir} ${args.join(' ')} ...`);
  execFileSync(process.execPath, [join(SHARED, 'make-data.mjs'), '--out', dir, ...args], { stdio: 'inherit' });
  return dir;
}

/** Runs a command once; returns wall seconds, peak RSS in MB and its stdout. */
export function runOnce(cmd, cmdArgs) {
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
export function task(name, cmd, cmdArgs, options = {}) {
  return interleaved([{ name, cmd, cmdArgs, ...options }])[0];
}

/**
 * Runs tasks round-robin (one run of each, `repeat` times) so that a drift in
 * this shared machine's speed hits all of them alike; one row per task.
 */
export function interleaved(specs) {
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

export const lastNumber = (text) => Number(text.trim().split(/\s+/).pop());
export const rows = [];
export const ratios = [];
/** Per-kind cv AUC tables (the features section). */
export const accuracy = [];
/** Valid log loss per calibration, ours and scikit-learn's on the same scores (the calibration section). */
export const calibrations = [];
export const train = join(dataDir, 'perso_train.data');

export const cliPath = join(ROOT, 'bin', 'persodata.js');
export const aucOfTrain = (stdout) => Number(/valid AUC ([\d.]+)/.exec(stdout)?.[1]);
export const fitSecondsOfTrain = (r) => Number(/fitted on .* in ([\d.]+) s/.exec(r.stdout)?.[1]);
export const anchorFit = (r) => Number(r.stdout.trim().split(/\s+/).slice(-2)[0]);
export const anchorAuc = (stdout) => Number(stdout.trim().split(/\s+/).pop());

export const LIGHTGBM = process.env.LIGHTGBM ?? join(ROOT, '..', 'shared', 'tools', 'lightgbm');
export const hasLightgbm = existsSync(LIGHTGBM);

/** The set as LightGBM reads it: label first, tab-separated, written once beside the set. */
export function lightgbmFiles(dir) {
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
export function lightgbmSpec(dir, threads, trees = 200, extra = []) {
  const files = lightgbmFiles(dir);
  return {
    name: `anchor: LightGBM ${threads} thread${threads > 1 ? 's' : ''}${extra.length ? ` ${extra.join(' ')}` : ''}, boosting loop (load + binning beside it)`,
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
      ...extra,
    ],
    measure: (r) => Number(new RegExp(`([\\d.]+) seconds elapsed, finished iteration ${trees}\\b`).exec(r.stdout)?.[1]),
    auc: (stdout) => Number(new RegExp(`Iteration:${trees}, valid_1 auc : ([\\d.]+)`).exec(stdout)?.[1]),
    also: (r) => Number(/Finished loading data in ([\d.]+) seconds/.exec(r.stdout)?.[1]),
  };
}

/**
 * persodata cv --json of gbdt with 200 trees on `input` (--data DIR or --images DIR), 2 threads, folds dealt by `seed`.
 * Pictures are featurized every time (--no-cache): the bench measures the work, not the feature cache.
 */
export const gbdtCv = (input, seed) =>
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
    ...(input[0] === '--images' ? ['--no-cache'] : []),
  ]);

/** A folder of `n` links to the faces of faces-dev/VARIANT, each class in its folder (the files repeat; the work does not). */
export function linkedFaces(variant, n) {
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
export async function writeFoldIds(path, labels, seeds) {
  const { stratifiedFoldIds } = await import(dist('cv/stratified-k-fold.js'));
  writeFileSync(path, JSON.stringify(seeds.map((s) => Array.from(stratifiedFoldIds(labels, 5, s)))));
  return path;
}

/** persodata features on a folder, 2 threads, into `dest`, every picture computed (--no-cache). */
export const features = (images, dest, extra = []) => [
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
  '--no-cache',
  ...extra,
];
