import { describe, expect, it } from 'vitest';
import { predictCommand, type PredictContext } from '../../src/cli/commands/predict.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<PredictContext>(predictCommand, args);

describe('persodata predict flags', () => {
  it('needs --model; --sets defaults to whatever exists, --format to codalab, --positive to real, --clip to 0.025', async () => {
    expect((await parse(['--out', 'o'])).stderr).toContain("required option '--model <model.json>' not specified");
    const { ctx } = await parse(['--model', 'm.json', '--out', 'o']);
    expect(ctx).toMatchObject({
      model: 'm.json',
      out: 'o',
      sets: undefined,
      force: false,
      format: 'codalab',
      positive: 'real',
      clip: 0.025,
      zip: undefined,
    });
  });

  it('parses the submission flags and rejects unknown formats, classes and clips', async () => {
    expect((await parse(['--model', 'm', '--zip', 's.zip', '--format', 'codalab'])).ctx).toMatchObject({
      zip: 's.zip',
      out: undefined,
    });
    expect(
      (await parse(['--model', 'm', '--out', 'o', '--format', 'id-p-real', '--clip', '0.01', '--positive', 'fake']))
        .ctx,
    ).toMatchObject({ format: 'id-p-real', clip: 0.01, positive: 'fake' });
    expect((await parse(['--model', 'm', '--out', 'o', '--format', 'kaggle'])).stderr).toContain(
      "option '--format <f>' argument 'kaggle' is invalid. Allowed choices are codalab, name-pred, id-p-real, img-name-y-pred, logit.",
    );
    expect((await parse(['--model', 'm', '--out', 'o', '--positive', 'yes'])).stderr).toContain(
      'Allowed choices are real, fake.',
    );
    expect((await parse(['--model', 'm', '--out', 'o', '--clip', '0.5'])).stderr).toContain(
      'expected a number in [0, 0.5)',
    );
  });

  it('parses --sets and rejects unknown set names', async () => {
    expect((await parse(['--model', 'm', '--out', 'o', '--sets', 'test, valid,test'])).ctx?.sets).toEqual([
      'test',
      'valid',
    ]);
    expect((await parse(['--model', 'm', '--out', 'o', '--sets', 'valid,holdout'])).stderr).toContain(
      'expected a comma-separated list of train, valid, test',
    );
  });
});
