// `persodata blend`: flags -> BlendContext -> fitted models and their
// out-of-fold predictions (cv --oof, same data, folds and seed) -> one blend
// model file (models/blend-model.ts) that predict and export --to onnx take,
// with its cv score nested (the combination fitted inside the folds) beside
// each model's own.
import { Command, Option } from 'commander';
import { refuseExisting } from '../../io/atomic-write.js';
import { METRICS, type Metric } from '../../io/submission-formats.js';
import { checkSameRows, readOofFile } from '../../io/oof-file.js';
import { meanAndStd, metricLabel } from '../../cv/fold-metrics.js';
import { loadModel, saveModel } from '../../models/model-file.js';
import { BlendModel, clippedLogit, combineLogits, type BlendMethod } from '../../models/blend-model.js';
import { fitBlend, metricPerFold, nestedBlendScores } from '../../models/blend-weights.js';
import { textTable } from '../../util/text.js';
import { InputError, UsageError } from '../../util/errors.js';
import { forceOption, numberIn } from '../parsers.js';
import { createReporter } from '../reporter.js';

export interface BlendContext {
  /** Model files, each fitted on the whole training set (train). */
  readonly models: readonly string[];
  /** Their out-of-fold files (cv --oof), in the same order. */
  readonly oof: readonly string[];
  readonly out: string;
  readonly method: BlendMethod;
  readonly metric: Metric;
  readonly fpr: number;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type BlendAction = (ctx: BlendContext) => Promise<unknown>;

export function blendCommand(action: BlendAction = runBlend): Command {
  const cmd = new Command('blend')
    .description(
      'blend models of any kinds into one model file: their log-odds combined with weights fitted on their out-of-fold predictions (cv --oof with the same data, --folds and --seed), scored by cv with the weights fitted inside the folds',
    )
    .requiredOption('--models <files...>', 'model files, each trained on the whole training set')
    .requiredOption(
      '--oof <files...>',
      "each model's out-of-fold predictions (cv --oof with the same parameters), in the same order",
    )
    .requiredOption('--out <file.json>', 'the blend model file')
    .addOption(
      new Option(
        '--method <m>',
        'weights: non-negative weights summing to 1, the best --metric on a grid; logistic: a logistic regression on the log-odds (a stacker, calibrated)',
      )
        .choices(['weights', 'logistic'])
        .default('weights'),
    )
    .addOption(
      new Option('--metric <m>', 'what --method weights maximizes, and what the table shows')
        .choices(METRICS)
        .default('auc'),
    )
    .option('--fpr <x>', 'tpr-at-fpr: the false-positive rate', numberIn(0, 1, { minOpen: true, maxOpen: true }), 1e-3)
    .addOption(forceOption('--out'))
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    await action({
      models: o.models,
      oof: o.oof,
      out: o.out,
      method: o.method,
      metric: o.metric,
      fpr: o.fpr,
      force: o.force === true,
      quiet: o.quiet === true,
    });
  });
}

export async function runBlend(ctx: BlendContext): Promise<BlendModel> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.models.length < 2) throw new UsageError('--models: a blend needs at least two models');
  if (ctx.oof.length !== ctx.models.length)
    throw new UsageError(
      `--models names ${ctx.models.length} files and --oof ${ctx.oof.length}; give one out-of-fold file per model`,
    );
  refuseExisting(ctx.out, ctx.force); // fail before the work, not after
  const loaded = ctx.models.map((path) => ({ path, ...loadModel(path) }));
  const [first] = loaded;
  for (const m of loaded) {
    if (m.model.kind === 'blend') throw new InputError(`${m.path}: is a blend; blend its models instead`);
    if (m.postprocess)
      throw new InputError(
        `${m.path}: holds a calibration or threshold (train --calibrate, --threshold-for); blend models trained without them, the blend's own --method logistic calibrates`,
      );
    if (JSON.stringify(m.features) !== JSON.stringify(first.features))
      throw new InputError(
        `${m.path}: was trained on other feature columns than ${first.path}; a blend's models share their input`,
      );
    if (JSON.stringify(m.featurizer ?? null) !== JSON.stringify(first.featurizer ?? null))
      throw new InputError(
        `${m.path}: turns pictures into features differently from ${first.path} (another featurizer); a blend's models share their input`,
      );
  }
  const oofs = ctx.oof.map((path) => readOofFile(path));
  checkSameRows(oofs);
  const { labels, folds } = oofs[0];
  const logits = oofs.map((f) => f.p.map(clippedLogit));
  const label = metricLabel(ctx.metric, ctx.fpr);
  const perFold = (scores: Float64Array) => metricPerFold(ctx.metric, labels, scores, folds, ctx.fpr);

  const fit = await fitBlend(ctx.method, logits, labels, ctx.metric, ctx.fpr);
  const nested = meanAndStd(await nestedBlendScores(ctx.method, logits, labels, folds, ctx.metric, ctx.fpr));
  const inSample = meanAndStd(perFold(combineLogits(logits, fit.weights, fit.bias)));
  const blend = new BlendModel(
    loaded.map((m) => m.model),
    fit.weights,
    fit.bias,
    ctx.method,
  );
  saveModel(ctx.out, blend, first.features, {
    force: ctx.force,
    featurizer: first.featurizer,
    trainingFiles: first.trainingFiles,
  });

  const rows = loaded.map((m, i) => {
    const s = meanAndStd(perFold(oofs[i].p));
    return [m.path, m.model.kind, fit.weights[i].toFixed(4), `${s.mean.toFixed(5)} ± ${s.std.toFixed(5)}`];
  });
  rows.push([
    'blend, fitted inside the folds',
    ctx.method,
    `bias ${fit.bias.toFixed(4)}`,
    `${nested.mean.toFixed(5)} ± ${nested.std.toFixed(5)}`,
  ]);
  const head = ['model', 'kind', 'weight', `cv ${label}`];
  reporter.result(textTable(head, rows));
  reporter.info(
    `blend with the weights fitted on every out-of-fold row: ${label} ${inSample.mean.toFixed(5)} ± ${inSample.std.toFixed(5)} (optimistic: fitted on the rows it is scored on)`,
  );
  reporter.result(
    `wrote ${ctx.out} (blend of ${loaded.map((m) => m.model.kind).join(' + ')}, ${labels.length} out-of-fold rows)`,
  );
  return blend;
}
