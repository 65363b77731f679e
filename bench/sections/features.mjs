// npm run bench -- --only features
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  python,
  hasSklearn,
  runOnce,
  task,
  interleaved,
  rows,
  ratios,
  accuracy,
  gbdtCv,
  linkedFaces,
  writeFoldIds,
  features,
} from '../lib/common.mjs';

/** The features section of npm run bench. */
export default async function run() {
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
