// `persodata tune`: flags -> TuneContext -> successive halving over the
// model's searchable parameters (tune/tune-model.ts) on a feature folder or
// on pictures (features made once per fold and kept for every trial) ->
// the ranked trials (a table, and JSON) and the best parameters as a
// --params file for train and cv.
import { Command, Option } from 'commander';
import { takeFoldRows, type PrepareFold } from '../../cv/cross-validate.js';
import { METRICS, type Metric } from '../../io/submission-formats.js';
import { refuseExisting, writeFilesAtomic } from '../../io/atomic-write.js';
import { openDataset } from '../../io/open-dataset.js';
import { readDatasetAudit } from '../../audit/dataset-audit.js';
import { reportShortcut, warnAboutTrainingFiles } from '../../audit/training-set-audit.js';
import { InputError, UsageError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import {
  addDataOptions,
  addModelOptions,
  dataFlags,
  modelFlags,
  type DataFlags,
  type ModelFlags,
} from '../common-options.js';
import { budget, forceOption, intAtLeast, numberIn } from '../parsers.js';
import { createReporter, type Reporter } from '../reporter.js';
import {
  addPipelinePictureOptions,
  labelledPictureSets,
  pcaSettingsOf,
  pipelinePictureFlags,
  specOf,
  type PipelinePictureFlags,
} from '../pipeline-options.js';
import { MODEL_PARAMS } from '../params.js';
import { pictureFolds } from '../../pipeline/picture-cv.js';
import { augmentVariants } from '../../pictures/processed-sets.js';
import { groupsFromCsv, groupsFromFolders } from '../../pictures/picture-groups.js';
import { metricLabel } from '../../cv/fold-metrics.js';
import { searchSpace, type Candidate } from '../../tune/search-space.js';
import { rungResources, type Budget, type HalvingResult, type Trial } from '../../tune/successive-halving.js';
import { textTable } from '../../util/text.js';
import { trialOptions, tuneModel } from '../../tune/tune-model.js';
import { TUNE_RESOURCES } from '../../tune/tune-resources.js';

export interface TuneContext extends DataFlags, ModelFlags {
  readonly pictures?: PipelinePictureFlags;
  readonly folds: number;
  readonly metric: Metric;
  readonly fpr: number;
  readonly budget: Budget;
  readonly eta: number;
  readonly minResource?: number;
  readonly maxResource?: number;
  /** Option keys or flags to search; all searchable ones when absent. */
  readonly search?: readonly string[];
  readonly groups?: { readonly file: string; readonly column: string } | 'folder';
  /** Where the best parameters and the ranked trials go. */
  readonly best: string;
  readonly trials: string;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type TuneAction = (ctx: TuneContext) => Promise<unknown>;

export function tuneCommand(action: TuneAction = runTune): Command {
  const cmd = new Command('tune')
    .description(
      "search a model's parameters by successive halving: many candidates scored by cv with few trees (gbdt, forest) or rows (logistic), the best third go on with three times as many, until the survivors have the full resource",
    )
    .addOption(
      new Option(
        '--budget <b>',
        'first-rung candidates (27; 17,5 for two brackets: exactly repeatable), or a wall-clock time (10m, 90s, 1.5h: brackets while it lasts, each first rung drawing candidates for its share of the time left; rungs stop when the time is up)',
      )
        .argParser(budget)
        .default({ trials: 27 }, '27'),
    )
    .option('--folds <k>', 'number of folds, dealt as cv deals them', intAtLeast(2), 5)
    .addOption(
      new Option('--metric <m>', 'the metric candidates are ranked by (mean over the folds; log-loss: lower wins)')
        .choices(METRICS)
        .default('auc'),
    )
    .option('--fpr <x>', 'tpr-at-fpr: the false-positive rate', numberIn(0, 1, { minOpen: true, maxOpen: true }), 1e-3)
    .option('--eta <n>', 'keep the best 1/eta of each rung and give them eta times the resource', intAtLeast(2), 3)
    .option(
      '--min-resource <r>',
      'first rung: trees (gbdt 75, forest 10) or share of training rows (logistic 0.111)',
      numberIn(0, Infinity, { minOpen: true }),
    )
    .option(
      '--max-resource <r>',
      'last rung: trees (gbdt 675, forest 270) or share of training rows (logistic 1)',
      numberIn(0, Infinity, { minOpen: true }),
    )
    .option(
      '--search <names>',
      'the parameters to search, by flag name (learning-rate,leaves,min-leaf,l2); default every one with a search range (docs/COMMANDS.md); a parameter given as a flag is fixed, not searched',
      (raw: string) =>
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
    )
    .option('--best <file.json>', 'the best parameters, a file train and cv take with --params', 'tune-best.json')
    .option('--trials <file.json>', 'every trial, ranked, with its score at each rung', 'tune-trials.json')
    .addOption(forceOption('--best and --trials'))
    .exitOverride();
  addDataOptions(cmd);
  addPipelinePictureOptions(
    cmd,
    'tune on pictures instead of --data: the featurizer is fitted in every fold once, and its matrices serve every trial',
  );
  cmd
    .option('--groups <csv>', '--images: a CSV of image names and their group: a group stays in one fold')
    .option('--group-column <name>', '--groups: the CSV column of groups', 'group')
    .addOption(
      new Option(
        '--group-by-folder',
        "--images: each picture's folder (below the class folder) is its group",
      ).conflicts('groups'),
    );
  addModelOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const opts = self.optsWithGlobals();
    if (opts.images === undefined)
      for (const flag of ['groups', 'groupByFolder', 'augment'])
        if (opts[flag] !== undefined)
          throw new UsageError(
            `--${flag.replace(/[A-Z]/g, (c: string) => `-${c.toLowerCase()}`)} applies to tune --images (pictures), not to a feature folder`,
          );
    const model = modelFlags(opts, (key) => self.getOptionValueSource(key));
    const resourceParam = TUNE_RESOURCES[model.model].param;
    if (resourceParam && model.modelOptions[resourceParam] !== undefined)
      throw new UsageError(
        `--${resourceParam}: tune sets the ${TUNE_RESOURCES[model.model].what} of every trial itself; use --min-resource and --max-resource`,
      );
    await action({
      ...dataFlags(opts),
      pictures: pipelinePictureFlags(opts),
      ...model,
      folds: opts.folds,
      metric: opts.metric,
      fpr: opts.fpr,
      budget: opts.budget,
      eta: opts.eta,
      minResource: opts.minResource,
      maxResource: opts.maxResource,
      search: opts.search,
      groups: opts.groupByFolder ? 'folder' : opts.groups && { file: opts.groups, column: opts.groupColumn },
      best: opts.best,
      trials: opts.trials,
      force: opts.force === true,
      quiet: opts.quiet === true,
    });
  });
}

