#!/usr/bin/env node
// Rewrites docs/COMMANDS.md's model flag tables (between the model-flags markers)
// from the models' parameter tables. Needs dist/ (npm run build).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderModelFlagTables } from '../dist/cli/params.js';

const path = new URL('../docs/COMMANDS.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const next = readme.replace(
  /(<!-- model-flags:start -->\n)[\s\S]*?(<!-- model-flags:end -->)/,
  (_, start, end) => `${start}\n${renderModelFlagTables()}\n${end}`,
);
writeFileSync(path, next);
