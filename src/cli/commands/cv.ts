// `persodata cv`: flags -> CvContext -> stratified k-fold ROC AUC of a model
// on the training set, and optionally an HTML report of it. The folds and
// scoring are cv/cross-validate.ts's, the page report/cv-report.ts's.
import { Command, Option } from 'commander';
import { crossValidate, type CvResult } from '../../cv/cross-validate.js';
import { METRICS, type Metric } from '../../io/submission-formats.js';
import { refuseExisting } from '../../io/atomic-write.js';
import { openDataset } from '../../io/open-dataset.js';
import { readDatasetAudit } from '../../audit/dataset-audit.js';
import { createEstimator } from '../../models/registry.js';
import { InputError, UsageError } from '../../util/errors.js';
import { parseProcessing, PROCESSING_SYNTAX, type Processing } from '../../images/processing.js';
import { startTimer } from '../../util/timer.js';
import {
  addDataOptions,
  addModelOptions,
  dataFlags,
  modelFlags,
  type DataFlags,
  type ModelFlags,
} from '../common-options.js';
import { foldLine, writeCvOutput } from '../cv-output.js';
import { forceOption, intAtLeast, numberIn } from '../parsers.js';
import { reportShortcut } from '../../audit/training-set-audit.js';
import { createReporter } from '../reporter.js';
import { addPipelinePictureOptions, pipelinePictureFlags, type PipelinePictureFlags } from '../pipeline-options.js';
import { runPictureCv } from './picture-cv.js';

export interface CvContext extends DataFlags, ModelFlags {
  /** cv from pictures (--images), with the featurizer fitted in every fold. */
  readonly pictures?: PipelinePictureFlags;
  readonly folds: number;
  /** Metrics beside the AUC the folds are scored by (the AUC always is). */
  readonly metrics: readonly Metric[];
  readonly fpr: number;
  readonly json: boolean;
  /** --images: score every held-out fold also processed so (--test-transform). */
  readonly testTransform?: Processing;
  /** --images: a group's pictures stay in one fold: from a CSV (--groups) or by folder (--group-by-folder). */
  readonly groups?: { readonly file: string; readonly column: string } | 'folder';
  /** Path of the HTML report to write, if any. */
  readonly report?: string;
  /** Path of the out-of-fold predictions CSV to write, if any. */
  readonly oof?: string;
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
    .option(
      '--oof <file.csv>',
      'also write the out-of-fold predictions: one line per training row in row order (id, fold, label, p_label_1 = P(label 1) from the model fitted on the other folds; p_label_1_processed with --test-transform)',
    )
    .addOption(forceOption('--report and --oof'))
    .exitOverride();
  addDataOptions(cmd);
  addPipelinePictureOptions(
    cmd,
    'cross-validate from pictures instead of --data: every fold fits the featurizer (PCA) on its training pictures only',
  );
  cmd
    .option(
      '--test-transform <steps>',
      `--images: also score every held-out fold with its pictures processed (random per picture, seeded), beside the clean score: ${PROCESSING_SYNTAX}`,
      (raw: string) => parseProcessing(raw, '--test-transform'),
    )
    .option(
      '--groups <csv>',
      '--images: a CSV of image names (--name-column) and their group (--group-column): a group (source, generator) stays in one fold, so cv measures groups the model never saw',
    )
    .option('--group-column <name>', '--groups: the CSV column of groups', 'group')
    .addOption(
      new Option(
        '--group-by-folder',
        "--images: each picture's folder (below the class folder) is its group, kept in one fold",
      ).conflicts('groups'),
    );
  addModelOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    if (opts.images === undefined)
      for (const flag of ['testTransform', 'groups', 'groupByFolder', 'augment'])
        if (opts[flag] !== undefined)
          throw new UsageError(
            `--${flag.replace(/[A-Z]/g, (c: string) => `-${c.toLowerCase()}`)} applies to cv --images (pictures), not to a feature folder`,
          );
    await action({
      ...dataFlags(opts),
      pictures: pipelinePictureFlags(opts),
      ...modelFlags(opts, (key) => self.getOptionValueSource(key)),
      folds: opts.folds,
      testTransform: opts.testTransform,
      groups: opts.groupByFolder ? 'folder' : opts.groups && { file: opts.groups, column: opts.groupColumn },
      metrics: opts.metric,
      fpr: opts.fpr,
      json: opts.json === true,
      report: opts.report,
      oof: opts.oof,
      force: opts.force === true,
      quiet: opts.quiet === true,
    });
  });
}

export async function runCv(ctx: CvContext): Promise<CvResult> {
  if (ctx.pictures) return runPictureCv(ctx, ctx.pictures);
  const reporter = createReporter(ctx.quiet);
  for (const out of [ctx.report, ctx.oof]) if (out) refuseExisting(out, ctx.force); // fail before the work, not after
  const elapsed = startTimer();
  const dataset = await openDataset(ctx.data, { ...ctx.csv, sets: ['train'], cache: ctx.cache });
  const train = dataset.splits.train!;
  if (!train.y)
    throw new InputError(`${train.file}: cv needs labels, and there is no .solution file (or label column) for it`);
  reporter.info(
    `read ${train.X.nRows} rows x ${train.X.nCols} features from ${train.file} in ${elapsed().toFixed(2)} s`,
  );
  // before any AUC: a cv that measures how the files were saved must say so first
  const audit = dataset.format === 'automl' ? readDatasetAudit(dataset.location) : undefined;
  reportShortcut(audit, reporter, train.file);
  const bar = reporter.progress(`cv ${ctx.model}`);
  const result = await crossValidate(() => createEstimator(ctx.model, ctx.modelOptions, ctx.seed), train.X, train.y, {
    nFolds: ctx.folds,
    seed: ctx.seed,
    onFold: (s, held) => {
      bar.update(s.fold, ctx.folds, '', 'folds');
      const line = foldLine(ctx, s, held);
      if (line) reporter.result(line);
    },
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
  });
  bar.done();
  writeCvOutput(
    ctx,
    {
      result,
      dataRows: [['data', `${train.file} (${train.X.nRows} rows x ${train.X.nCols} features)`]],
      featureNames: dataset.featureNames,
      audit,
      rowIds: train.ids,
    },
    reporter,
  );
  reporter.info(`done in ${elapsed().toFixed(2)} s`);
  return result;
}
