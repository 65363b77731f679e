// `persodata pca`: flags -> PcaContext -> pictures (image folders or a
// raw-pixel AutoML dataset) -> PCA fitted on train (or a saved one) ->
// an AutoML feature dataset the other commands read, plus .ids files.
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { refuseExisting } from '../../io/atomic-write.js';
import { datasetFilePaths, staleDatasetFiles, writeFeatureDataset } from '../../io/write-automl.js';
import { DEFAULT_MAX_PIXELS } from '../../images/limits.js';
import { encodePcaModel, explainedVarianceRatio, loadPcaModel } from '../../pca/pca-model.js';
import { MAX_SIZE, runPca, type PcaRunResult } from '../../pca/pca-pipeline.js';
import { imageFolderSets, pixelRowSets, type PictureSources } from '../../pca/assemble-sets.js';
import { OutputExistsError, UsageError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import { datasetName, forceOption, intAtLeast, intInRange, seedOption, threadsOption } from '../parsers.js';
import { createReporter } from '../reporter.js';

export interface PcaContext extends PictureSources {
  readonly data?: string;
  readonly out: string;
  readonly name: string;
  readonly size?: number;
  readonly components: number;
  readonly fitRows?: number;
  readonly oversamples: number;
  readonly powerIterations: number;
  readonly save?: string;
  readonly model?: string;
  readonly skipBad: boolean;
  readonly seed: number;
  readonly threads: number;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type PcaAction = (ctx: PcaContext) => Promise<unknown>;

const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function pcaCommand(action: PcaAction = runPcaCommand): Command {
  const cmd = new Command('pca')
    .description(
      'pictures -> size x size x 3 pixels -> principal components, written as an AutoML dataset (NAME_SET.data, .solution, .ids)',
    )
    .option(
      '--images <dir>',
      'training pictures: a folder of JPEG/PNG/WebP files, read recursively; names are paths relative to it',
    )
    .option('--valid-images <dir>', 'valid pictures, projected with the PCA fitted on --images')
    .option('--test-images <dir>', 'test pictures, projected likewise')
    .addOption(
      new Option(
        '--data <dir>',
        'instead of image folders: a raw-pixel AutoML dataset (rows of pixel_ROW_COL_CHANNEL values 0..255)',
      ).conflicts(['images', 'validImages', 'testImages', 'labels']),
    )
    .option(
      '--labels <csv>',
      'labels of the pictures: a CSV with a header, one row per image (default: class folders real/ and fake/, else none)',
    )
    .option('--name-column <name>', 'the CSV column of image names', 'name')
    .option('--label-column <name>', 'the CSV column of labels (0/1, or text with --positive)', 'label')
    .option('--positive <names>', 'class-1 (real) folder names, or label values, comma-separated', list)
    .option(
      '--negative <values>',
      'class-0 (fake) label values, comma-separated (default: the one value that is not --positive)',
      list,
    )
    .requiredOption('--out <dir>', 'folder for the feature dataset')
    .option('--name <name>', 'the dataset name: files are NAME_train.data, ...', datasetName, 'perso')
    .option('--size <n>', "pictures are resized to n x n x 3 (default 64, or the saved PCA's)", intInRange(1, MAX_SIZE))
    .option('--components <n>', 'principal components to keep', intAtLeast(1), 200)
    .option(
      '--fit-rows <n>',
      'fit on a seeded sample of n training pictures (default: all), then project all',
      intAtLeast(2),
    )
    .option('--oversamples <n>', 'randomized SVD: extra columns beyond --components', intAtLeast(0), 16)
    .option('--power-iterations <n>', 'randomized SVD: subspace iterations', intInRange(0, 20), 2)
    .option('--save <pca.json>', 'also write the fitted PCA, for --model later')
    .addOption(
      new Option('--model <pca.json>', 'project with this saved PCA instead of fitting one').conflicts([
        'save',
        'fitRows',
      ]),
    )
    .option(
      '--max-pixels <n>',
      'refuse pictures larger than this, by their header, before decoding (decompression bombs)',
      intAtLeast(1),
      DEFAULT_MAX_PIXELS,
    )
    .option('--skip-bad', 'leave out files that are not readable images (listed) instead of stopping')
    .addOption(seedOption('range finder, --fit-rows sample'))
    .addOption(threadsOption())
    .addOption(forceOption('the output files'))
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    await action({
      images: o.images,
      validImages: o.validImages,
      testImages: o.testImages,
      data: o.data,
      labels: o.labels,
      nameColumn: o.nameColumn,
      labelColumn: o.labelColumn,
      positive: o.positive,
      negative: o.negative,
      maxPixels: o.maxPixels,
      out: o.out,
      name: o.name,
      size: o.size,
      components: o.components,
      fitRows: o.fitRows,
      oversamples: o.oversamples,
      powerIterations: o.powerIterations,
      save: o.save,
      model: o.model,
      skipBad: o.skipBad === true,
      seed: o.seed,
      threads: o.threads,
      force: o.force === true,
      quiet: o.quiet === true,
    });
  });
}

