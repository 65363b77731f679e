// npm run bench -- --only calibration
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, dataDir, python, hasSklearn, dist, runOnce, rows, calibrations } from '../lib/common.mjs';

/** The calibration section of npm run bench. */
export default async function run() {
  // calibration on the full-size set: our isotonic and sigmoid fits against scikit-learn's on the same
  // out-of-fold scores (valid log loss), for the forest (averaged votes) and gbdt
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const script = `
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
