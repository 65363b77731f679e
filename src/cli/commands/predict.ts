// `persodata predict`: flags -> PredictContext -> load a model, predict the
// valid/test sets (or a CSV), write submission files in the chosen format
// (submission-formats.ts) atomically, and optionally a Codalab zip.
import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { zipSync } from 'fflate';
import type { SetName } from '../../io/automl.js';
import { refuseExisting, writeFilesAtomic } from '../../io/atomic-write.js';
import { calibrated, thresholdShifted } from '../../calibration/postprocess.js';
import type { DenseMatrix } from '../../core/dense-matrix.js';
import { loadPipelineModel } from '../../pipeline/pipeline-model.js';
import { DEFAULT_MAX_PIXELS } from '../../images/limits.js';
import { checkPipelineColumns, PICTURE_NAMINGS, predictPictureFiles, type PictureNaming } from '../predict-pictures.js';
import { openDataset } from '../../io/open-dataset.js';
import { alignColumns, alignedMatrix } from '../../io/align-columns.js';
import {
  formatSubmission,
  SUBMISSION_FORMATS,
  submissionFileName,
  type PositiveClass,
  type SubmissionFormat,
  SUBMISSION_FORMAT_SPECS,
} from '../../io/submission-formats.js';
import { InputError, ModelFileError, UsageError } from '../../util/errors.js';
import { addDataOptions, dataFlags, type DataFlags } from '../common-options.js';
import { forceOption, intAtLeast, numberIn, setList, threadsOption } from '../parsers.js';
import { addCacheOptions, cacheOf } from '../cache-options.js';
import { createReporter } from '../reporter.js';

export interface PredictContext extends DataFlags {
  readonly model: string;
  /** Pictures to predict with a pipeline model: a folder, or a CSV listing them (rows kept in order). */
  readonly images?: string;
  readonly imagesList?: string;
  /** --images-list: the header's column of paths (default: path, filename, file or name). */
  readonly pathColumn?: string;
  readonly maxPixels: number;
  /** What names a picture's row: its path as listed, its file name, or that without the extension. */
  readonly names: PictureNaming;
  /** Folder for the files; may be absent when `zip` is given. */
  readonly out?: string;
  /** Sets to predict; undefined = whichever of valid and test exist. */
  readonly sets?: readonly SetName[];
  readonly format: SubmissionFormat;
  readonly positive: PositiveClass;
  readonly clip: number;
  readonly zip?: string;
  readonly force: boolean;
  readonly quiet: boolean;
  readonly threads: number;
}

export type PredictAction = (ctx: PredictContext) => Promise<unknown>;

export function predictCommand(action: PredictAction = runPredict): Command {
  const cmd = new Command('predict')
    .description(
      "write submission files for the valid and test sets (or, with a model from train --images, for pictures): Codalab .predict files (one probability of class 1 per line) or a sister challenge's CSV",
    )
    .requiredOption('--model <model.json>', 'a model file written by `persodata train`')
    .option(
      '--out <path>',
      'folder for the files (NAME_SET.predict, or NAME_SET.csv for the CSV formats); with --images or --images-list, the one file to write',
    )
    .addOption(
      new Option(
        '--images <dir>',
        'predict these pictures (read recursively, rows sorted by path) with a model from train --images',
      ).conflicts(['data', 'sets', 'zip']),
    )
    .addOption(
      new Option(
        '--images-list <csv>',
        "predict the pictures this CSV lists (one path a row, relative to the CSV's folder: under a header column, see --path-column, or header-less), rows in its order, with a model from train --images",
      ).conflicts(['data', 'sets', 'zip', 'images']),
    )
    .option(
      '--path-column <name>',
      "--images-list: the header column holding the paths, written back as the answer's name column (default: the first of path, filename, file, name)",
    )
    .addOption(
      new Option(
        '--names <how>',
        'pictures: what names a row: path (as listed, or relative to --images), file (its file name), stem (without the extension)',
      )
        .choices(PICTURE_NAMINGS)
        .default('path'),
    )
    .option(
      '--max-pixels <n>',
      'pictures: refuse those larger than this, by their header',
      intAtLeast(1),
      DEFAULT_MAX_PIXELS,
    )
    .addOption(
      new Option(
        '--format <f>',
        'codalab: P(label 1) a line; name-pred: name,P(fake) sorted by name; id-p-real: id,P(real) clipped; img-name-y-pred: img_name,P(fake); logit: name,logit of P(fake)',
      )
        .choices(SUBMISSION_FORMATS)
        .default('codalab'),
    )
    .addOption(
      new Option('--positive <class>', 'what label 1 meant in training').choices(['real', 'fake']).default('real'),
    )
    .option('--clip <x>', 'id-p-real: clip probabilities to [x, 1 - x]', numberIn(0, 0.5, { maxOpen: true }), 0.025)
    .option(
      '--zip <file.zip>',
      'codalab: also pack the .predict files into this archive, at its root (--out may then be left out)',
    )
    .option('--sets <list>', 'sets to predict, e.g. valid,test (default: those of valid and test that exist)', setList)
    .addOption(forceOption('the prediction files and --zip'))
    .addOption(threadsOption())
    .exitOverride();
  addCacheOptions(cmd);
  addDataOptions(cmd);
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    // flags that would be ignored are refused: they do nothing for what was asked
    const given = (key: string) => self.getOptionValueSource(key) === 'cli';
    if (given('clip') && o.format !== 'id-p-real')
      throw new UsageError(`--clip applies to --format id-p-real; --format ${o.format} writes no clipped probability`);
    if (given('names') && o.images === undefined && o.imagesList === undefined)
      throw new UsageError(
        '--names says how picture rows are named (--images, --images-list); a feature folder names its rows by NAME_SET.ids',
      );
    await action({
      ...dataFlags(o),
      model: o.model,
      images: o.images,
      imagesList: o.imagesList,
      pathColumn: o.pathColumn,
      maxPixels: o.maxPixels,
      names: o.names,
      out: o.out,
      sets: o.sets,
      format: o.format,
      positive: o.positive,
      clip: o.clip,
      zip: o.zip,
      force: o.force === true,
      quiet: o.quiet === true,
      threads: o.threads,
      ...cacheOf(o),
    });
  });
}

