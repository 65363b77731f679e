// npm run bench -- --only picture-predict
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runOnce, interleaved, rows, ratios, cliPath, linkedFaces } from '../lib/common.mjs';

/** The picture-predict section of npm run bench. */
export default async function run() {
  // one call from pictures to a submission: predict --model with a pipeline model (train --images) on 1000
  // pictures of 1024x1024, against the same work in two calls (features --model, then predict --data)
  const faces = join(ROOT, '..', 'shared', 'data', 'faces-dev', 'q75');
  const pictures = linkedFaces('q75', 1000);
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  // every picture computed (--no-cache): the bench measures the work, not the feature cache
  const cli = (...args) => runOnce(process.execPath, [cliPath, ...args, '--threads', '2', '--quiet', '--no-cache']);
  const pipeline = join(out, 'pipeline.json');
  cli('train', '--images', faces, '--model', 'gbdt', '--out', pipeline);
  const featurizer = join(out, 'featurizer.json');
  const plain = join(out, 'plain.json');
  cli('features', '--images', faces, '--save', featurizer, '--out', join(out, 'train-features'));
  cli('train', '--data', join(out, 'train-features'), '--model', 'gbdt', '--out', plain);
  const twoSteps = [
    `${process.execPath} ${cliPath} features --model ${featurizer} --test-images ${pictures} --out ${join(out, 'f')} --force --quiet --threads 2 --no-cache`,
    `${process.execPath} ${cliPath} predict --model ${plain} --data ${join(out, 'f')} --format logit --out ${join(out, 'two')} --force --quiet --threads 2`,
  ].join(' && ');
  const [one, two] = interleaved([
    {
      name: 'persodata predict --model pipeline.json --images (1000 pictures 1024x1024, spectrum,residual,pca, gbdt)',
      cmd: process.execPath,
      cmdArgs: [
        cliPath,
        'predict',
        '--model',
        pipeline,
        '--images',
        pictures,
        '--format',
        'logit',
        '--out',
        join(out, 'one.csv'),
        '--force',
        '--quiet',
        '--threads',
        '2',
        '--no-cache',
      ],
    },
    { name: 'the same in two calls: features --model, then predict --data', cmd: 'bash', cmdArgs: ['-c', twoSteps] },
  ]);
  rows.push(one, two);
  ratios.push(['predict on pictures (one call) / features + predict (two calls)', one.median / two.median]);
  ratios.push(['peak RSS, one call / two calls', one.rssMb / two.rssMb]);
  rmSync(out, { recursive: true, force: true });
}
