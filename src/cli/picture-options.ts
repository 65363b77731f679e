// The flags `persodata pca` and `persodata features` share: where the
// pictures and their labels are, the kinds and the PCA's settings, and the
// output dataset; and preparePictureRun, the start both make before any
// work (its checks and audit are pictures/ and audit/'s).
import type { FeatureCacheSettings } from '../features/feature-cache.js';
import { cacheOf } from './cache-options.js';
import { Option, type Command } from 'commander';
import { auditPath, auditsTraining, auditTraining } from '../audit/training-set-audit.js';
import {
  checkKindParam,
  FULL_RESOLUTION_KINDS,
  parseKinds,
  type FullResolutionKind,
  type FullResolutionKindSpec,
} from '../features/feature-kinds.js';
import { refuseExisting } from '../io/atomic-write.js';
import { DATASET_FORMATS, type DatasetFormat } from '../io/write-automl.js';
import { DEFAULT_MAX_PIXELS } from '../images/limits.js';
import { imageFolderSets, pixelRowSets, type Notes, type PictureSources } from '../pictures/assemble-sets.js';
import { DEFAULT_SIZE, MAX_SIZE } from '../pca/pca-pipeline.js';
import { checkDatasetTargets } from '../pictures/dataset-targets.js';
import type { PictureSet } from '../pictures/picture-sets.js';
import { UsageError } from '../util/errors.js';
import { datasetName, intAtLeast, intInRange } from './parsers.js';

/** A kind's parameter flag (--spectrum-bins, --grid): an integer within the kind's bounds, even where it must be. */
export function kindParamParser(kind: FullResolutionKind): (raw: string) => number {
  const k = FULL_RESOLUTION_KINDS[kind];
  return (raw) => {
    const value = intInRange(k.min, k.max)(raw);
    checkKindParam(kind, value, k.flag);
    return value;
  };
}

/**
 * --kinds and each full-resolution kind's parameter flag, from the kinds
 * table. `help` words them for the command; with `withDefaults` commander
 * fills the defaults in (else the command does, where it knows the kinds).
 */
export function addKindOptions(
  cmd: Command,
  help: { kinds: string; param: (k: FullResolutionKindSpec) => string },
  withDefaults: boolean,
): Command {
  cmd.option('--kinds <list>', help.kinds, parseKinds);
  for (const kind of Object.keys(FULL_RESOLUTION_KINDS) as FullResolutionKind[]) {
    const k = FULL_RESOLUTION_KINDS[kind];
    const option = new Option(`${k.flag} <${k.valueName}>`, help.param(k)).argParser(kindParamParser(kind));
    cmd.addOption(withDefaults ? option.default(k.default) : option);
  }
  return cmd;
}

export const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** --images ... --negative: the pictures and their labels. */
export function addPictureOptions(cmd: Command, other: { valid: string; test: string }): Command {
  return cmd
    .option(
      '--images <dir>',
      'training pictures: a folder of JPEG/PNG/WebP files, read recursively; names are paths relative to it',
    )
    .option('--valid-images <dir>', `valid pictures, ${other.valid}`)
    .option('--test-images <dir>', `test pictures, ${other.test}`)
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
    .option(
      '--reencode-jpeg <q>',
      'encode every picture, of every class and set, as JPEG at quality q (4:2:0) before its features, so that a model cannot learn how the files were saved (kept in --save)',
      intInRange(1, 100),
    );
}

/** --out, --name and --format: the dataset written. */
export function addDatasetOutputOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--out <dir>', 'folder for the feature dataset')
    .option('--name <name>', 'the dataset name: files are NAME_train.data, ...', datasetName, 'perso')
    .addOption(
      new Option(
        '--format <format>',
        "automl: the challenge's text files (NAME_SET.data, .solution, .ids, NAME_feat.name); parquet: one NAME_SET.parquet a set (id, the features, label), for Spark, Dask, DuckDB or pandas",
      )
        .choices(DATASET_FORMATS)
        .default('automl'),
    );
}

/** --size ... --power-iterations: the PCA's settings. */
export function addPcaOptions(cmd: Command, what: string): Command {
  return cmd
    .option(
      '--size <n>',
      `${what} resized to n x n x 3 (default ${DEFAULT_SIZE}, or the saved PCA's)`,
      intInRange(1, MAX_SIZE),
    )
    .option('--components <n>', 'principal components to keep', intAtLeast(1), 200)
    .option(
      '--fit-rows <n>',
      'fit on a seeded sample of n training pictures (default: all), then project all',
      intAtLeast(2),
    )
    .option('--oversamples <n>', 'randomized SVD: extra columns beyond --components', intAtLeast(0), 16)
    .option('--power-iterations <n>', 'randomized SVD: subspace iterations', intInRange(0, 20), 2);
}