/**
 * The last check before a file is written: every probability in [0, 1]. A
 * model whose values pass their own checks can still overflow (logistic
 * weights of 1e308 give NaN); such a file is damaged or hand-edited.
 */
function inUnitInterval(p: Float64Array, model: string): Float64Array {
  const i = p.findIndex((v) => !(v >= 0 && v <= 1));
  if (i >= 0)
    throw new ModelFileError(
      `${model}: row ${i + 1} gets the probability ${p[i]}, outside [0, 1]: the model's values are out of range (a damaged or hand-edited file); nothing written`,
    );
  return p;
}

/** Returns the paths written. */
export async function runPredict(ctx: PredictContext): Promise<string[]> {
  const reporter = createReporter(ctx.quiet);
  if (!ctx.out && !ctx.zip)
    throw new UsageError(
      'say where to write: --out DIR (--out FILE with --images or --images-list), or --zip FILE for a Codalab archive',
    );
  if (ctx.zip && ctx.format !== 'codalab')
    throw new UsageError(
      `--zip packs Codalab .predict files; --format ${ctx.format} writes CSV files, which --out takes`,
    );
  if (ctx.pathColumn !== undefined && ctx.imagesList === undefined)
    throw new UsageError('--path-column names a column of --images-list; there is no list to read it from');
  if (ctx.zip) refuseExisting(ctx.zip, ctx.force);
  const { model, features, postprocess, featurizer, trainingFiles } = loadPipelineModel(ctx.model);
  // calibrated P(label 1); the formats scored at a cut (name-pred, logit) get it moved to the stored threshold
  const thresholded = SUBMISSION_FORMAT_SPECS[ctx.format].metrics.some(
    (m) => m === 'accuracy' || m === 'balanced-accuracy',
  );
  const probabilities = async (X: DenseMatrix) => {
    const p = calibrated(postprocess, await model.predictProba(X, { threads: ctx.threads }));
    return inUnitInterval(thresholded ? thresholdShifted(postprocess, p) : p, basename(ctx.model));
  };
  if (featurizer && ctx.positive === 'fake')
    throw new UsageError(
      `${basename(ctx.model)} was fitted on pictures, where label 1 is always real (real/ folders, or --positive at training); --positive fake would turn every prediction round`,
    );
  if (ctx.images !== undefined || ctx.imagesList !== undefined) {
    if (!featurizer)
      throw new InputError(
        `${ctx.model} was fitted on ${features.length} feature columns, not on pictures: give it a feature folder (--data), or fit a model on pictures with train --images`,
      );
    return [await predictPictureFiles(ctx, featurizer, probabilities, trainingFiles)];
  }
  const dataset = await openDataset(ctx.data, {
    ...ctx.csv,
    sets: ctx.sets ?? { available: ['valid', 'test'] },
    cache: ctx.cache,
  });
  const csv = dataset.format === 'table';
  const splits = csv ? [dataset.splits.train!] : Object.values(dataset.splits);
  if (splits.length === 0)
    throw new InputError(
      `${ctx.data}: no valid or test set to predict (looked for ${dataset.location.name}_valid.data and _test.data)`,
    );
  // the model's columns by name: reordered when the data has them in another order, refused when it has others
  const alignment = featurizer
    ? (checkPipelineColumns(ctx.model, splits[0].file, dataset.featureNames, features), {})
    : alignColumns(
        { file: splits[0].file, names: dataset.featureNames, named: dataset.namedColumns === true },
        basename(ctx.model),
        features,
      );
  if (alignment.note) reporter.info(alignment.note);
  const files = [];
  for (const split of splits) {
    const name = csv
      ? ctx.format === 'codalab'
        ? `${dataset.location.name}.predict`
        : `${dataset.location.name}.csv`
      : submissionFileName(ctx.format, dataset.location.name, split.setName);
    const names = split.ids ?? Array.from({ length: split.X.nRows }, (_, i) => String(i + 1));
    const contents = formatSubmission(ctx.format, await probabilities(alignedMatrix(split.X, alignment)), names, {
      positive: ctx.positive,
      clip: ctx.clip,
    });
    files.push({ name, path: ctx.out ? join(ctx.out, name) : name, contents, rows: split.X.nRows });
  }
  const written: Array<{ path: string; contents: string | Uint8Array }> = ctx.out
    ? files.map((f) => ({ path: f.path, contents: f.contents }))
    : [];
  if (ctx.zip) {
    const entries = Object.fromEntries(files.map((f) => [basename(f.name), new TextEncoder().encode(f.contents)]));
    written.push({ path: ctx.zip, contents: zipSync(entries, { level: 6, mtime: new Date('2019-01-01T00:00:00Z') }) });
  }
  writeFilesAtomic(written, { force: ctx.force });
  if (ctx.out) for (const f of files) reporter.result(`wrote ${f.path} (${f.rows} rows)`);
  if (ctx.zip) reporter.result(`wrote ${ctx.zip} (${files.map((f) => f.name).join(', ')})`);
  return written.map((f) => f.path);
}
