import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { pcaCommand, type PcaContext } from '../../src/cli/commands/pca.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<PcaContext>(pcaCommand, args);

describe('persodata pca flags', () => {
  it('declares its conflicts: --data with the image flags, --model with --save and --fit-rows; --threads defaults to the cores', async () => {
    expect((await parse(['--data', 'd', '--images', 'i', '--out', 'o'])).stderr).toContain(
      "option '--data <dir>' cannot be used with option '--images <dir>'",
    );
    expect((await parse(['--data', 'd', '--labels', 'l.csv', '--out', 'o'])).stderr).toContain(
      "option '--data <dir>' cannot be used with option '--labels <csv>'",
    );
    expect(
      (await parse(['--model', 'p.json', '--save', 's.json', '--test-images', 't', '--out', 'o'])).stderr,
    ).toContain("option '--model <pca.json>' cannot be used with option '--save <pca.json>'");
    expect(
      (await parse(['--model', 'p.json', '--fit-rows', '10', '--test-images', 't', '--out', 'o'])).stderr,
    ).toContain("option '--model <pca.json>' cannot be used with option '--fit-rows <n>'");
    expect((await parse(['--images', 'i', '--out', 'o'])).ctx?.threads).toBe(availableParallelism());
  });

  it('needs --out; defaults: 200 components, 16 oversamples, 2 power iterations, seed 0, size from the data', async () => {
    expect((await parse(['--images', 'i'])).stderr).toContain("required option '--out <dir>' not specified");
    const { ctx } = await parse(['--images', 'i', '--out', 'o']);
    expect(ctx).toMatchObject({
      images: 'i',
      out: 'o',
      name: 'perso',
      size: undefined,
      components: 200,
      oversamples: 16,
      powerIterations: 2,
      seed: 0,
      skipBad: false,
      force: false,
      nameColumn: 'name',
      labelColumn: 'label',
    });
  });

  it('parses lists and ranges, and rejects --components 0, --size 129 and --fit-rows 1', async () => {
    expect(
      (await parse(['--images', 'i', '--out', 'o', '--positive', 'ship, truck', '--size', '32', '--fit-rows', '5000']))
        .ctx,
    ).toMatchObject({ positive: ['ship', 'truck'], size: 32, fitRows: 5000 });
    expect((await parse(['--images', 'i', '--out', 'o', '--components', '0'])).stderr).toContain(
      "option '--components <n>' argument '0' is invalid. expected an integer >= 1",
    );
    expect((await parse(['--images', 'i', '--out', 'o', '--size', '129'])).stderr).toContain(
      'expected an integer from 1 to 128',
    );
    expect((await parse(['--images', 'i', '--out', 'o', '--fit-rows', '1'])).stderr).toContain(
      'expected an integer >= 2',
    );
  });
});
