// `persodata features`: flags -> FeaturesContext -> pictures (image folders
// or a raw-pixel AutoML dataset) -> the kinds asked for, side by side
// (features/featurizer.ts) -> an AutoML feature dataset, .ids files
// and, with --save, the featurizer that --model applies to new pictures.
import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { writeFeatureDataset } from '../../io/write-automl.js';
import {
  DEFAULT_KINDS,
  FULL_RESOLUTION_KINDS,
  kindParamsOf,
  PCA_KIND_ABOUT,
  specWith,
  type FeatureKind,
  type KindParam,
} from '../../features/feature-kinds.js';
import { encodeFeaturizer, loadFeaturizer, withReencoding, type Featurizer } from '../../features/featurizer-file.js';
import { runFeatures, type FeaturizedSets } from '../../features/featurizer.js';
import { UsageError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import { forceOption, seedOption, threadsOption } from '../parsers.js';
import {
  addBadPictureOptions,
  addDatasetOutputOptions,
  addKindOptions,
  addPcaOptions,
  addPictureOptions,
  preparePictureRun,
  pictureRunContextOf,
  type PictureRunContext,
} from '../picture-options.js';
import { createReporter } from '../reporter.js';
import { addAugmentOptions, augmentOf } from '../pipeline-options.js';
import { addCacheOptions } from '../cache-options.js';
import type { Processing } from '../../images/processing.js';
import { augmentVariants, withProcessedCopies } from '../../pictures/processed-sets.js';
import { DEFAULT_SIZE } from '../../pca/pca-pipeline.js';

export interface FeaturesContext extends PictureRunContext {
  readonly kinds?: FeatureKind[];
  /** The kinds' parameters given (the others: the table's defaults). */
  readonly kindParams?: Partial<Record<KindParam, number>>;
  /** The train set's pictures also as processed copies (--augment). */
  readonly augment?: Processing;
  readonly augmentCopies?: number;
}

export type FeaturesAction = (ctx: FeaturesContext) => Promise<unknown>;

export function featuresCommand(action: FeaturesAction = runFeaturesCommand): Command {
  const cmd = new Command('features').description(
    'pictures -> features, written as an AutoML dataset (NAME_SET.data, .solution, .ids): spectrum and residual are computed at each picture\'s own size (no pixel is resampled; any size, sizes may mix); pca is the 64x64 recipe of "persodata pca"',
  );
  addPictureOptions(cmd, {
    valid: 'featurized likewise (and projected with the PCA fitted on --images)',
    test: 'likewise',
  });
  addDatasetOutputOptions(cmd);
  addKindOptions(
    cmd,
    {
      kinds: `comma-separated, in column order: ${Object.values(FULL_RESOLUTION_KINDS)
        .map((k) => k.about)
        .join(', ')}, ${PCA_KIND_ABOUT} (default: ${DEFAULT_KINDS.join(',')})`,
      param: (k) => `${k.help} (default ${k.default})`,
    },
    false,
  );
  addPcaOptions(cmd, 'pca: pictures are');
  cmd
    .option('--save <featurizer.json>', 'also write the featurizer (kinds, settings, fitted PCA), for --model later')
    .addOption(
      new Option(
        '--model <featurizer.json>',
        'apply this saved featurizer (from features --save, or a PCA from pca --save) instead of fitting',
      ).conflicts([
        'save',
        'fitRows',
        'kinds',
        ...Object.values(FULL_RESOLUTION_KINDS).map((k) => k.param),
        'components',
        'oversamples',
        'powerIterations',
      ]),
    );
  addAugmentOptions(cmd, 'train set: ');
  addCacheOptions(cmd);
  addBadPictureOptions(cmd)
    .addOption(seedOption('PCA range finder, --fit-rows sample'))
    .addOption(threadsOption())
    .addOption(forceOption('the output files'))
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    await action({ ...pictureRunContextOf(o), kinds: o.kinds, kindParams: kindParamsOf(o), ...augmentOf(o) });
  });
}