export async function runPcaCommand(ctx: PcaContext): Promise<PcaRunResult> {
  const reporter = createReporter(ctx.quiet);
  if (!ctx.data && !ctx.images && !(ctx.model && (ctx.validImages || ctx.testImages)))
    throw new UsageError('give the pictures: --images DIR (and --valid-images, --test-images), or --data DIR');
  if (ctx.save) refuseExisting(ctx.save, ctx.force);
  const model = ctx.model ? loadPcaModel(ctx.model) : undefined;
  const size = ctx.size ?? model?.size ?? 64;
  if (model && model.size !== size)
    throw new UsageError(`--size ${size}, but ${ctx.model} was fitted on ${model.size}x${model.size} pictures`);
  const sets = ctx.data ? pixelRowSets(ctx.data).sets : imageFolderSets(ctx, reporter);
  // fail before the work, not after: every file this run would write
  const targets = datasetFilePaths({ dir: ctx.out, name: ctx.name, sets });
  for (const path of targets) refuseExisting(path, ctx.force);
  const stale = staleDatasetFiles(ctx.out, ctx.name, targets);
  if (stale.length > 0 && !ctx.force)
    throw new OutputExistsError(
      `${ctx.out} holds ${ctx.name}_* files this run would not rewrite (${stale.map((p) => basename(p)).join(', ')}); pass --force to replace the whole dataset`,
    );
  if (stale.length > 0)
    reporter.info(
      `replacing the earlier ${ctx.name}_* dataset in ${ctx.out}: ${stale.map((p) => basename(p)).join(', ')} will be removed`,
    );

  const bar = reporter.progress('pca');
  const timer = startTimer();
  const result = await runPca({
    sets,
    model,
    size,
    components: ctx.components,
    fitRows: ctx.fitRows,
    oversamples: ctx.oversamples,
    powerIterations: ctx.powerIterations,
    seed: ctx.seed,
    skipBad: ctx.skipBad,
    threads: ctx.threads,
    onProgress: (label, fraction) => bar.update(fraction, label),
    onWarning: (m) => reporter.warn(m),
  });
  bar.done();
  const seconds = timer();
  const k = result.model.nComponents;
  const written = writeFeatureDataset(
    {
      dir: ctx.out,
      name: ctx.name,
      featureNames: Array.from({ length: k }, (_, i) => `pc${i}`),
      sets: result.sets.map((s) => ({ setName: s.setName, names: s.names, labels: s.labels, values: s.scores })),
      info: { usage: `persodata pca: ${size}x${size}x3 pixels -> ${k} principal components` },
    },
    { force: ctx.force, alsoWrite: ctx.save ? [{ path: ctx.save, contents: encodePcaModel(result.model) }] : [] },
  );
  for (const s of result.skipped) reporter.warn(`skipped ${s.setName} ${s.name}: ${s.message}`);
  const ratio = explainedVarianceRatio(result.model);
  const total = ratio.reduce((a, b) => a + b, 0);
  const rows = result.sets.map((s) => `${s.setName} ${s.names.length}`).join(', ');
  reporter.result(
    `pca: ${rows} pictures at ${size}x${size}x3 -> ${k} components in ${seconds.toFixed(2)} s; ` +
      (model
        ? `projected with ${ctx.model}`
        : `fitted on ${result.model.nFitRows} rows, explained variance ${(100 * total).toFixed(2)}%`) +
      `; written to ${ctx.out}/${ctx.name}_*` +
      (ctx.save ? ` and ${ctx.save}` : ''),
  );
  if (!model) {
    const first = Array.from(ratio.slice(0, 5), (r) => (100 * r).toFixed(2) + '%').join(', ');
    reporter.info(`explained variance ratio of the first components: ${first}${k > 5 ? ', ...' : ''}`);
  }
  reporter.info(`files: ${written.map((p) => basename(p)).join(', ')}`);
  return result;
}
