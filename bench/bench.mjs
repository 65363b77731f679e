#!/usr/bin/env node
// npm run bench: persodata against its anchors on the full-size PersoData-shaped
// set (65856 x 200). Each task runs in its own process, --repeat times (the
// gbdt fit and its anchors interleaved, one run of each per round); the
// table shows the median seconds, the largest peak RSS and the AUC.
//
//   npm run bench -- [--data DIR] [--repeat 3] [--only parse,logistic,gbdt,gbdt-quantized,gbdt-scaling,forest,export,pca,features,features-sizes,audit,calibration,picture-cv,picture-predict,submit,robust,cache,ensemble,blend,tune]
//   tune section: [--tune-minutes 10] [--tune-seed 0] (both searches' folds and candidates)
//
// DIR defaults to bench/.data/full, written by ../shared/bench/make-data.mjs
// when missing (the scaling sets go beside it). Anchors (numpy, scikit-learn,
// XGBoost) run with /usr/bin/python3 when it has them:
// apt-get install -y python3-sklearn python3-xgboost (and python3-pil for pca).
// The pca section unpacks ../shared/bench/cifar10-jpeg.tar into bench/.data; the
// features section reads ../shared/data/faces-dev/q75 (and links or resizes it
// into bench/.data).
//
// Each section is a module of bench/sections/, sharing bench/lib/common.mjs;
// they run in the order below and fill the tables printed at the end.
import { dataDir, repeat, only, hasSklearn, ensureData, rows, ratios, accuracy, calibrations } from './lib/common.mjs';

ensureData(dataDir);
const SECTIONS = [
  'parse',
  'logistic',
  'gbdt',
  'gbdt-quantized',
  'gbdt-scaling',
  'forest',
  'export',
  'pca',
  'features',
  'features-sizes',
  'audit',
  'calibration',
  'picture-cv',
  'picture-predict',
  'submit',
  'robust',
  'cache',
  'ensemble',
  'blend',
  'tune',
];
for (const name of SECTIONS) {
  if (!only.includes(name)) continue;
  const section = await import(`./sections/${name}.mjs`);
  await section.default();
}

console.log(`\n${repeat} runs per task (1 for cv and scaling) on ${dataDir}; seconds = median, RSS = largest peak\n`);
console.log('| task | median s | peak RSS MB | AUC (pca: explained variance) |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${Number.isNaN(r.median) ? '-' : r.median.toFixed(3)} | ${Number.isNaN(r.rssMb) ? '-' : r.rssMb.toFixed(0)} | ${r.auc === undefined || Number.isNaN(r.auc) ? '' : r.auc.toFixed(5)} |`,
  );
}
if (ratios.length > 0) {
  console.log('');
  for (const [name, value] of ratios)
    console.log(
      `${name}: ${value.toFixed(name.includes('AUC difference') ? 5 : name.includes('explained variance') ? 4 : 2)}`,
    );
}
for (const table of accuracy) {
  console.log(`\n${table.title}\n`);
  console.log('| kinds | persodata cv gbdt, our features | scikit-learn HGB, numpy features | difference |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const kind of table.kinds) {
    const theirs = table.numpyAuc?.[kind];
    const ours = table.oursAuc[kind];
    console.log(
      `| ${kind} | ${ours.toFixed(4)} | ${theirs === undefined ? '-' : theirs.toFixed(4)} | ${theirs === undefined ? '' : (ours - theirs).toFixed(4)} |`,
    );
  }
}
for (const c of calibrations) {
  if (c === calibrations[0]) {
    console.log('\nvalid log loss (full-size set; calibrators fitted on 5-fold out-of-fold scores)\n');
    console.log(
      '| model | uncalibrated | isotonic: ours | isotonic: scikit-learn | sigmoid: ours | sigmoid: scikit-learn |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  }
  const f = (v) => (v === undefined ? '-' : v.toFixed(5));
  console.log(
    `| ${c.kind} | ${f(c.ours.uncalibrated)} | ${f(c.ours.isotonic)} | ${f(c.theirs?.isotonic)} | ${f(c.ours.sigmoid)} | ${f(c.theirs?.sigmoid)} |`,
  );
}
if (!hasSklearn)
  console.log('\n(anchors skipped: /usr/bin/python3 has no scikit-learn; apt-get install -y python3-sklearn)');