function describeKinds(f: Featurizer): string {
  return f.kinds
    .map((k) =>
      k === 'pca'
        ? `pca (${f.pca!.size}x${f.pca!.size}x3 -> ${f.pca!.nComponents})`
        : FULL_RESOLUTION_KINDS[k].describe(f),
    )
    .join(', ');
}

export async function runFeaturesCommand(ctx: FeaturesContext): Promise<FeaturizedSets> {
  const reporter = createReporter(ctx.quiet);
  const featurizer = ctx.model ? loadFeaturizer(ctx.model) : undefined;
  const kinds = featurizer?.kinds ?? ctx.kinds ?? [...DEFAULT_KINDS];
  if (ctx.size !== undefined && !kinds.includes('pca'))
    throw new UsageError(`--size applies to the pca kind, which --kinds ${kinds.join(',')} leaves out`);
  const prepared = await preparePictureRun(
    ctx,
    featurizer && { size: featurizer.pca?.size, reencodeJpeg: featurizer.reencodeJpeg },
    reporter,
  );
  const { reencodeJpeg, audit } = prepared;
  // --augment: the train set's pictures, then their processed copies (NAME#aug1..)
  const augment = ctx.augment;
  const sets = augment
    ? prepared.sets.map((s) =>
        s.setName === 'train' ? withProcessedCopies(s, augmentVariants(augment, ctx.augmentCopies ?? 1), ctx.seed) : s,
      )
    : prepared.sets;
  if (augment && !sets.some((s) => s.setName === 'train'))
    throw new UsageError('--augment adds copies of the training pictures: give them with --images');

  const bar = reporter.progress('features');
  const timer = startTimer();
  const result = await runFeatures({
    sets,
    spec: specWith(kinds, ctx.kindParams ?? {}),
    featurizer,
    pca: {
      size: ctx.size ?? DEFAULT_SIZE,
      components: ctx.components,
      fitRows: ctx.fitRows,
      oversamples: ctx.oversamples,
      powerIterations: ctx.powerIterations,
    },
    seed: ctx.seed,
    skipBad: ctx.skipBad,
    threads: ctx.threads,
    cache: ctx.featureCache,
    onProgress: (stage, done, total, unit) => bar.update(done, total, stage, unit),
    onWarning: (m) => reporter.warn(m),
    onNote: (m) => reporter.info(m),
  });
  bar.done();
  const seconds = timer();
  const described = describeKinds(result.featurizer);
  const written = await writeFeatureDataset(
    {
      dir: ctx.out,
      name: ctx.name,
      featureNames: result.columns,
      sets: result.sets.map((s) => ({ setName: s.setName, names: s.names, labels: s.labels, values: s.scores })),
      info: { usage: `persodata features: ${described}` },
    },
    {
      force: ctx.force,
      format: ctx.format,
      alsoWrite: [
        ...(ctx.save
          ? [{ path: ctx.save, contents: encodeFeaturizer(withReencoding(result.featurizer, reencodeJpeg)) }]
          : []),
        ...(audit ? [audit] : []),
      ],
    },
  );
  for (const s of result.skipped) reporter.warn(`skipped ${s.setName} ${s.name}: ${s.message}`);
  const rows = result.sets.map((s) => `${s.setName} ${s.names.length}`).join(', ');
  const pictures = result.sets.reduce((n, s) => n + s.names.length, 0);
  reporter.result(
    `features: ${rows} pictures -> ${result.columns.length} columns, ${described}, in ${seconds.toFixed(2)} s ` +
      `(${(pictures / seconds).toFixed(1)} pictures/s)` +
      (ctx.model ? `, with ${ctx.model}` : '') +
      `; written to ${join(ctx.out, `${ctx.name}_*`)}` +
      (ctx.save ? ` and ${ctx.save}` : ''),
  );
  reporter.info(`files: ${written.map((p) => basename(p)).join(', ')}`);
  return result;
}
