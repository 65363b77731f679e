// npm run bench -- --only picture-cv
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, python, hasSklearn, runOnce, rows, accuracy, gbdtCv, writeFoldIds } from '../lib/common.mjs';

/** The picture-cv section of npm run bench. */
export default async function run() {
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
