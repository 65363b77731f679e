// npm run bench -- --only gbdt-scaling
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDir, ensureData, task, rows, ratios, cliPath, aucOfTrain, fitSecondsOfTrain } from '../lib/common.mjs';

/** The gbdt-scaling section of npm run bench. */
export default async function run() {
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
