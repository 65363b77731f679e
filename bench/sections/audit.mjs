// npm run bench -- --only audit
import { join } from 'node:path';
import { ROOT, python, hasSklearn, interleaved, rows, ratios, cliPath, linkedFaces } from '../lib/common.mjs';

/** The audit section of npm run bench. */
export default async function run() {
  // the header audit of 10000 pictures (links to the 150 faces as collected: the classes differ in JPEG quality)
  const dir = linkedFaces('original', 10000);
  const specs = [
    {
      name: 'persodata audit: 10000 1024x1024 JPEG headers, metadata model cv included (s; target < 5)',
      cmd: process.execPath,
      cmdArgs: [cliPath, 'audit', '--images', dir, '--threads', '2', '--json'],
      auc: (stdout) => JSON.parse(stdout).model.meanAuc,
    },
  ];
  if (hasSklearn)
    specs.push({
      name: 'anchor: PIL Image.open header facts of the same 10000 files, no model (audit_anchor.py)',
      cmd: python,
      cmdArgs: [join(ROOT, 'bench', 'audit_anchor.py'), dir],
    });
  const [ours, ...anchors] = interleaved(specs);
  rows.push(ours, ...anchors);
  for (const anchor of anchors) ratios.push(['audit of 10000 headers / PIL header reads', ours.median / anchor.median]);
}
