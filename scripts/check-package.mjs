#!/usr/bin/env node
// Checks that persodata installs as a package: `npm pack`, the tarball's file
// list (the compiled CLI, its WebAssembly and the embedded sample; no tests,
// sources or source maps), then an install of the tarball into an empty
// folder, where `persodata --version`, `persodata cv` and `persodata
// features` (its FFT's WebAssembly found from node_modules) must run.
// Needs dist/ (npm run build) and the npm registry for the dependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'persodata-pack-'));
const failures = [];

function check(ok, what) {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
  if (!ok) failures.push(what);
}

try {
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const files = packed[0].files.map((f) => f.path);
  const tarball = join(work, packed[0].filename);
  console.log(`${packed[0].filename}: ${files.length} files, ${(packed[0].size / 1024).toFixed(0)} KiB packed`);
  for (const needed of [
    'bin/persodata.js',
    'dist/cli/main.js',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/wasm/tree-kernels.wasm',
    'dist/wasm/quick-scorer.wasm',
    'dist/wasm/gemm-kernels.wasm',
    'data/perso_train.data',
    'data/perso_train.solution',
    'data/perso_feat.name',
    'package.json',
    'README.md',
  ]) {
    check(files.includes(needed), `the tarball holds ${needed}`);
  }
  const unwanted = files.filter(
    (f) =>
      /^(src|test|bench|scripts|\.ci)\//.test(f) ||
      f.endsWith('.map') ||
      f.endsWith('.npy') ||
      (f.endsWith('.ts') && !f.endsWith('.d.ts')),
  );
  check(
    unwanted.length === 0,
    `no tests, sources, source maps or caches in the tarball${unwanted.length ? `: ${unwanted.slice(0, 5).join(', ')}` : ''}`,
  );

  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'persodata-pack-check', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: app,
    stdio: 'inherit',
  });
  const bin = join(app, 'node_modules', '.bin', 'persodata');
  const version = spawnSync(bin, ['--version'], { cwd: app, encoding: 'utf8' });
  check(
    version.status === 0 && version.stdout.trim() === pkg.version,
    `persodata --version prints ${pkg.version} (got ${JSON.stringify(version.stdout.trim())}, exit ${version.status})`,
  );
  const api = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('persodata'); console.log(['Gbdt', 'RandomForest', 'LogisticRegression', 'readDataset', 'formatSubmission', 'runPca', 'runFeatures', 'rocAuc'].filter((k) => !(k in m)).join(',') || 'ok')",
    ],
    { cwd: app, encoding: 'utf8' },
  );
  check(
    api.status === 0 && api.stdout.trim() === 'ok',
    `the library API imports (missing: ${api.stdout.trim() || api.stderr.trim().split('\n')[0]})`,
  );
  const cv = spawnSync(bin, ['cv', '--quiet'], { cwd: app, encoding: 'utf8' });
  check(
    cv.status === 0 && /mean AUC \d\.\d{5}/.test(cv.stdout),
    `persodata cv runs on the embedded sample (exit ${cv.status}${cv.stderr ? `; ${cv.stderr.trim().split('\n')[0]}` : ''})`,
  );
  // a few noise pictures, made with the sharp the package installed, through the full-resolution features
  const pictures = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import sharp from 'sharp'; import { mkdirSync } from 'node:fs';
       for (const [c, n] of [['real', 3], ['fake', 3]]) {
         mkdirSync('pics/' + c, { recursive: true });
         for (let i = 0; i < n; i++) {
           const raw = Buffer.from(Array.from({ length: 40 * 30 * 3 }, (_, k) => (k * 7 + i * 13 + c.length) % 256));
           await sharp(raw, { raw: { width: 40, height: 30, channels: 3 } }).png().toFile('pics/' + c + '/' + i + '.png');
         }
       }`,
    ],
    { cwd: app, encoding: 'utf8' },
  );
  const features = spawnSync(
    bin,
    ['features', '--images', 'pics', '--kinds', 'spectrum,residual', '--out', 'feats', '--quiet'],
    { cwd: app, encoding: 'utf8' },
  );
  check(
    pictures.status === 0 && features.status === 0 && /-> 587 columns/.test(features.stdout),
    `persodata features runs on pictures (exit ${features.status}${features.stderr ? `; ${features.stderr.trim().split('\n')[0]}` : ''}${pictures.stderr ? `; ${pictures.stderr.trim().split('\n')[0]}` : ''})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`check-package: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('check-package: the tarball installs and runs');
