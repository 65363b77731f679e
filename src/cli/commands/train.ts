// `persodata train`: flags -> TrainContext -> fit on the training set, score
// the valid set when it has labels, save the model file.
import { Command } from 'commander';
import { openDataset } from '../../io/open-dataset.js';
import { refuseExisting } from '../../io/atomic-write.js';
import { saveModel } from '../../models/model-file.js';
import { rocAuc } from '../../metrics/roc-auc.js';
import type { FeatureImportance } from '../../core/estimator.js';
import { createEstimator } from '../../models/registry.js';
import { InputError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import {
  addDataOptions,
  addModelOptions,
  dataFlags,
  modelFlags,
  type DataFlags,
  type ModelFlags,
} from '../common-options.js';
import { forceOption } from '../parsers.js';
import { createReporter } from '../reporter.js';

export interface TrainContext extends DataFlags, ModelFlags {
  readonly out: string;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type TrainAction = (ctx: TrainContext) => Promise<unknown>;

export function trainCommand(action: TrainAction = runTrain): Command {
  const cmd = new Command('train')
    .description('fit a model on the training set and save it; prints the valid AUC when valid labels exist')
    .requiredOption('--out <model.json>', 'where to write the model file')
    .addOption(forceOption('--out'))
    .exitOverride();
  addDataOptions(cmd);
  addModelOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    await action({
      ...dataFlags(opts),
      ...modelFlags(opts),
      out: opts.out,
      force: opts.force === true,
      quiet: opts.quiet === true,
    });
  });
}

export interface TrainResult {
  readonly validAuc?: number;
  readonly seconds: number;
}

/** The ten features with the most split gain, with their share of all gain and split counts. */
export function formatImportance(importance: FeatureImportance, names: readonly string[], top = 10): string {
  const total = importance.gain.reduce((a, b) => a + b, 0);
  const order = Array.from(importance.gain.keys())
    .sort((a, b) => importance.gain[b] - importance.gain[a] || a - b)
    .slice(0, top)
    .filter((f) => importance.splits[f] > 0);
  if (order.length === 0) return 'feature importance: no splits';
  const lines = order.map(
    (f) =>
      `  ${(names[f] ?? `feature${f}`).padEnd(16)} ${((100 * importance.gain[f]) / total).toFixed(1).padStart(5)}% of gain, ${importance.splits[f]} splits`,
  );
  return [`feature importance (top ${order.length} by gain):`, ...lines].join('\n');
}

export async function runTrain(ctx: TrainContext): Promise<TrainResult> {
  const reporter = createReporter(ctx.quiet);
  refuseExisting(ctx.out, ctx.force); // fail before the work, not after
  const dataset = openDataset(ctx.data, { ...ctx.csv, sets: { available: ['train', 'valid'] }, cache: ctx.cache });
  const train = dataset.splits.train;
  if (!train) throw new InputError(`${ctx.data}: no training set (NAME_train.data) to fit on`);
  if (!train.y)
    throw new InputError(
      `${train.file}: training needs labels, and there is no .solution file (or label column) for it`,
    );
  const bar = reporter.progress(`train ${ctx.model}`);
  const fitTime = startTimer();
  const valid = dataset.splits.valid;
  const model = await createEstimator(ctx.model, ctx.modelOptions, ctx.seed).fit(train.X, train.y, {
    onProgress: (f, status) => bar.update(f, status),
    onWarning: (m) => reporter.warn(m),
    threads: ctx.threads,
    validation: valid?.y ? { X: valid.X, y: valid.y } : undefined,
  });
  bar.done();
  const seconds = fitTime();
  const validAuc = valid?.y ? rocAuc(valid.y, await model.predictProba(valid.X, { threads: ctx.threads })) : undefined;
  saveModel(ctx.out, model, dataset.featureNames, { force: ctx.force });
  reporter.result(
    `${ctx.model}: fitted on ${train.X.nRows} rows x ${train.X.nCols} features in ${seconds.toFixed(2)} s` +
      (validAuc === undefined ? '' : `; valid AUC ${validAuc.toFixed(5)}`) +
      `; model written to ${ctx.out}`,
  );
  const notes = model.fitNotes?.();
  if (notes) reporter.result(notes);
  const importance = model.featureImportance?.();
  if (importance) reporter.result(formatImportance(importance, dataset.featureNames));
  return { validAuc, seconds };
}
