// npm run bench -- --only parse
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, python, hasSklearn, dist, runOnce, task, lastNumber, rows, ratios, train } from '../lib/common.mjs';

/** The parse section of npm run bench. */
export default async function run() {
  const parseScript = (cache) => `
    import { loadMatrix } from ${JSON.stringify(dist('io/matrix-cache.js'))};
    const t = performance.now();
    const m = loadMatrix(${JSON.stringify(train)}, { cache: ${cache} });
    console.log(m.nRows, m.nCols, (performance.now() - t) / 1000);`;
  const parse = task(
    'parse perso_train.data (text, 150 MB)',
    process.execPath,
    ['--input-type=module', '-e', parseScript(false)],
    { measure: (r) => lastNumber(r.stdout) },
  );
  rows.push(parse);
  runOnce(process.execPath, ['--input-type=module', '-e', parseScript(true)]); // make sure the cache exists
  rows.push(
    task('load perso_train.data (.npy cache)', process.execPath, ['--input-type=module', '-e', parseScript(true)], {
      measure: (r) => lastNumber(r.stdout),
    }),
  );
  // the set as Parquet (pca/features --format parquet), written once beside it, for the read time; its
  // values are rounded to the 7 digits our own text keeps, where the generator's text has more
  const parquetDir = `${dataDir}-parquet`;
  if (!existsSync(join(parquetDir, 'perso_train.parquet'))) {
    mkdirSync(parquetDir, { recursive: true });
    const writeScript = `
      import { openDataset } from ${JSON.stringify(dist('io/open-dataset.js'))};
      import { writeFeatureDataset } from ${JSON.stringify(dist('io/write-automl.js'))};
      const d = await openDataset(${JSON.stringify(dataDir)}, { sets: ['train', 'valid', 'test'] });
      const sets = Object.values(d.splits).map((s) => ({ setName: s.setName, names: s.ids ?? Array.from({ length: s.X.nRows }, (_, i) => String(i + 1)), labels: s.y, values: s.X.data }));
      const t = performance.now();
      await writeFeatureDataset({ dir: ${JSON.stringify(parquetDir)}, name: 'perso', featureNames: d.featureNames, sets }, { format: 'parquet', force: true });
      console.log((performance.now() - t) / 1000);`;
    rows.push({
      name: 'write the set (train, valid, test) as Parquet, once',
      median: lastNumber(runOnce(process.execPath, ['--input-type=module', '-e', writeScript]).stdout),
      rssMb: Number.NaN,
    });
  }
  const readParquet = task(
    'read perso_train.parquet (53 MB)',
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { openDataset } from ${JSON.stringify(dist('io/open-dataset.js'))};
      const t = performance.now();
      await openDataset(${JSON.stringify(parquetDir)}, { sets: ['train'] });
      console.log((performance.now() - t) / 1000);`,
    ],
    { measure: (r) => lastNumber(r.stdout) },
  );
  rows.push(readParquet);
  ratios.push(['read Parquet / parse text', readParquet.median / parse.median]);
  if (hasSklearn) {
    const numpy = task(
      'anchor: numpy.loadtxt perso_train.data',
      python,
      [
        '-c',
        `import time, numpy as np\nt = time.perf_counter()\nX = np.loadtxt(${JSON.stringify(train)})\nprint(time.perf_counter() - t)`,
      ],
      { measure: (r) => lastNumber(r.stdout) },
    );
    rows.push(numpy);
    ratios.push(['parse / numpy.loadtxt', parse.median / numpy.median]);
  }
}
