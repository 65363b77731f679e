// --params FILE on cv and train: the file's model and parameters, flags given
// on the command line winning, and every fault named with the file.
import { describe, expect, it } from 'vitest';
import { cvCommand, type CvContext } from '../../src/cli/commands/cv.js';
import { trainCommand, type TrainContext } from '../../src/cli/commands/train.js';
import { tempFile } from '../helpers/temp-dir.js';
import { parseWith } from './command-harness.js';

const best = () =>
  tempFile('best.json', JSON.stringify({ model: 'gbdt', params: { trees: 300, learningRate: 0.05, quantized: true } }));

describe('--params', () => {
  it("takes the file's model and parameters; flags given win", async () => {
    const file = best();
    const { ctx } = await parseWith<CvContext>(cvCommand, ['--params', file]);
    expect(ctx).toMatchObject({ model: 'gbdt', modelOptions: { trees: 300, learningRate: 0.05, quantized: true } });
    const parsed = await parseWith<TrainContext>(trainCommand, [
      '--params',
      file,
      '--trees',
      '7',
      '--model',
      'gbdt',
      '--out',
      'model.json',
    ]);
    expect(parsed.error?.message).toBeUndefined();
    expect(parsed.ctx).toMatchObject({
      model: 'gbdt',
      modelOptions: { trees: 7, learningRate: 0.05, quantized: true },
    });
  });

  it('refuses another --model, an unknown parameter, a value out of range and broken JSON, naming the file', async () => {
    const file = best();
    const other = await parseWith<CvContext>(cvCommand, ['--params', file, '--model', 'forest']);
    expect(other.error?.message).toBe(`--model forest, but ${file} holds gbdt parameters`);
    const unknown = tempFile('p.json', JSON.stringify({ model: 'forest', params: { learningRate: 0.1 } }));
    expect((await parseWith<CvContext>(cvCommand, ['--params', unknown])).error?.message).toMatch(
      new RegExp(`^${unknown}: "params.learningRate" is not a forest parameter`),
    );
    const range = tempFile('p.json', JSON.stringify({ model: 'gbdt', params: { leaves: 1 } }));
    expect((await parseWith<CvContext>(cvCommand, ['--params', range])).error?.message).toBe(
      `${range}: "params.leaves" (--leaves) must be an integer >= 2, got 1`,
    );
    const text = tempFile('p.json', '{"model": "gbdt",\n "params": {"trees": 3,}}');
    expect((await parseWith<CvContext>(cvCommand, ['--params', text])).error?.message).toMatch(
      new RegExp(`^${text}: not JSON \\(.*line 2 column 24\\)$`),
    );
    const missing = `${file}.gone`;
    expect((await parseWith<CvContext>(cvCommand, ['--params', missing])).error?.message).toBe(
      `${missing}: parameters file not found`,
    );
  });
});
