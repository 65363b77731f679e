// `persodata pca`: flags -> PcaContext -> pictures (image folders or a
// raw-pixel AutoML dataset) -> PCA fitted on train (or a saved one) ->
// an AutoML feature dataset the other commands read, plus .ids files.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { availableSets, locateDataset, setPath, type SetName } from '../../io/automl.js';
import { refuseExisting } from '../../io/atomic-write.js';
import { readLabels } from '../../io/labels.js';
import { datasetFilePaths, staleDatasetFiles, writeFeatureDataset } from '../../io/write-automl.js';
import { labelsFromFolders, labelsFromMap, readLabelCsv } from '../../images/image-labels.js';
import { DEFAULT_MAX_PIXELS } from '../../images/limits.js';
import { listImages } from '../../images/list-images.js';
import { checkPixelNames, firstLineValueCount, pictureSide } from '../../images/pixel-rows.js';
import { encodePcaModel, explainedVarianceRatio, loadPcaModel } from '../../pca/pca-model.js';
import { MAX_SIZE, runPca, type PcaRunResult } from '../../pca/pca-pipeline.js';
import { imageFolderSet, pixelRowsSet, type PictureSet } from '../../pca/picture-sets.js';
import { InputError, OutputExistsError, UsageError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import { datasetName, integer, intAtLeast, intInRange, threads } from '../parsers.js';
import { createReporter, type Reporter } from '../reporter.js';

export interface PcaContext {
  readonly images?: string;
  readonly validImages?: string;
  readonly testImages?: string;
  readonly data?: string;
  readonly labels?: string;
  readonly nameColumn: string;
  readonly labelColumn: string;
  readonly positive?: readonly string[];
  readonly negative?: readonly string[];
  readonly maxPixels?: number;
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
    .option(
      '--data <dir>',
      'instead of image folders: a raw-pixel AutoML dataset (rows of pixel_ROW_COL_CHANNEL values 0..255)',
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
    .option('--model <pca.json>', 'project with this saved PCA instead of fitting one')
    .option(
      '--max-pixels <n>',
      'refuse pictures larger than this, by their header, before decoding (decompression bombs)',
      intAtLeast(1),
      DEFAULT_MAX_PIXELS,
    )
    .option('--skip-bad', 'leave out files that are not readable images (listed) instead of stopping')
    .option('--seed <n>', 'random seed (range finder, --fit-rows sample)', integer, 0)
    .option('--threads <n>', "worker threads (default: the machine's cores)", threads)
    .option('--force', 'overwrite existing output files')
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
      threads: o.threads ?? availableParallelism(),
      force: o.force === true,
      quiet: o.quiet === true,
    });
  });
}

