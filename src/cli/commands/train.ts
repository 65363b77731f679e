// `persodata train`: flags -> TrainContext -> fit on the training set, score
// the valid set when it has labels, save the model file.
import { Command, Option } from 'commander';
import { fitPostprocess, INNER_FOLDS } from '../../calibration/fit-postprocess.js';
import {
  CALIBRATION_METHODS,
  calibrated,
  THRESHOLD_METRICS,
  type Calibrator,
  type Postprocess,
  type ThresholdMetric,
} from '../../calibration/postprocess.js';
import { takeLabels, takeRows, type DenseMatrix } from '../../core/dense-matrix.js';
import { foldRows, stratifiedFoldIds } from '../../cv/stratified-k-fold.js';
import { averageModels } from '../../models/average-models.js';
import { logLoss } from '../../metrics/classification.js';
import { openDataset } from '../../io/open-dataset.js';
import { refuseExisting } from '../../io/atomic-write.js';
import { saveModel } from '../../models/model-file.js';
import type { Featurizer } from '../../features/featurizer-file.js';
import { trainingFilesOf, type TrainingFiles } from '../../audit/encoding-profile.js';
import { fitOnPictures, transformFiles } from '../../features/featurizer.js';
import { augmentVariants, withProcessedCopies } from '../../pictures/processed-sets.js';
import { savePipelineModel } from '../../pipeline/pipeline-model.js';
import { rocAuc } from '../../metrics/roc-auc.js';
import type { Estimator, FeatureImportance } from '../../core/estimator.js';
import { createEstimator } from '../../models/registry.js';
import { InputError, UsageError } from '../../util/errors.js';
import { escapeControlBytes } from '../../util/text.js';
import { startTimer } from '../../util/timer.js';
import {
  addDataOptions,
  addModelOptions,
  dataFlags,
  modelFlags,
  type DataFlags,
  type ModelFlags,
} from '../common-options.js';
import { forceOption, intAtLeast } from '../parsers.js';
import { reportShortcut, warnAboutTrainingFiles } from '../../audit/training-set-audit.js';
import { readDatasetAudit } from '../../audit/dataset-audit.js';
import {
  addPipelinePictureOptions,
  labelledPictureSets,
  pcaSettingsOf,
  pipelinePictureFlags,
  specOf,
  type PipelinePictureFlags,
} from '../pipeline-options.js';
import { createReporter, type Reporter } from '../reporter.js';
import { constantModelWarning, isConstantModel } from '../constant-model.js';

