import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cvCommand, type CvContext } from '../../src/cli/commands/cv.js';
import { DEFAULT_DATA_DIR } from '../../src/cli/common-options.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<CvContext>(cvCommand, args);

describe('persodata cv flags', () => {
  it('has useful defaults', async () => {
    const { ctx } = await parse([]);
    expect(ctx).toMatchObject({
      data: DEFAULT_DATA_DIR,
      model: 'logistic',
      modelOptions: {},
      folds: 5,
      seed: 0,
      threads: availableParallelism(),
      json: false,
      cache: true,
    });
  });

  it('passes only the flags given to the chosen model', async () => {
    const { ctx } = await parse([
      '--model',
      'gbdt',
      '--trees',
      '7',
      '--leaves',
      '4',
      '--l2',
      '0.5',
      '--early-stopping',
      '3',
      '--seed',
      '2',
    ]);
    expect(ctx).toMatchObject({
      model: 'gbdt',
      seed: 2,
      modelOptions: { trees: 7, leaves: 4, l2: 0.5, earlyStopping: 3 },
    });
  });

  it('passes the forest its flags, switches included', async () => {
    const { ctx } = await parse([
      '--model',
      'forest',
      '--trees',
      '50',
      '--max-features',
      'log2',
      '--no-bootstrap',
      '--min-leaf',
      '2',
    ]);
    expect(ctx).toMatchObject({
      model: 'forest',
      modelOptions: { trees: 50, maxFeatures: 'log2', bootstrap: false, minLeaf: 2 },
    });
    expect((await parse(['--model', 'forest'])).ctx?.modelOptions).toEqual({});
    expect((await parse(['--model', 'gbdt', '--no-bootstrap'])).error?.message).toBe(
      '--bootstrap does not apply to --model gbdt',
    );
  });

  it('turns flags into a typed context', async () => {
    const { ctx } = await parse([
      '--data',
      'd/perso',
      '--folds',
      '3',
      '--seed',
      '9',
      '--threads',
      '1',
      '--json',
      '--l2',
      '0.5',
      '--max-iter',
      '50',
      '--no-cache',
    ]);
    expect(ctx).toMatchObject({
      data: 'd/perso',
      folds: 3,
      seed: 9,
      threads: 1,
      json: true,
      cache: false,
      modelOptions: { l2: 0.5, maxIter: 50 },
    });
  });

  it('rejects out-of-range values and unknown flags with the flag named', async () => {
    expect((await parse(['--folds', '1'])).stderr).toContain(
      "option '--folds <k>' argument '1' is invalid. expected an integer >= 2",
    );
    expect((await parse(['--folds', '2.5'])).error?.code).toBe('commander.invalidArgument');
    expect((await parse(['--threads', '0'])).stderr).toContain('expected an integer from 1 to');
    expect((await parse(['--l2', '-1'])).stderr).toContain("argument '-1' is invalid. expected a number >= 0");
    expect((await parse(['--tol', '0'])).stderr).toContain('expected a number > 0');
    expect((await parse(['--model', 'svm'])).stderr).toContain(
      "argument 'svm' is invalid. Allowed choices are logistic, gbdt, forest.",
    );
    expect((await parse(['--bogus', '5'])).error?.code).toBe('commander.unknownOption');
    expect((await parse(['--trees', '5'])).error?.message).toBe('--trees does not apply to --model logistic');
    expect((await parse(['--model', 'gbdt', '--max-iter', '5'])).error?.message).toBe(
      '--max-iter does not apply to --model gbdt',
    );
    expect((await parse(['--model', 'gbdt', '--bins', '300'])).stderr).toContain(
      "option '--bins <n>' argument '300' is invalid. expected an integer from 2 to 256",
    );
    expect((await parse(['--model', 'gbdt', '--subsample', '1.5'])).stderr).toContain('expected a number in (0, 1]');
    expect((await parse(['--model', 'gbdt', '--leaves', '1'])).stderr).toContain('expected an integer >= 2');
    expect((await parse(['--model', 'gbdt', '--learning-rate', '0'])).stderr).toContain('expected a number in (0, 10]');
  });
});
