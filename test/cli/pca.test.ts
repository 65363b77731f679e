import { describe, expect, it } from 'vitest';
import { pcaCommand, type PcaContext } from '../../src/cli/commands/pca.js';
import { parseWith } from './command-harness.js';

const parse = (args: string[]) => parseWith<PcaContext>(pcaCommand, args);

describe('persodata pca flags', () => {
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
