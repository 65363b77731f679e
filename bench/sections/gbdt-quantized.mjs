// npm run bench -- --only gbdt-quantized
// gbdt --quantized against LightGBM's use_quantized_grad=true, both on 2
// threads, interleaved with the full-precision fits of both, on the bench set
// and on a second set from the generator (--seed 2): the time ratio, and what
// quantizing costs each in valid AUC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  dataDir,
  ensureData,
  interleaved,
  rows,
  ratios,
  cliPath,
  aucOfTrain,
  fitSecondsOfTrain,
  hasLightgbm,
  lightgbmSpec,
  repeat,
} from '../lib/common.mjs';

const CANONICAL = ['--model', 'gbdt', '--trees', '200', '--learning-rate', '0.1', '--leaves', '31'];
const CANONICAL_REST = ['--bins', '255', '--min-leaf', '20', '--threads', '2'];

/** The gbdt-quantized section of npm run bench. */
export default async function run() {
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const sets = [
    { label: 'seed 1', dir: dataDir, runs: repeat },
    { label: 'seed 2', dir: ensureData(join(ROOT, 'bench', '.data', 'full-seed2'), ['--seed', '2']), runs: 1 },
  ];
  for (const { label, dir, runs } of sets) {
    const ours = (quantized) => ({
      name: `persodata gbdt fit, canonical${quantized ? ' --quantized' : ''}, 2 threads, ${label}`,
      cmd: process.execPath,
      cmdArgs: [
        cliPath,
        'train',
        '--data',
        dir,
        '--out',
        join(out, 'gbdt.json'),
        '--force',
        '--quiet',
        ...CANONICAL,
        ...CANONICAL_REST,
        ...(quantized ? ['--quantized'] : []),
      ],
      measure: fitSecondsOfTrain,
      auc: aucOfTrain,
      runs,
    });
    const specs = [ours(false), ours(true)];
    if (hasLightgbm) {
      const full = lightgbmSpec(dir, 2);
      const quantized = lightgbmSpec(dir, 2, 200, ['use_quantized_grad=true']);
      specs.push(
        { ...full, name: `${full.name}, ${label}`, runs },
        { ...quantized, name: `${quantized.name}, ${label}`, runs },
      );
    }
    const [full, quantized, lgbFull, lgbQuantized] = interleaved(specs);
    rows.push(full, quantized);
    ratios.push([`gbdt --quantized fit / full-precision fit, ${label}`, quantized.median / full.median]);
    ratios.push([`valid AUC difference, gbdt --quantized - full precision, ${label}`, quantized.auc - full.auc]);
    if (lgbFull && lgbQuantized) {
      rows.push(lgbFull, lgbQuantized);
      ratios.push([
        `gbdt --quantized fit (binning included) / LightGBM use_quantized_grad boosting loop, 2 threads, ${label}`,
        quantized.median / lgbQuantized.median,
      ]);
      ratios.push([
        `valid AUC difference, LightGBM use_quantized_grad - full precision, ${label}`,
        lgbQuantized.auc - lgbFull.auc,
      ]);
      ratios.push([
        `valid AUC difference, gbdt --quantized - LightGBM use_quantized_grad, ${label}`,
        quantized.auc - lgbQuantized.auc,
      ]);
    }
  }
  rmSync(out, { recursive: true, force: true });
}