/** What a search runs on: labels, how a fold's matrices are made (tuneModel keeps them), groups. */
interface TuneData {
  readonly y: Uint8Array;
  readonly prepare: PrepareFold;
  readonly groups?: readonly string[];
  readonly about: string;
}

export async function runTune(ctx: TuneContext): Promise<HalvingResult<Candidate>> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.best === ctx.trials) throw new UsageError(`--best and --trials are the same file (${ctx.best})`);
  for (const out of [ctx.best, ctx.trials]) refuseExisting(out, ctx.force); // fail before the work, not after
  const resource = TUNE_RESOURCES[ctx.model];
  const minResource = ctx.minResource ?? resource.min;
  const maxResource = ctx.maxResource ?? resource.max;
  if (minResource > maxResource)
    throw new UsageError(`--min-resource ${minResource} is above --max-resource ${maxResource}`);
  if (!resource.param && maxResource > 1)
    throw new UsageError(`--max-resource: for ${ctx.model} the resource is a share of the training rows, at most 1`);
  if (resource.integer && (!Number.isInteger(minResource) || !Number.isInteger(maxResource)))
    throw new UsageError(`--min-resource and --max-resource: ${ctx.model}'s resource is a count of ${resource.what}`);
  const space = searchSpace(MODEL_PARAMS[ctx.model], ctx.model, ctx.search, Object.keys(ctx.modelOptions));
  if (space.length === 0)
    throw new UsageError(`nothing to search: every searchable ${ctx.model} parameter is given as a flag`);
  const elapsed = startTimer();
  const data = ctx.pictures ? await pictureData(ctx, ctx.pictures, reporter) : await featureData(ctx, reporter);

  const label = metricLabel(ctx.metric, ctx.fpr);
  const seconds = 'seconds' in ctx.budget ? ctx.budget.seconds : undefined;
  const bar = reporter.progress(`tune ${ctx.model}`);
  // with a count of candidates the whole schedule is known: n, ceil(n / eta), ... one a rung
  let plannedTotal = 0;
  if (!('seconds' in ctx.budget))
    for (const first of [ctx.budget.trials].flat())
      for (let k = 0, n = first; k < rungResources(minResource, maxResource, ctx.eta, resource.integer).length; k++) {
        plannedTotal += n;
        n = Math.ceil(n / ctx.eta);
      }
  let done = 0;
  const start = elapsed();
  const result = await tuneModel(data.y, data.prepare, {
    model: ctx.model,
    fixed: ctx.modelOptions,
    space,
    metric: ctx.metric,
    fpr: ctx.fpr,
    nFolds: ctx.folds,
    seed: ctx.seed,
    budget: ctx.budget,
    eta: ctx.eta,
    minResource,
    maxResource,
    groups: data.groups,
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
    onTrial: (bracket, rung, inRung, planned, trial) => {
      done++;
      const r = trial.rungs[trial.rungs.length - 1];
      const stage = `${bracket > 0 ? `bracket ${bracket + 1}, ` : ''}rung ${rung + 1}, ${formatResource(r.resource, resource.integer)} ${resource.what}`;
      if (seconds !== undefined) bar.update(Math.min(elapsed() - start, seconds), seconds, stage);
      else bar.update(done, plannedTotal, stage, 'trials');
      if (planned !== undefined && inRung === planned && !bar.shown) reporter.info(`${stage}: ${planned} trials done`);
    },
  });
  bar.done();

  const ranked = result.ranked;
  const best = ranked[0];
  const bestRung = best.rungs[best.rungs.length - 1];
  const bestParams = trialOptions({ model: ctx.model, fixed: ctx.modelOptions }, best.candidate, bestRung.resource);
  const searched = space.map((s) => s.key);
  const trialsJson = {
    model: ctx.model,
    data: data.about,
    metric: ctx.metric,
    ...(ctx.metric === 'tpr-at-fpr' ? { fpr: ctx.fpr } : {}),
    folds: ctx.folds,
    seed: ctx.seed,
    eta: ctx.eta,
    resource: resource.what,
    resources: result.resources,
    budget: ctx.budget,
    brackets: result.brackets,
    cut: result.cut ?? null,
    fixed: ctx.modelOptions,
    searched,
    trials: ranked.map((t, i) => ({
      rank: i + 1,
      id: t.id,
      params: t.candidate,
      rungs: t.rungs.map((r) => ({ resource: r.resource, score: r.score, std: r.std, seconds: round3(r.seconds) })),
    })),
  };
  const bestJson = {
    model: ctx.model,
    params: bestParams,
    tuned: {
      metric: ctx.metric,
      score: bestRung.score,
      std: bestRung.std,
      folds: ctx.folds,
      seed: ctx.seed,
      trial: best.id,
    },
  };
  writeFilesAtomic(
    [
      { path: ctx.best, contents: `${JSON.stringify(bestJson, null, 2)}\n` },
      { path: ctx.trials, contents: `${JSON.stringify(trialsJson, null, 2)}\n` },
    ],
    { force: ctx.force },
  );

  reporter.result(trialTable(ranked, searched, label, resource.integer));
  if (result.cut)
    reporter.warn(
      `the time budget ran out in rung ${result.cut.rung + 1}: ${result.cut.ran} of its ${result.cut.planned} trials ran; the best is the best of the highest rung reached`,
    );
  reporter.info(
    `${result.brackets.join(' + ')} candidates, ${done} trials, rungs of ${result.resources.map((r) => formatResource(r, resource.integer)).join(', ')} ${resource.what}${seconds !== undefined ? `; to repeat exactly: --budget ${result.brackets.join(',')}` : ''}`,
  );
  reporter.result(
    `best: trial ${best.id}, ${label} ${bestRung.score.toFixed(5)} ± ${bestRung.std.toFixed(5)} at ${formatResource(bestRung.resource, resource.integer)} ${resource.what}; parameters in ${ctx.best} (persodata train --params ${ctx.best}), trials in ${ctx.trials}`,
  );
  reporter.info(`done in ${elapsed().toFixed(2)} s`);
  return result;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function formatResource(r: number, integer: boolean): string {
  return integer ? String(r) : r.toFixed(3);
}

