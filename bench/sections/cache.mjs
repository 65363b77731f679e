// npm run bench -- --only cache
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runOnce, rows, ratios, cliPath } from '../lib/common.mjs';

/** The cache section of npm run bench: a recipe's second cv, and train after it, with the feature cache. */
export default async function run() {
  // 900 distinct 1024x1024 faces (faces-b q75): the first cv fills a fresh cache, the second reads it;
  // train after cv reads it too, against train computing every picture (--no-cache)
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-b', 'q75');
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const cache = join(out, 'cache');
  const gbdt = ['--images', faces, '--model', 'gbdt', '--trees', '200', '--threads', '2', '--quiet'];
  const cv = () => runOnce(process.execPath, [cliPath, 'cv', ...gbdt, '--json', '--cache', cache]);
  const train = (...flags) =>
    runOnce(process.execPath, [cliPath, 'train', ...gbdt, '--out', join(out, 'm.json'), '--force', ...flags]);
  const first = cv();
  const second = cv();
  const same = JSON.stringify(JSON.parse(first.stdout).folds) === JSON.stringify(JSON.parse(second.stdout).folds);
  if (!same) console.error('  cache: the second cv scored differently from the first');
  const cached = train('--cache', cache);
  const computed = train('--no-cache');
  const name = 'faces-b q75 (900 pictures 1024x1024), spectrum,residual,pca, gbdt 200 trees';
  rows.push({ name: `persodata cv --images ${name}: first run, filling the cache (s)`, ...timing(first) });
  rows.push({ name: `persodata cv --images ${name}: second run, from the cache (s)`, ...timing(second) });
  rows.push({ name: `persodata train --images ${name}: after cv, from the cache (s)`, ...timing(cached) });
  rows.push({ name: `persodata train --images ${name}: --no-cache (s)`, ...timing(computed) });
  ratios.push([
    `second cv / first cv, the same folds${same ? '' : ' (SCORES DIFFER)'} (target <= 0.10)`,
    second.wall / first.wall,
  ]);
  ratios.push(['train from the cache / train --no-cache', cached.wall / computed.wall]);
  ratios.push([`feature cache on disk after the runs, MB`, statSync(join(cache, 'features.lmdb')).size / 2 ** 20]);
  rmSync(out, { recursive: true, force: true });
}

/** A run's row: its wall time, peak RSS and (cv --json) mean AUC. */
function timing(r) {
  const auc = r.stdout.trimStart().startsWith('{') ? JSON.parse(r.stdout).mean_auc : undefined;
  return { median: r.wall, rssMb: r.rssMb, auc };
}
