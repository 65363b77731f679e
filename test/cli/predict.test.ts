import { describe, expect, it } from 'vitest';
import { predictCommand, type PredictContext } from '../../src/cli/commands/predict.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<PredictContext>(predictCommand, args);

describe('persodata predict flags', () => {
  it('needs --model and --out; --sets defaults to whatever exists', async () => {
    expect((await parse(['--out', 'o'])).stderr).toContain("required option '--model <model.json>' not specified");
    const { ctx } = await parse(['--model', 'm.json', '--out', 'o']);
    expect(ctx).toMatchObject({ model: 'm.json', out: 'o', sets: undefined, force: false });
  });

  it('parses --sets and rejects unknown set names', async () => {
    expect((await parse(['--model', 'm', '--out', 'o', '--sets', 'test, valid,test'])).ctx?.sets).toEqual(['test', 'valid']);
    expect((await parse(['--model', 'm', '--out', 'o', '--sets', 'valid,holdout'])).stderr).toContain('expected a comma-separated list of train, valid, test');
  });
});