/** The ranked trials as a fixed-width table: rank, trial, resource reached, score ± sd, the searched values. */
function trialTable(
  ranked: readonly Trial<Candidate>[],
  searched: readonly string[],
  label: string,
  integer: boolean,
): string {
  const rows = ranked.map((t, i) => {
    const r = t.rungs[t.rungs.length - 1];
    return [
      String(i + 1),
      String(t.id),
      formatResource(r.resource, integer),
      `${r.score.toFixed(5)} ± ${r.std.toFixed(5)}`,
      ...searched.map((k) => String(t.candidate[k])),
    ];
  });
  const head = ['rank', 'trial', 'resource', label, ...searched];
  return textTable(head, rows);
}

async function featureData(ctx: TuneContext, reporter: Reporter): Promise<TuneData> {
  const dataset = await openDataset(ctx.data, { ...ctx.csv, sets: ['train'], cache: ctx.cache });
  const train = dataset.splits.train!;
  if (!train.y)
    throw new InputError(`${train.file}: tune needs labels, and there is no .solution file (or label column) for it`);
  reporter.info(`read ${train.X.nRows} rows x ${train.X.nCols} features from ${train.file}`);
  const audit = dataset.format === 'automl' ? readDatasetAudit(dataset.location) : undefined;
  reportShortcut(audit, reporter, train.file);
  return {
    y: train.y,
    prepare: takeFoldRows(train.X),
    about: `${train.file} (${train.X.nRows} rows x ${train.X.nCols} features)`,
  };
}

