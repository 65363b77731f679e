// npm run bench -- --only pca
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  SHARED,
  python,
  hasSklearn,
  dist,
  task,
  interleaved,
  lastNumber,
  rows,
  ratios,
  cliPath,
} from '../lib/common.mjs';

/** The pca section of npm run bench. */
export default async function run() {
  const cifar = join(ROOT, 'bench', '.data', 'cifar10');
  if (!existsSync(join(cifar, 'train'))) {
    mkdirSync(cifar, { recursive: true });
    execFileSync('tar', ['-xf', join(SHARED, 'cifar10-jpeg.tar'), '-C', cifar]);
  }
  const out = mkdtempSync(join(tmpdir(), 'persodata-bench-'));
  const matrix = join(out, 'train-pixels.npy');
  const exactCache = join(ROOT, 'bench', '.data', 'cifar10-train-exact-evr200.json');
  const needExact = hasSklearn && !existsSync(exactCache);
  // decode (untimed here) + fit 200 components and score the fitted rows, timed; optionally dumps the pixels for the exact reference
  const fitScript = `
    import { writeFileSync } from 'node:fs';
    import { PcaEngine } from ${JSON.stringify(dist('pca/pca-engine.js'))};
    import { fitRandomizedPca, productColumns } from ${JSON.stringify(dist('pca/randomized-pca.js'))};
    import { listImages } from ${JSON.stringify(dist('pictures/list-images.js'))};
    const { images } = listImages(${JSON.stringify(join(cifar, 'train'))});
    const n = images.length, d = 12288;
    await PcaEngine.run({ nFeatures: d, capacity: n, columns: productColumns(200, 16), threads: 2 }, async (engine) => {
      await engine.decodeFiles(images.map((f) => f.path), 0, 64);
      const dump = process.argv.at(-1);
      if (dump.endsWith('.npy')) {
        const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
        const padded = header + ' '.repeat(117 - header.length) + '\\n';
        writeFileSync(dump, Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, 118, 0]), Buffer.from(padded), engine.pixelRows(0, n)]));
      }
      const t = performance.now();
      const fit = await fitRandomizedPca(engine, n, { components: 200, oversamples: 16, powerIterations: 2, seed: 0 });
      const seconds = (performance.now() - t) / 1000;
      console.log(fit.explainedVariance.reduce((a, b) => a + b, 0) / fit.totalVariance, seconds);
    });`;
  const decodeScript = `
    import { PcaEngine } from ${JSON.stringify(dist('pca/pca-engine.js'))};
    import { listImages } from ${JSON.stringify(dist('pictures/list-images.js'))};
    const { images } = listImages(${JSON.stringify(cifar)});
    await PcaEngine.run({ nFeatures: 12288, capacity: images.length, columns: 8, threads: 2 }, async (engine) => {
      const t = performance.now();
      const failures = await engine.decodeFiles(images.map((f) => f.path), 0, 64);
      if (failures.length) throw new Error(failures.length + ' failures');
      console.log(images.length, (performance.now() - t) / 1000);
    });`;
  const decode = task(
    'persodata decode + resize 60000 CIFAR-10 JPEGs to 64x64x3, 2 threads (s)',
    process.execPath,
    ['--input-type=module', '-e', decodeScript],
    { measure: (r) => lastNumber(r.stdout) },
  );
  rows.push(decode);
  ratios.push(['decode + resize, images per second (target >= 2000)', 60000 / decode.median]);
  const evrOf = (stdout) => Number(stdout.trim().split(/\s+/).at(-2));
  const specs = [
    {
      name: 'persodata pca fit 200 components + scores, 50000 x 12288 (s)',
      cmd: process.execPath,
      cmdArgs: ['--input-type=module', '-e', fitScript, needExact ? matrix : 'no-dump'],
      measure: (r) => lastNumber(r.stdout),
      auc: evrOf,
    },
  ];
  if (hasSklearn) {
    specs.push({
      name: 'anchor: scikit-learn PCA(200, randomized) fit_transform, same images via PIL (s)',
      cmd: python,
      cmdArgs: [join(SHARED, 'anchors', 'pca_anchor.py'), join(cifar, 'train')],
      measure: (r) => Number(r.stdout.trim().split(/\s+/).at(-3)),
      auc: (s) => Number(s.trim().split(/\s+/).at(-2)),
    });
  }
  const [fit, ...anchors] = interleaved(specs);
  rows.push(fit, ...anchors);
  for (const anchor of anchors)
    ratios.push(['pca fit + scores / scikit-learn PCA fit_transform', fit.median / anchor.median]);
  if (needExact)
    writeFileSync(
      exactCache,
      JSON.stringify({
        evr: lastNumber(
          execFileSync(python, [join(ROOT, 'bench', 'pca_exact.py'), matrix, '200'], { encoding: 'utf8' }),
        ),
      }),
    );
  if (existsSync(exactCache)) {
    const exact = JSON.parse(readFileSync(exactCache, 'utf8')).evr;
    ratios.push([
      `pca explained variance of 200 components / exact solver's (${exact.toFixed(5)}; target >= 0.995)`,
      fit.auc / exact,
    ]);
  }
  const cli = task(
    'persodata pca CLI: 50000 train + 10000 test JPEGs -> 200 components, files written (s)',
    process.execPath,
    [
      cliPath,
      'pca',
      '--images',
      join(cifar, 'train'),
      '--test-images',
      join(cifar, 'test'),
      '--positive',
      'airplane,automobile,ship,truck',
      '--out',
      join(out, 'features'),
      '--force',
      '--quiet',
      '--threads',
      '2',
      '--no-cache',
    ],
    { runs: 1 },
  );
  rows.push(cli);
  rmSync(out, { recursive: true, force: true });
}