/** --max-pixels and --skip-bad: pictures refused, and what happens to them. */
export function addBadPictureOptions(cmd: Command): Command {
  return cmd
    .option(
      '--max-pixels <n>',
      'refuse pictures larger than this, by their header, before decoding (decompression bombs)',
      intAtLeast(1),
      DEFAULT_MAX_PIXELS,
    )
    .option('--skip-bad', 'leave out files that are not readable images (listed) instead of stopping');
}

/** What `pca` and `features` both take: the pictures, the output, the PCA's settings, the run's. */
export interface PictureRunContext extends PictureSources {
  readonly data?: string;
  readonly out: string;
  readonly name: string;
  readonly format: DatasetFormat;
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
  readonly featureCache?: FeatureCacheSettings;
}

/** The shared flags as commander parsed them. */
export function pictureRunContextOf(o: Record<string, unknown>): PictureRunContext {
  return {
    ...pictureSourcesOf(o),
    out: o.out as string,
    name: o.name as string,
    format: o.format as DatasetFormat,
    size: o.size as number | undefined,
    components: o.components as number,
    fitRows: o.fitRows as number | undefined,
    oversamples: o.oversamples as number,
    powerIterations: o.powerIterations as number,
    save: o.save as string | undefined,
    model: o.model as string | undefined,
    skipBad: o.skipBad === true,
    seed: o.seed as number,
    threads: o.threads as number,
    force: o.force === true,
    quiet: o.quiet === true,
    ...cacheOf(o),
  };
}

/** Fails before the work: no pictures named, or a --save file that exists (without --force). */
export function checkPictureRun(ctx: PictureRunContext): void {
  if (!ctx.data && !ctx.images && !(ctx.model && (ctx.validImages || ctx.testImages)))
    throw new UsageError('give the pictures: --images DIR (and --valid-images, --test-images), or --data DIR');
  if (ctx.save) refuseExisting(ctx.save, ctx.force);
}

/** The picture flags as parsed by commander. */
export function pictureSourcesOf(o: Record<string, unknown>): PictureSources & { data?: string } {
  return {
    images: o.images as string | undefined,
    validImages: o.validImages as string | undefined,
    testImages: o.testImages as string | undefined,
    data: o.data as string | undefined,
    labels: o.labels as string | undefined,
    nameColumn: o.nameColumn as string,
    labelColumn: o.labelColumn as string,
    positive: o.positive as string[] | undefined,
    negative: o.negative as string[] | undefined,
    maxPixels: o.maxPixels as number | undefined,
    reencodeJpeg: o.reencodeJpeg as number | undefined,
  };
}

/** The picture sets the flags name: a raw-pixel dataset, or image folders. */
export function pictureSetsOf(ctx: PictureSources & { data?: string }, notes: Notes): PictureSet[] {
  if (ctx.data && ctx.reencodeJpeg !== undefined)
    throw new UsageError('--reencode-jpeg applies to picture files; --data rows of pixels have no encoding to replace');
  return ctx.data ? pixelRowSets(ctx.data).sets : imageFolderSets(ctx, notes);
}

/** The JPEG quality a run re-encodes at: the saved model's, which a different --reencode-jpeg may not contradict. */
export function reencodeQuality(
  asked: number | undefined,
  saved: number | undefined,
  model?: string,
): number | undefined {
  if (model === undefined) return asked;
  if (asked !== undefined && asked !== saved)
    throw new UsageError(
      `--reencode-jpeg ${asked}, but ${model} was made ${saved === undefined ? 'without re-encoding' : `with --reencode-jpeg ${saved}`}; its pictures must be treated alike`,
    );
  return saved;
}

/**
 * The start of every run that turns pictures into a dataset (pca,
 * features), before the work: the flags checked, the --size and
 * --reencode-jpeg of a saved PCA or featurizer (`saved`) not contradicted,
 * the sets listed, every output refused or declared, and the training
 * pictures audited (the audit's file is written with the dataset).
 */
export async function preparePictureRun(
  ctx: PictureRunContext,
  saved: { readonly size?: number; readonly reencodeJpeg?: number } | undefined,
  notes: Notes,
): Promise<{
  sets: PictureSet[];
  reencodeJpeg: number | undefined;
  audit: { path: string; contents: string } | undefined;
}> {
  checkPictureRun(ctx);
  if (saved?.size !== undefined && ctx.size !== undefined && ctx.size !== saved.size)
    throw new UsageError(`--size ${ctx.size}, but ${ctx.model} was fitted on ${saved.size}x${saved.size} pictures`);
  const reencodeJpeg = reencodeQuality(ctx.reencodeJpeg, saved?.reencodeJpeg, ctx.model);
  const sets = pictureSetsOf({ ...ctx, reencodeJpeg }, notes);
  checkDatasetTargets(ctx, sets, notes, auditsTraining(sets) ? [auditPath(ctx)] : []);
  const audit = await auditTraining(ctx, sets, notes, reencodeJpeg);
  return { sets, reencodeJpeg, audit };
}
