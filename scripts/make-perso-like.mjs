#!/usr/bin/env node
// Writes the project's own PersoData-shaped set (src/synthetic/perso-like.ts)
// as an AutoML folder. Needs dist/ (npm run build).
//   node scripts/make-perso-like.mjs --out DIR [--train N] [--valid N] [--test N] [--features D] [--seed S]
import { parseArgs } from 'node:util';
import { makePersoLike } from '../dist/synthetic/perso-like.js';
import { writeFeatureDataset } from '../dist/io/write-automl.js';

const { values } = parseArgs({
  options: Object.fromEntries(
    ['out', 'train', 'valid', 'test', 'features', 'seed'].map((k) => [k, { type: 'string' }]),
  ),
});
if (!values.out) {
  console.error('usage: make-perso-like.mjs --out DIR [--train N] [--valid N] [--test N] [--features D] [--seed S]');
  process.exit(2);
}
const sizes = Object.fromEntries(
  ['train', 'valid', 'test', 'features', 'seed']
    .filter((k) => values[k] !== undefined)
    .map((k) => [k, Number(values[k])]),
);
await writeFeatureDataset(makePersoLike(values.out, sizes));
