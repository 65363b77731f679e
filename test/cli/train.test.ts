import { describe, expect, it } from 'vitest';
import { trainCommand, type TrainContext } from '../../src/cli/commands/train.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<TrainContext>(trainCommand, args);

describe('persodata train flags', () => {
  it('needs --out and passes model flags through', async () => {
    expect((await parse([])).stderr).toContain("required option '--out <model.json>' not specified");
    const { ctx } = await parse(['--out', 'm.json', '--model', 'logistic', '--tol', '1e-6', '--force']);
    expect(ctx).toMatchObject({ out: 'm.json', model: 'logistic', modelOptions: { tol: 1e-6 }, force: true });
  });

  it('keeps --force off unless given', async () => {
    expect((await parse(['--out', 'm.json'])).ctx?.force).toBe(false);
  });
});
