// npm run bench -- --only features-sizes
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT, SHARED, python, hasSklearn, runOnce, rows, cliPath, features } from '../lib/common.mjs';

/** The features-sizes section of npm run bench. */
export default async function run() {
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
