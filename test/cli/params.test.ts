// The parameter tables: one declaration per parameter gives the defaults, the
// library checks, the CLI parsing and the flag tables of docs/COMMANDS.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GBDT_OPTIONS, Gbdt, GBDT_PARAMS } from '../../src/boosting/gbdt.js';
import { modelFlags, renderModelFlagTables } from '../../src/cli/params.js';
import { checkParams, describeRange, parseParam, type NumberParam } from '../../src/core/params.js';
import { ROOT } from '../helpers/cli.js';

describe('parameter tables', () => {
  it('docs/COMMANDS.md holds the flag tables the code declares (node scripts/render-model-flags.mjs rewrites them)', () => {
    const readme = readFileSync(`${ROOT}/docs/COMMANDS.md`, 'utf8');
    const block = /<!-- model-flags:start -->\n\n([\s\S]*?)\n<!-- model-flags:end -->/.exec(readme);
    expect(block, 'docs/COMMANDS.md has the model-flags markers').not.toBeNull();
    expect(block![1]).toBe(renderModelFlagTables());
  });

  it('give defaults, range words and checks from one declaration', () => {
    expect(DEFAULT_GBDT_OPTIONS).toMatchObject({ trees: 100, learningRate: 0.1, leaves: 31, bins: 255, seed: 0 });
    const lr: NumberParam = GBDT_PARAMS.learningRate;
    expect(describeRange(lr)).toBe('a number in (0, 10]');
    expect(describeRange(GBDT_PARAMS.bins)).toBe('an integer from 2 to 256');
    expect(describeRange(GBDT_PARAMS.validFraction)).toBe('a number in (0, 1)');
    expect(parseParam(lr, ' 0.25 ')).toBe(0.25);
    expect(() => parseParam(lr, '0')).toThrow('expected a number in (0, 10]');
    expect(() => parseParam(lr, '0x1')).toThrow('expected a number in (0, 10]');
    expect(() => parseParam(GBDT_PARAMS.trees, '2.5')).toThrow('expected an integer >= 1');
    expect(() => checkParams(GBDT_PARAMS, { ...DEFAULT_GBDT_OPTIONS, bins: 300 })).toThrow(
      'options.bins must be an integer from 2 to 256, got 300',
    );
    expect(() => new Gbdt({ subsample: 0 })).toThrow('options.subsample must be a number in (0, 1], got 0');
  });

  it('models sharing a flag declare the same type and range', () => {
    const shared = modelFlags().filter((f) => f.models.length > 1);
    expect(shared.map((f) => f.flag).sort()).toEqual([
      '--bins',
      '--class-weight',
      '--l2',
      '--max-depth',
      '--min-leaf',
      '--subsample',
      '--trees',
    ]);
  });
});
