// `persodata cv`: flags -> CvContext -> stratified k-fold ROC AUC of a model
// on the training set. The folds and scoring are cv/cross-validate.ts's.
import { Command } from 'commander';
import { crossValidate, type CvResult } from '../../cv/cross-validate.js';
import { openDataset } from '../../io/open-dataset.js';
import { createEstimator } from '../../models/registry.js';
import { InputError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import { addDataOptions, addModelOptions, dataFlags, modelFlags, type DataFlags, type ModelFlags } from '../common-options.js';
import { intAtLeast } from '../parsers.js';
import { createReporter } from '../reporter.js';

export interface CvContext extends DataFlags, ModelFlags {
  readonly folds: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

export type CvAction = (ctx: CvContext) => Promise<unknown>;

export function cvCommand(action: CvAction = runCv): Command {
  const cmd = new Command('cv')
    .description('stratified k-fold cross-validation of a model on the training set, scored by ROC AUC')
    .option('--folds <k>', 'number of folds', intAtLeast(2), 5)
    .option('--json', 'print one JSON object instead of a table')
    .exitOverride();
  addDataOptions(cmd);
  addModelOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    await action({ ...dataFlags(opts), ...modelFlags(opts), folds: opts.folds, json: opts.json === true, quiet: opts.quiet === true });
  });
}

export async function runCv(ctx: CvContext): Promise<CvResult> {
  const reporter = createReporter(ctx.quiet);
  const elapsed = startTimer();
  const dataset = openDataset(ctx.data, { ...ctx.csv, sets: ['train'], cache: ctx.cache });
  const train = dataset.splits.train!;
  if (!train.y) throw new InputError(`${train.file}: cv needs labels, and there is no .solution file (or label column) for it`);
  reporter.info(`read ${train.X.nRows} rows x ${train.X.nCols} features from ${train.file} in ${elapsed().toFixed(2)} s`);
  const bar = reporter.progress(`cv ${ctx.model}`);
  const result = await crossValidate(() => createEstimator(ctx.model, ctx.modelOptions, ctx.seed), train.X, train.y, {
    nFolds: ctx.folds,
    seed: ctx.seed,
    onFold: (s) => {
      bar.update(s.fold / ctx.folds, `fold ${s.fold}/${ctx.folds}`);
      if (!ctx.json) reporter.result(`fold ${s.fold}  AUC ${s.auc.toFixed(5)}  (${s.nTrain} train, ${s.nTest} held out)`);
    },
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
  });
  bar.done();
  if (ctx.json) {
    reporter.result(
      JSON.stringify({
        model: ctx.model,
        folds: result.folds.map((f) => ({ fold: f.fold, auc: f.auc })),
        mean_auc: result.meanAuc,
        std_auc: result.stdAuc,
      }),
    );
  } else {
    reporter.result(`mean AUC ${result.meanAuc.toFixed(5)} ± ${result.stdAuc.toFixed(5)} over ${ctx.folds} folds (${ctx.model})`);
  }
  reporter.info(`done in ${elapsed().toFixed(2)} s`);
  return result;
}
