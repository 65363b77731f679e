// `persodata cv`: flags -> CvContext -> stratified k-fold ROC AUC of a model
// on the training set, and optionally an HTML report of it. The folds and
// scoring are cv/cross-validate.ts's, the page report/cv-report.ts's.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { crossValidate, type CvResult } from '../../cv/cross-validate.js';
import { foldMetric, metricLabel, summarizeMetrics } from '../../cv/fold-metrics.js';
import { METRICS, type Metric } from '../../io/submission-formats.js';
import { refuseExisting, writeFileAtomic } from '../../io/atomic-write.js';
import { openDataset } from '../../io/open-dataset.js';
import { readDatasetAudit } from '../../audit/dataset-audit.js';
import { renderCvReport } from '../../report/cv-report.js';
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
import { MODEL_PARAMS } from '../params.js';
import { forceOption, intAtLeast, numberIn } from '../parsers.js';
import { createReporter } from '../reporter.js';
import { addPictureCvOptions, pictureCvFlags, runPictureCv, type PictureCvFlags } from './picture-cv.js';

export interface CvContext extends DataFlags, ModelFlags {
  /** cv from pictures (--images), with the featurizer fitted in every fold. */
  readonly pictures?: PictureCvFlags;
  readonly folds: number;
  /** Metrics beside the AUC the folds are scored by (the AUC always is). */
  readonly metrics: readonly Metric[];
  readonly fpr: number;
  readonly json: boolean;
  /** Path of the HTML report to write, if any. */
  readonly report?: string;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type CvAction = (ctx: CvContext) => Promise<unknown>;

export function cvCommand(action: CvAction = runCv): Command {
  const cmd = new Command('cv')
    .description(
      'stratified k-fold cross-validation of a model on the training set, scored by ROC AUC and any challenge metric',
    )
    .option('--folds <k>', 'number of folds', intAtLeast(2), 5)
    .addOption(
      new Option(
        '--metric <m...>',
        'metrics per fold and their mean ± sd, as score computes them (fake is the class detected: accuracy and balanced-accuracy of P(fake) >= 0.5, tpr-at-fpr = fakes caught at --fpr of reals flagged)',
      )
        .choices(METRICS)
        .default(['auc']),
    )
    .option('--fpr <x>', 'tpr-at-fpr: the false-positive rate', numberIn(0, 1, { minOpen: true, maxOpen: true }), 1e-3)
    .option('--json', 'print one JSON object instead of a table')
    .option(
      '--report <file.html>',
      'also write a self-contained HTML page: ROC curves per fold and their mean, AUC per fold, confusion matrix, feature importance, parameters',
    )
    .addOption(forceOption('--report'))
    .exitOverride();
  addDataOptions(cmd);
  addPictureCvOptions(cmd);
  addModelOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    await action({
      ...dataFlags(opts),
      pictures: opts.images ? pictureCvFlags(opts) : undefined,
      ...modelFlags(opts),
      folds: opts.folds,
      metrics: opts.metric,
      fpr: opts.fpr,
      json: opts.json === true,
      report: opts.report,
      force: opts.force === true,
      quiet: opts.quiet === true,
    });
  });
}

export async function runCv(ctx: CvContext): Promise<CvResult> {
  if (ctx.pictures) return runPictureCv(ctx, ctx.pictures);
  const reporter = createReporter(ctx.quiet);
  if (ctx.report) refuseExisting(ctx.report, ctx.force); // fail before the work, not after
  const elapsed = startTimer();
  const dataset = openDataset(ctx.data, { ...ctx.csv, sets: ['train'], cache: ctx.cache });
  const train = dataset.splits.train!;
  if (!train.y)
    throw new InputError(`${train.file}: cv needs labels, and there is no .solution file (or label column) for it`);
  reporter.info(
    `read ${train.X.nRows} rows x ${train.X.nCols} features from ${train.file} in ${elapsed().toFixed(2)} s`,
  );
  const extra = ctx.metrics.filter((m) => m !== 'auc');
  const bar = reporter.progress(`cv ${ctx.model}`);
  const result = await crossValidate(() => createEstimator(ctx.model, ctx.modelOptions, ctx.seed), train.X, train.y, {
    nFolds: ctx.folds,
    seed: ctx.seed,
    onFold: (s, held) => {
      bar.update(s.fold / ctx.folds, `fold ${s.fold}/${ctx.folds}`);
      const more = extra.map((m) => `  ${metricLabel(m, ctx.fpr)} ${foldMetric(m, held, ctx.fpr).toFixed(5)}`).join('');
      if (!ctx.json)
        reporter.result(`fold ${s.fold}  AUC ${s.auc.toFixed(5)}${more}  (${s.nTrain} train, ${s.nTest} held out)`);
    },
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
  });
  bar.done();
  const summaries = summarizeMetrics(result, extra, ctx.fpr);
  if (ctx.json) {
    reporter.result(
      JSON.stringify({
        model: ctx.model,
        folds: result.folds.map((f, i) => ({
          fold: f.fold,
          auc: f.auc,
          ...Object.fromEntries(summaries.map((s) => [s.metric, s.folds[i]])),
        })),
        mean_auc: result.meanAuc,
        std_auc: result.stdAuc,
        ...Object.fromEntries(
          summaries.flatMap((s) => [
            [`mean_${s.metric}`, s.mean],
            [`std_${s.metric}`, s.std],
          ]),
        ),
        ...(extra.includes('tpr-at-fpr') ? { fpr: ctx.fpr } : {}),
      }),
    );
  } else {
    reporter.result(
      `mean AUC ${result.meanAuc.toFixed(5)} ± ${result.stdAuc.toFixed(5)} over ${ctx.folds} folds (${ctx.model})`,
    );
    for (const s of summaries)
      reporter.result(`mean ${metricLabel(s.metric, ctx.fpr)} ${s.mean.toFixed(5)} ± ${s.std.toFixed(5)}`);
  }
  if (ctx.report) {
    const version = (
      JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
    const parameters: Array<[string, string]> = [
      ['data', `${train.file} (${train.X.nRows} rows x ${train.X.nCols} features)`],
      ['model', ctx.model],
      ...Object.entries(MODEL_PARAMS[ctx.model]).map(([key, p]): [string, string] => [
        p.flag,
        String(ctx.modelOptions[key] ?? p.default) + (key in ctx.modelOptions ? '' : ' (default)'),
      ]),
      ['--folds', String(ctx.folds)],
      ['--metric', ctx.metrics.join(' ')],
      ...(extra.includes('tpr-at-fpr') ? ([['--fpr', String(ctx.fpr)]] as Array<[string, string]>) : []),
      ['--seed', String(ctx.seed)],
      ['--threads', String(ctx.threads)],
    ];
    const html = renderCvReport({
      result,
      metrics: summaries.map((s) => ({ ...s, label: metricLabel(s.metric, ctx.fpr) })),
      audit: dataset.format === 'automl' ? readDatasetAudit(dataset.location) : undefined,
      model: ctx.model,
      parameters,
      featureNames: dataset.featureNames,
      generatedBy: `persodata ${version}, ${new Date().toISOString()}`,
    });
    writeFileAtomic(ctx.report, html, { force: ctx.force });
    reporter.info(`report written to ${ctx.report}`);
  }
  reporter.info(`done in ${elapsed().toFixed(2)} s`);
  return result;
}
