import { describe, expect, it } from 'vitest';
import { scoreCommand, type ScoreContext } from '../../src/cli/commands/score.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<ScoreContext>(scoreCommand, args);

describe('persodata score flags', () => {
  it("needs --solution and --prediction; metrics default to the format's own, --fpr to 1e-3", async () => {
    expect((await parse(['--prediction', 'p'])).stderr).toContain("required option '--solution <file>' not specified");
    expect((await parse(['--solution', 's', '--prediction', 'p'])).ctx).toMatchObject({
      solution: 's',
      prediction: 'p',
      metrics: undefined,
      fpr: 1e-3,
    });
  });

  it('takes several metrics, and rejects unknown ones and an FPR outside (0, 1)', async () => {
    expect(
      (await parse(['--solution', 's', '--prediction', 'p', '--metric', 'auc', 'log-loss', '--fpr', '0.01'])).ctx,
    ).toMatchObject({ metrics: ['auc', 'log-loss'], fpr: 0.01 });
    expect((await parse(['--solution', 's', '--prediction', 'p', '--metric', 'f1'])).stderr).toContain(
      'Allowed choices are auc, accuracy, balanced-accuracy, log-loss, tpr-at-fpr.',
    );
    expect((await parse(['--solution', 's', '--prediction', 'p', '--fpr', '0'])).stderr).toContain(
      'expected a number in (0, 1)',
    );
  });
});
