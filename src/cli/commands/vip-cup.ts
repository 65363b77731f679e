// `persodata vip-cup input.csv output.csv`: the IEEE VIP Cup's call of an
// entry (`main.py input.csv output.csv`) as one command. It is predict on a
// picture list with the logit format: the list's `filename` column in, that
// column and one logit a picture out, > 0 = synthetic, rows in the list's
// order. The model is a picture model from train --images (model.json here
// unless --model says otherwise).
import { Command } from 'commander';
import { DEFAULT_MAX_PIXELS } from '../../images/limits.js';
import { PATH_COLUMNS } from '../../pictures/images-list.js';
import { dataFlags } from '../common-options.js';
import { forceOption, intAtLeast, threadsOption } from '../parsers.js';
import { runPredict, type PredictContext } from './predict.js';

export type VipCupAction = (ctx: PredictContext) => Promise<unknown>;

export function vipCupCommand(action: VipCupAction = runPredict): Command {
  return new Command('vip-cup')
    .description(
      "the IEEE VIP Cup's entry call: score the pictures input.csv lists (its filename column) with a picture model and write output.csv, filename,logit (> 0 = synthetic) in the list's order",
    )
    .argument(
      '<input.csv>',
      `the pictures to score: a CSV with a ${PATH_COLUMNS.join(', ')} column (or --path-column), paths relative to it`,
    )
    .argument('<output.csv>', 'where to write the logits')
    .option(
      '--model <model.json>',
      'a model from train --images (with --threshold-for balanced-accuracy, logit 0 is its cut)',
      'model.json',
    )
    .option('--path-column <name>', "input.csv's column of paths (default: the first of path, filename, file, name)")
    .option('--max-pixels <n>', 'refuse pictures larger than this, by their header', intAtLeast(1), DEFAULT_MAX_PIXELS)
    .addOption(forceOption('output.csv'))
    .addOption(threadsOption())
    .exitOverride()
    .action(async (input: string, output: string, _opts, self: Command) => {
      const o = self.optsWithGlobals();
      await action({
        ...dataFlags({}),
        model: o.model,
        imagesList: input,
        pathColumn: o.pathColumn,
        out: output,
        format: 'logit',
        names: 'path',
        positive: 'real', // a picture model's label 1 is real
        maxPixels: o.maxPixels,
        clip: 0,
        force: o.force === true,
        quiet: o.quiet === true,
        threads: o.threads,
      });
    });
}
