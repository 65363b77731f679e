// The pool's workers start with Node options of their own (no require() of ES
// modules: src/parallel/pool.ts says why), whatever options the main thread
// was given.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { makePersoData } from '../helpers/synthetic.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('pool workers', () => {
  it('start under `node --max-old-space-size` (a process-wide option a worker refuses) and fit the same model', async () => {
    const dir = tempDir();
    await makePersoData(dir, { train: 3000, valid: 200, test: 10, features: 60, seed: 2 });
    const fit = (nodeArgs: string[], out: string) =>
      spawnSync(
        process.execPath,
        [
          ...nodeArgs,
          join(ROOT, 'bin/persodata.js'),
          'train',
          '--data',
          dir,
          '--model',
          'gbdt',
          '--trees',
          '5',
          '--threads',
          '2',
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
    const plain = fit([], join(dir, 'a.json'));
    const big = fit(['--max-old-space-size=2048'], join(dir, 'b.json'));
    expect(plain.status, plain.stderr).toBe(0);
    expect(big.status, big.stderr).toBe(0);
    expect(big.stdout.replace(/ in [\d.]+ s/, '')).toBe(
      plain.stdout.replace(/ in [\d.]+ s/, '').replace('a.json', 'b.json'),
    );
  });
});