async function pictureData(ctx: TuneContext, p: PipelinePictureFlags, reporter: Reporter): Promise<TuneData> {
  const { train } = labelledPictureSets(p, reporter, 'tune');
  await warnAboutTrainingFiles(ctx, [train], reporter, p.reencodeJpeg);
  const groups =
    ctx.groups === 'folder'
      ? groupsFromFolders(train.names, p.labels === undefined)
      : ctx.groups && groupsFromCsv(ctx.groups.file, train.names, p.nameColumn, ctx.groups.column);
  const bar = reporter.progress('tune: pictures');
  const folds = await pictureFolds({
    set: train,
    spec: specOf(p),
    pca: pcaSettingsOf(p),
    seed: ctx.seed,
    skipBad: p.skipBad,
    threads: ctx.threads,
    cache: p.featureCache,
    onNote: (m) => reporter.info(m),
    augment: p.augment && augmentVariants(p.augment, p.augmentCopies),
    groups,
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
    onProgress: (stage, done, total, unit) => bar.update(done, total, stage, unit),
  });
  bar.done();
  for (const s of folds.skipped) reporter.warn(`skipped ${s.name}: ${s.message}`);
  return {
    y: folds.y,
    prepare: folds.prepare,
    groups: folds.groups,
    about: `${p.images} (${folds.y.length} pictures, ${p.kinds.join(',')}, the featurizer fitted in every fold)`,
  };
}
