// `persodata predict`: flags -> PredictContext -> load a model, predict the
// valid/test sets (or a CSV), write Codalab `.predict` files atomically.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { SetName } from '../../io/automl.js';
import { writeFilesAtomic } from '../../io/atomic-write.js';
import { loadModel } from '../../io/model-file.js';
import { isCsvPath, openDataset } from '../../io/open-dataset.js';
import { formatPredictions } from '../../io/predictions.js';
import { InputError } from '../../util/errors.js';
import { addDataOptions, dataFlags, type DataFlags } from '../common-options.js';
import { setList, threads } from '../parsers.js';
import { createReporter } from '../reporter.js';

export interface PredictContext extends DataFlags {
  readonly model: string;
  readonly out: string;
  /** Sets to predict; undefined = whichever of valid and test exist. */
  readonly sets?: readonly SetName[];
  readonly force: boolean;
  readonly quiet: boolean;
  readonly threads: number;
}

export type PredictAction = (ctx: PredictContext) => Promise<unknown>;

export function predictCommand(action: PredictAction = runPredict): Command {
  const cmd = new Command('predict')
    .description('write Codalab prediction files (one probability of class 1 per line) for the valid and test sets')
    .requiredOption('--model <model.json>', 'a model file written by `persodata train`')
    .requiredOption('--out <dir>', 'folder for NAME_valid.predict and NAME_test.predict')
    .option('--sets <list>', 'sets to predict, e.g. valid,test (default: those of valid and test that exist)', setList)
    .option('--force', 'overwrite existing prediction files')
    .option('--threads <n>', "worker threads (default: the machine's cores)", threads)
    .exitOverride();
  addDataOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    await action({ ...dataFlags(opts), model: opts.model, out: opts.out, sets: opts.sets, force: opts.force === true, quiet: opts.quiet === true, threads: opts.threads ?? availableParallelism() });
  });
}

/** Returns the paths written. */
export async function runPredict(ctx: PredictContext): Promise<string[]> {
  const reporter = createReporter(ctx.quiet);
  const { model, features } = loadModel(ctx.model);
  const csv = isCsvPath(ctx.data);
  const dataset = openDataset(ctx.data, { ...ctx.csv, sets: ctx.sets ?? { available: ['valid', 'test'] }, cache: ctx.cache });
  const splits = csv ? [dataset.splits.train!] : Object.values(dataset.splits);
  if (splits.length === 0) throw new InputError(`${ctx.data}: no valid or test set to predict (looked for ${dataset.location.name}_valid.data and _test.data)`);
  for (const split of splits) {
    if (split.X.nCols !== features.length) {
      throw new InputError(`${split.file}: ${split.X.nCols} features per row, but ${ctx.model} was trained on ${features.length}`);
    }
  }
  const files = [];
  for (const split of splits) {
    const name = csv ? `${dataset.location.name}.predict` : `${dataset.location.name}_${split.setName}.predict`;
    files.push({ path: join(ctx.out, name), contents: formatPredictions(await model.predictProba(split.X, { threads: ctx.threads })), rows: split.X.nRows });
  }
  writeFilesAtomic(files, { force: ctx.force });
  for (const f of files) reporter.result(`wrote ${f.path} (${f.rows} rows)`);
  return files.map((f) => f.path);
}
