// npm run bench -- --only robust
// Pictures as the world passes them on (issue 27): --kinds robust with
// logistic regression (--l2 100, scikit-learn's C = 0.01) on VIP-like faces
// of two sources, within a source (5-fold cv, the same folds for both
// sides) and across (trained on faces-b, scored on faces-dev), beside
// scikit-learn on numpy's features of the same pictures; and each robust
// kind's cost per picture and core at 200x200 and 1024x1024, beside numpy's.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, python, hasSklearn, runOnce, rows, ratios, cliPath, features, writeFoldIds } from '../lib/common.mjs';

const KINDS = ['wavelets', 'spam', 'colour', 'channels'];
const L2 = '100';
const C = '0.01';

/** Labels in the order persodata lists the pictures (sorted paths: fake/ before real/). */
function labelsOf(dir) {
  const names = ['fake', 'real'].flatMap((c) => readdirSync(join(dir, c)).map((n) => `${c}/${n}`)).sort();
  return Uint8Array.from(names, (n) => (n.startsWith('real/') ? 1 : 0));
}

const anchor = (...a) => JSON.parse(runOnce(python, [join(ROOT, 'bench', 'robust_anchor.py'), ...a]).stdout);

/** The robust section of npm run bench. */
export default async function run() {
  const shared = join(ROOT, '..', 'shared', 'data');
  const bVip = join(shared, 'faces-b', 'vip');
  const bQ75 = join(shared, 'faces-b', 'q75');
  const devQ75 = join(shared, 'faces-dev', 'q75');
  const devVip = join(ROOT, 'bench', '.data', 'faces-dev-vip');
  if (!hasSklearn) {
    console.error(
      '  robust: skipped (needs /usr/bin/python3 with numpy, PIL and scikit-learn for the VIP-like faces-dev)',
    );
    return;
  }
  if (!existsSync(devVip)) runOnce(python, [join(ROOT, 'bench', 'robust_anchor.py'), 'vip', devQ75, devVip]);
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const logistic = ['--kinds', 'robust', '--model', 'logistic', '--l2', L2, '--threads', '2', '--no-cache'];

  // numpy's features (and their cost) of the VIP-like sets, and of 20 faces at 1024x1024
  const npz = { bVip: join(out, 'b-vip.npz'), devVip: join(out, 'dev-vip.npz'), dev1024: join(out, 'dev-1024.npz') };
  const cost200 = anchor('features', bVip, npz.bVip);
  anchor('features', devVip, npz.devVip);
  const cost1024 = anchor('features', devQ75, npz.dev1024, '--limit', '20');

  // within a source: 5-fold cv on the same folds
  for (const [name, dir, file] of [
    ['faces-b vip/', bVip, npz.bVip],
    ['faces-dev through vip', devVip, npz.devVip],
  ]) {
    const r = runOnce(process.execPath, [cliPath, 'cv', '--images', dir, ...logistic, '--json', '--quiet']);
    const ours = JSON.parse(r.stdout).mean_auc;
    const folds = await writeFoldIds(join(out, 'folds.json'), labelsOf(dir), [0]);
    const theirs = anchor('cv', file, folds, C).mean_auc;
    rows.push({
      name: `persodata cv --images ${name}, robust, logistic (s)`,
      median: r.wall,
      rssMb: r.rssMb,
      auc: ours,
    });
    rows.push({
      name: `scikit-learn LogisticRegression C=${C}, numpy robust features, ${name}`,
      median: NaN,
      rssMb: NaN,
      auc: theirs,
    });
    ratios.push([`robust cv AUC difference, ${name} (ours - scikit-learn)`, ours - theirs]);
  }

  // across sources: fitted on faces-b, scored on faces-dev
  const cross = (name, trainArgs, anchorAuc) => {
    const r = runOnce(process.execPath, [
      cliPath,
      'train',
      ...trainArgs,
      ...logistic,
      '--out',
      join(out, 'm.json'),
      '--force',
    ]);
    const auc = Number(/valid AUC ([\d.]+)/.exec(r.stdout + r.stderr)?.[1]);
    rows.push({
      name: `persodata train ${name}, robust, logistic: valid AUC (s)`,
      median: r.wall,
      rssMb: r.rssMb,
      auc,
    });
    if (anchorAuc !== undefined)
      rows.push({ name: `scikit-learn, numpy features: ${name}`, median: NaN, rssMb: NaN, auc: anchorAuc });
  };
  cross(
    'faces-b vip/ -> faces-dev vip',
    ['--images', bVip, '--valid-images', devVip],
    anchor('cross', npz.bVip, npz.devVip, C).auc,
  );
  cross('faces-b q75/ --augment vip x2 -> faces-dev vip', [
    '--images',
    bQ75,
    '--augment',
    'vip',
    '--augment-copies',
    '2',
    '--valid-images',
    devVip,
  ]);
  cross('faces-b q75/ -> faces-dev q75/', ['--images', bQ75, '--valid-images', devQ75]);

  // each kind's cost per picture and core, decode included: ours on the pool (2 threads), numpy on one core
  for (const [size, dir, n, numpy] of [
    ['200x200', bVip, labelsOf(bVip).length, cost200],
    ['1024x1024', devQ75, labelsOf(devQ75).length, cost1024],
  ])
    for (const kind of KINDS) {
      const r = runOnce(process.execPath, features(dir, join(out, 'f'), ['--kinds', kind]));
      const ms = (1000 * r.wall * 2) / n;
      rows.push({
        name: `persodata features --kinds ${kind}, ${n} pictures ${size}, 2 threads (s)`,
        median: r.wall,
        rssMb: r.rssMb,
      });
      ratios.push([
        `${kind} ${size}: ms per picture and core, ours / numpy (${ms.toFixed(1)} / ${numpy.ms_per_picture[kind].toFixed(1)})`,
        ms / numpy.ms_per_picture[kind],
      ]);
    }
  rmSync(out, { recursive: true, force: true });
}