export interface TrainContext extends DataFlags, ModelFlags {
  /** Fit from pictures (--images): the featurizer is fitted on them and kept in the model file. */
  readonly pictures?: PipelinePictureFlags;
  readonly out: string;
  readonly calibrate?: Calibrator['kind'];
  readonly thresholdFor?: ThresholdMetric;
  /** Fit one model per cv training fold (k folds, cv's) and keep their average (models/average-models.ts). */
  readonly foldsEnsemble?: number;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type TrainAction = (ctx: TrainContext) => Promise<unknown>;

export function trainCommand(action: TrainAction = runTrain): Command {
  const cmd = new Command('train')
    .description(
      'fit a model on the training set (a feature folder, or pictures with --images) and save it; prints the valid AUC when valid labels exist',
    )
    .requiredOption('--out <model.json>', 'where to write the model file')
    .addOption(forceOption('--out'))
    .addOption(
      new Option(
        '--calibrate <method>',
        "calibrate P(real) on 5-fold out-of-fold scores of the training set (as scikit-learn's CalibratedClassifierCV(cv=5, ensemble=False)); kept in the model",
      ).choices(CALIBRATION_METHODS),
    )
    .addOption(
      new Option(
        '--threshold-for <metric>',
        'store the cut on the (calibrated) out-of-fold scores that maximises this metric; the name-pred and logit formats decide at it',
      ).choices(THRESHOLD_METRICS),
    )
    .option(
      '--folds-ensemble <k>',
      "fit one model on each of cv's k training folds (the folds cv --seed deals) and keep their average as one model of the same kind: gbdt's mean log-odds, the forest's mean probability, logistic's mean log-odds; prints each fold model's held-out AUC",
      intAtLeast(2),
    )
    .exitOverride();
  addDataOptions(cmd);
  addPipelinePictureOptions(
    cmd,
    'fit on pictures instead of --data: the featurizer (--kinds; PCA fitted on these pictures) is kept in the model file, so that predict --model takes pictures',
  ).option(
    '--valid-images <dir>',
    '--images: labelled pictures (class folders, or rows of --labels) to print the valid AUC on, through the fitted featurizer',
  );
  addModelOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    await action({
      ...dataFlags(opts),
      pictures: pipelinePictureFlags(opts),
      ...modelFlags(opts, (key) => self.getOptionValueSource(key)),
      out: opts.out,
      calibrate: opts.calibrate,
      thresholdFor: opts.thresholdFor,
      foldsEnsemble: opts.foldsEnsemble,
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
      `  ${escapeControlBytes(names[f] ?? `feature${f}`).padEnd(16)} ${((100 * importance.gain[f]) / total).toFixed(1).padStart(5)}% of gain, ${importance.splits[f]} splits`,
  );
  return [`feature importance (top ${order.length} by gain):`, ...lines].join('\n');
}

/** What train fits on: a feature folder's sets, or pictures featurized here (the featurizer kept in the model). */
interface TrainingInput {
  readonly X: DenseMatrix;
  readonly y: Uint8Array;
  readonly featureNames: readonly string[];
  readonly valid?: { X: DenseMatrix; y: Uint8Array };
  readonly featurizer?: Featurizer;
  /** How the training pictures were saved, kept in a picture model for predict to compare with. */
  readonly trainingFiles?: TrainingFiles;
}

async function datasetInput(ctx: TrainContext, reporter: Reporter): Promise<TrainingInput> {
  const dataset = await openDataset(ctx.data, {
    ...ctx.csv,
    sets: { available: ['train', 'valid'] },
    cache: ctx.cache,
  });
  const train = dataset.splits.train;
  if (!train) throw new InputError(`${ctx.data}: no training set (NAME_train.data) to fit on`);
  if (!train.y)
    throw new InputError(
      `${train.file}: training needs labels, and there is no .solution file (or label column) for it`,
    );
  const valid = dataset.splits.valid;
  if (dataset.format === 'automl') reportShortcut(readDatasetAudit(dataset.location), reporter, train.file);
  return {
    X: train.X,
    y: train.y,
    featureNames: dataset.featureNames,
    valid: valid?.y ? { X: valid.X, y: valid.y } : undefined,
  };
}

async function picturesInput(ctx: TrainContext, p: PipelinePictureFlags, reporter: Reporter): Promise<TrainingInput> {
  const { train: pictures, valid } = labelledPictureSets(p, reporter, 'train');
  const audit = await warnAboutTrainingFiles(ctx, [pictures], reporter, p.reencodeJpeg);
  // --augment: the training pictures, then their processed copies
  const set = p.augment
    ? withProcessedCopies(pictures, augmentVariants(p.augment, p.augmentCopies), ctx.seed)
    : pictures;
  const bar = reporter.progress('features');
  const timer = startTimer();
  const f = await fitOnPictures(set, specOf(p), pcaSettingsOf(p), {
    seed: ctx.seed,
    threads: ctx.threads,
    skipBad: p.skipBad,
    reencodeJpeg: p.reencodeJpeg,
    cache: p.featureCache,
    onProgress: (stage, done, total, unit) => bar.update(done, total, stage, unit),
    onWarning: (m) => reporter.warn(m),
    onNote: (m) => reporter.info(m),
  });
  bar.done();
  for (const s of f.skipped) reporter.warn(`skipped ${s.name}: ${s.message}`);
  reporter.info(
    `features: ${f.X.nRows} pictures${p.augment ? ` (${pictures.names.length} and ${p.augmentCopies} processed copies of each)` : ''} -> ${f.columns.length} columns (${p.kinds.join(',')}) in ${timer().toFixed(2)} s`,
  );
  // the valid pictures go through the fitted featurizer, as predict will take new pictures
  const validX =
    valid && 'files' in valid.source
      ? await transformFiles(f.featurizer, valid.source.files, valid.origin, {
          seed: ctx.seed,
          threads: ctx.threads,
          maxPixels: p.maxPixels,
          cache: p.featureCache,
          onWarning: (m) => reporter.warn(m),
          onNote: (m) => reporter.info(m),
        })
      : undefined;
  return {
    X: f.X,
    y: f.y,
    featureNames: f.columns,
    featurizer: f.featurizer,
    trainingFiles: audit && trainingFilesOf(audit.real, audit.fake),
    valid: validX && valid?.labels ? { X: validX, y: valid.labels } : undefined,
  };
}

/**
 * --folds-ensemble: one model per training fold of cv's k folds (stratified,
 * dealt by --seed), each scored on its held-out fold, averaged into one.
 */
async function foldsEnsemble(
  ctx: TrainContext,
  X: DenseMatrix,
  y: Uint8Array,
  k: number,
  reporter: Reporter,
  bar: { update(done: number, total: number, status?: string, unit?: string): void },
): Promise<Estimator> {
  const foldIds = stratifiedFoldIds(y, k, ctx.seed);
  const models: Estimator[] = [];
  for (let fold = 0; fold < k; fold++) {
    const { train, test } = foldRows(foldIds, fold);
    const model = await createEstimator(ctx.model, ctx.modelOptions, ctx.seed).fit(
      takeRows(X, Array.from(train)),
      takeLabels(y, train),
      { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
    );
    const held = await model.predictProba(takeRows(X, Array.from(test)), { threads: ctx.threads });
    reporter.result(
      `fold model ${fold + 1}/${k}: held-out AUC ${rocAuc(takeLabels(y, test), held).toFixed(5)} (${train.length} train, ${test.length} held out)`,
    );
    models.push(model);
    bar.update(fold + 1, k, '', 'fold models');
  }
  return averageModels(models);
}

export async function runTrain(ctx: TrainContext): Promise<TrainResult> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.foldsEnsemble !== undefined) {
    // an augmented copy would land in another fold than its picture, and the fold AUCs would flatter
    if (ctx.pictures?.augment)
      throw new UsageError(
        '--folds-ensemble does not combine with --augment yet (a copy would be held out apart from its picture)',
      );
    if (ctx.calibrate || ctx.thresholdFor)
      throw new UsageError('--folds-ensemble does not combine with --calibrate or --threshold-for yet');
  }
  refuseExisting(ctx.out, ctx.force); // fail before the work, not after
  const input = ctx.pictures ? await picturesInput(ctx, ctx.pictures, reporter) : await datasetInput(ctx, reporter);
  const { X, y, valid } = input;
  const bar = reporter.progress(`train ${ctx.model}`);
  const fitTime = startTimer();
  const model = ctx.foldsEnsemble
    ? await foldsEnsemble(ctx, X, y, ctx.foldsEnsemble, reporter, bar)
    : await createEstimator(ctx.model, ctx.modelOptions, ctx.seed).fit(X, y, {
        // without a bar on screen, the fit need not work out its status (gbdt's valid loss every 10 trees)
        onProgress: bar.shown ? (f, status) => bar.update(f, 1, status) : undefined,
        onWarning: (m) => reporter.warn(m),
        threads: ctx.threads,
        validation: valid,
      });
  bar.done();
  if (await isConstantModel(model, X, ctx.threads))
    reporter.warn(constantModelWarning('fitted on all the training rows,', ctx.model, ctx.modelOptions, X.nRows));
  const postprocess = await postprocessFor(ctx, X, y, reporter);
  const seconds = fitTime();
  const validRaw = valid ? await model.predictProba(valid.X, { threads: ctx.threads }) : undefined;
  const validP = validRaw ? calibrated(postprocess, validRaw) : undefined;
  const validAuc = validP ? rocAuc(valid!.y, validP) : undefined;
  if (validRaw && validP && postprocess?.calibration)
    reporter.result(
      `valid log loss ${logLoss(valid!.y, validRaw).toFixed(5)} uncalibrated, ${logLoss(valid!.y, validP).toFixed(5)} calibrated`,
    );
  if (input.featurizer)
    savePipelineModel(ctx.out, model, input.featurizer, {
      force: ctx.force,
      postprocess,
      trainingFiles: input.trainingFiles,
    });
  else saveModel(ctx.out, model, input.featureNames, { force: ctx.force, postprocess });
  reporter.result(
    `${ctx.model}: fitted on ${X.nRows} ${input.featurizer ? 'pictures' : 'rows'} x ${X.nCols} features in ${seconds.toFixed(2)} s` +
      (validAuc === undefined ? '' : `; valid AUC ${validAuc.toFixed(5)}`) +
      `; ${input.featurizer ? 'model and featurizer' : 'model'} written to ${ctx.out}`,
  );
  const notes = model.fitNotes?.();
  if (notes) reporter.result(notes);
  const importance = model.featureImportance?.();
  if (importance) reporter.result(formatImportance(importance, input.featureNames));
  return { validAuc, seconds };
}

/** --calibrate and --threshold-for, fitted (calibration/fit-postprocess.ts), and what they found printed. */
async function postprocessFor(
  ctx: TrainContext,
  X: DenseMatrix,
  y: Uint8Array,
  reporter: Reporter,
): Promise<Postprocess | undefined> {
  const fitted = await fitPostprocess(() => createEstimator(ctx.model, ctx.modelOptions, ctx.seed), X, y, {
    calibrate: ctx.calibrate,
    thresholdFor: ctx.thresholdFor,
    seed: ctx.seed,
    threads: ctx.threads,
  });
  if (!fitted) return undefined;
  const { calibration, threshold } = fitted.postprocess;
  if (calibration && fitted.logLoss)
    reporter.result(
      `calibration: ${calibration.kind} on ${INNER_FOLDS}-fold out-of-fold scores; their log loss ${fitted.logLoss.before.toFixed(5)} -> ${fitted.logLoss.after.toFixed(5)}`,
    );
  if (threshold && fitted.thresholdMetric)
    reporter.result(
      `threshold for ${threshold.metric}: label 1 above ${threshold.cut.toFixed(5)} (out-of-fold ${threshold.metric} ${fitted.thresholdMetric.atCut.toFixed(5)}, at 0.5 ${fitted.thresholdMetric.atHalf.toFixed(5)}); the name-pred and logit formats decide there`,
    );
  return fitted.postprocess;
}