/** Image folders given by the flags, with labels from the CSV or class folders. */
function imageSets(ctx: PcaContext, reporter: Reporter): PictureSet[] {
  const folders: Array<[SetName, string | undefined]> = [
    ['train', ctx.images],
    ['valid', ctx.validImages],
    ['test', ctx.testImages],
  ];
  const csvLabels = ctx.labels
    ? readLabelCsv(ctx.labels, {
        nameColumn: ctx.nameColumn,
        labelColumn: ctx.labelColumn,
        positive: ctx.positive,
        negative: ctx.negative,
      })
    : undefined;
  const sets: PictureSet[] = [];
  const used = new Set<string>();
  for (const [setName, dir] of folders) {
    if (!dir) continue;
    const { images, others, warnings } = listImages(dir);
    for (const w of warnings) reporter.warn(`${dir}: ${w}`);
    if (others.length > 0)
      reporter.info(`${dir}: ${others.length} file(s) without an image extension left out, e.g. ${others[0]}`);
    const names = images.map((f) => f.name);
    let labels: Uint8Array | undefined;
    if (csvLabels) {
      const labelled = names.filter((n) => csvLabels.has(n));
      if (setName === 'train' || labelled.length > 0)
        labels = labelsFromMap(names, csvLabels, basename(ctx.labels!), dir);
      for (const n of labelled) used.add(n);
    } else {
      const folderLabels = labelsFromFolders(names, ctx.positive);
      const unlabelled = folderLabels ? names.filter((_, i) => folderLabels[i] < 0) : [];
      if (folderLabels && unlabelled.length === 0) labels = Uint8Array.from(folderLabels);
      else if (folderLabels && setName === 'train') {
        // real/ and fake/ are the training set; pictures outside them make the test set
        if (ctx.testImages)
          throw new UsageError(
            `${dir}: ${unlabelled.length} picture(s) outside real/ and fake/ (e.g. ${unlabelled[0]}) would make a test set, but --test-images gives one`,
          );
        const keep = images.filter((_, i) => folderLabels[i] >= 0);
        const rest = images.filter((_, i) => folderLabels[i] < 0);
        reporter.info(`${dir}: ${rest.length} picture(s) outside real/ and fake/ make the test set (no labels)`);
        sets.push(
          imageFolderSet(
            'train',
            dir,
            keep.map((f) => f.name),
            keep.map((f) => f.path),
            Uint8Array.from(folderLabels.filter((v) => v >= 0)),
          ),
        );
        sets.push(
          imageFolderSet(
            'test',
            dir,
            rest.map((f) => f.name),
            rest.map((f) => f.path),
          ),
        );
        continue;
      } else if (setName === 'train') {
        reporter.info(
          `${dir}: no labels (no --labels, and no real/ and fake/ class folders); the train set gets no .solution`,
        );
      }
    }
    sets.push(
      imageFolderSet(
        setName,
        dir,
        names,
        images.map((f) => f.path),
        labels,
        ctx.maxPixels,
      ),
    );
  }
  if (csvLabels) {
    const missing = [...csvLabels.keys()].filter((n) => !used.has(n));
    if (missing.length > 0)
      throw new InputError(
        `${basename(ctx.labels!)}: ${missing.length} labelled name(s) match no image file, e.g. ${missing.slice(0, 3).join(', ')}`,
      );
  }
  return sets;
}

/** The sets of a raw-pixel AutoML dataset, with labels from its .solution files. */
function pixelSets(dir: string): { sets: PictureSet[]; side: number } {
  const location = locateDataset(dir);
  const featPath = join(location.dir, `${location.name}_feat.name`);
  const sets: PictureSet[] = [];
  let side: number | undefined;
  if (existsSync(featPath)) {
    const names = readFileSync(featPath, 'utf8')
      .split(/\r?\n/)
      .filter((s) => s.trim() !== '');
    side = checkPixelNames(names, basename(featPath));
  }
  for (const setName of availableSets(location)) {
    const file = setPath(location, setName, 'data');
    side ??= pictureSide(firstLineValueCount(file), `${basename(file)} line 1`);
    const solution = setPath(location, setName, 'solution');
    sets.push(pixelRowsSet(setName, file, side, existsSync(solution) ? readLabels(solution) : undefined));
  }
  return { sets, side: side! };
}

export async function runPcaCommand(ctx: PcaContext): Promise<PcaRunResult> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.data && (ctx.images || ctx.validImages || ctx.testImages || ctx.labels))
    throw new UsageError(
      '--data reads a raw-pixel dataset; it does not mix with --images, --valid-images, --test-images or --labels',
    );
  if (!ctx.data && !ctx.images && !(ctx.model && (ctx.validImages || ctx.testImages)))
    throw new UsageError('give the pictures: --images DIR (and --valid-images, --test-images), or --data DIR');
  if (ctx.model && ctx.save) throw new UsageError('--save writes a fitted PCA; with --model nothing is fitted');
  if (ctx.model && ctx.fitRows !== undefined)
    throw new UsageError('--fit-rows applies to fitting; with --model nothing is fitted');
  if (ctx.save) refuseExisting(ctx.save, ctx.force);
  const model = ctx.model ? loadPcaModel(ctx.model) : undefined;
  const size = ctx.size ?? model?.size ?? 64;
  if (model && model.size !== size)
    throw new UsageError(`--size ${size}, but ${ctx.model} was fitted on ${model.size}x${model.size} pictures`);
  const sets = ctx.data ? pixelSets(ctx.data).sets : imageSets(ctx, reporter);
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
