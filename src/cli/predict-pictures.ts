// `predict --model` with a pipeline model (train --images): pictures from a
// folder or a CSV list are featurized with the model's own featurizer and
// written as one submission file, rows in the list's order (a folder's are
// sorted by path); and the check that a feature folder given to such a
// model has the very columns its featurizer makes.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Featurizer } from '../features/featurizer-file.js';
import type { FeatureCacheSettings } from '../features/feature-cache.js';
import { encodingDifferences, profileOfFiles, type TrainingFiles } from '../audit/encoding-profile.js';
import { refuseExisting, writeFilesAtomic } from '../io/atomic-write.js';
import { formatSubmission, type PositiveClass, type SubmissionFormat } from '../io/submission-formats.js';
import { readImagesList } from '../pictures/images-list.js';
import { listImages, undecodableList } from '../pictures/list-images.js';
import { transformFiles } from '../features/featurizer.js';
import { InputError, UsageError } from '../util/errors.js';
import { startTimer } from '../util/timer.js';
import { createReporter } from './reporter.js';
import { firstRepeat } from '../util/repeats.js';

export const PICTURE_NAMINGS = ['path', 'file', 'stem'] as const;
export type PictureNaming = (typeof PICTURE_NAMINGS)[number];

/** What predicting pictures needs of predict's flags (predict's own context has all of it). */
export interface PicturePredictContext {
  readonly images?: string;
  readonly imagesList?: string;
  readonly pathColumn?: string;
  readonly names: PictureNaming;
  readonly out?: string;
  readonly format: SubmissionFormat;
  readonly positive: PositiveClass;
  readonly clip: number;
  readonly maxPixels: number;
  readonly force: boolean;
  readonly quiet: boolean;
  readonly threads: number;
  readonly featureCache?: FeatureCacheSettings;
}

function rowName(path: string, how: PictureNaming): string {
  if (how === 'path') return path;
  const file = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  return how === 'file' ? file : file.replace(/\.[^.]*$/, '');
}

/**
 * Two rows of one name make a submission its scorer refuses: `t/a/x.jpg` and
 * `t/b/x.png` are both `x` with --names stem, and a list may repeat a path.
 */
function refuseRepeatedNames(
  rowNames: readonly string[],
  where: (i: number) => string,
  origin: string,
  how: PictureNaming,
): void {
  const repeat = firstRepeat(rowNames);
  if (repeat)
    throw new InputError(
      `${origin}: ${where(repeat[0])} and ${where(repeat[1])} would both be the row "${rowNames[repeat[1]]}"` +
        (how === 'path' ? '; list each picture once' : ` (--names ${how}); --names path keeps them apart`),
    );
}

/** A feature folder given to a pipeline model must have its featurizer's columns, by name and in order. */
export function checkPipelineColumns(
  model: string,
  file: string,
  names: readonly string[],
  features: readonly string[],
): void {
  const at = features.findIndex((f, i) => names[i] !== f);
  if (at < 0 && names.length === features.length) return;
  const where =
    at < 0
      ? `it has ${names.length} columns, the model ${features.length}`
      : `column ${at + 1} is "${names[at] ?? '(none)'}" where the model has "${features[at]}"`;
  throw new InputError(
    `${file}: not the columns ${basename(model)} was fitted on (${where}). ${basename(model)} holds its featurizer (${features.length} columns: ${features[0]} ... ${features[features.length - 1]}): give it the pictures (--images DIR or --images-list CSV) rather than a feature folder`,
  );
}

/** Featurizes the pictures, predicts them and writes ctx.out; returns its path. */
export async function predictPictureFiles(
  ctx: PicturePredictContext,
  featurizer: Featurizer,
  probabilities: (X: DenseMatrix) => Promise<Float64Array>,
  trainingFiles?: TrainingFiles,
): Promise<string> {
  const reporter = createReporter(ctx.quiet);
  if (!ctx.out) throw new UsageError('say where to write: --out FILE (with pictures, --out is the file)');
  if (existsSync(ctx.out) && statSync(ctx.out).isDirectory())
    throw new UsageError(`--out ${ctx.out} is a folder; with --images or --images-list, --out names the file to write`);
  refuseExisting(ctx.out, ctx.force); // fail before the work, not after
  let names: string[];
  let paths: string[];
  let origin: string;
  let nameColumn: string | undefined;
  let where: (i: number) => string;
  if (ctx.imagesList !== undefined) {
    const list = readImagesList(ctx.imagesList, { column: ctx.pathColumn });
    ({ names, paths, column: nameColumn } = list);
    where = (i) => `line ${list.lines[i]} (${names[i]})`;
    origin = ctx.imagesList;
  } else {
    const listing = listImages(ctx.images!);
    // a submission holds every picture given: one that cannot be decoded stops the run, and whatever
    // else is left out is named
    if (listing.undecodable.length > 0)
      throw new InputError(
        `${ctx.images}: every picture must be scored, and ${undecodableList(listing.undecodable)}; or move them out`,
      );
    for (const w of listing.warnings) reporter.warn(`${ctx.images}: ${w}`);
    const named = (list: readonly string[]) => list.slice(0, 10).join(', ') + (list.length > 10 ? ', ...' : '');
    if (listing.others.length > 0)
      reporter.warn(
        `${ctx.images}: ${listing.others.length} file(s) that are not pictures (by their first bytes) left out: ${named(listing.others)}`,
      );
    if (listing.hidden.length > 0)
      reporter.warn(
        `${ctx.images}: ${listing.hidden.length} hidden file(s) or folder(s) left out: ${named(listing.hidden)}`,
      );
    names = listing.images.map((f) => f.name);
    where = (i) => names[i];
    paths = listing.images.map((f) => resolve(f.path));
    origin = ctx.images!;
  }
  // before the work: names a scorer would refuse
  const rowNames = names.map((n) => rowName(n, ctx.names));
  refuseRepeatedNames(rowNames, where, ctx.imagesList ?? ctx.images!, ctx.names);
  if (trainingFiles) {
    const scored = await profileOfFiles(paths);
    const differences = scored ? encodingDifferences(trainingFiles, scored, featurizer.reencodeJpeg !== undefined) : [];
    if (differences.length > 0)
      reporter.warn(
        `the ${paths.length} pictures to score were saved unlike the model's ${trainingFiles.real.pictures + trainingFiles.fake.pictures} training pictures: ${differences.join('; ')}. A model can score how a file was saved rather than what it shows: train on pictures saved like these, or with --reencode-jpeg Q`,
      );
  }
  const bar = reporter.progress('predict');
  const timer = startTimer();
  const X = await transformFiles(featurizer, paths, origin, {
    seed: 0,
    threads: ctx.threads,
    maxPixels: ctx.maxPixels,
    cache: ctx.featureCache,
    onProgress: (stage, done, total, unit) => bar.update(done, total, stage, unit),
    onWarning: (m) => reporter.warn(m),
    onNote: (m) => reporter.info(m),
  });
  const p = await probabilities(X);
  bar.done();
  // the list's own name column comes back as the answer's (a VIP Cup list's `filename`)
  const contents = formatSubmission(ctx.format, p, rowNames, { positive: ctx.positive, clip: ctx.clip, nameColumn });
  writeFilesAtomic([{ path: ctx.out, contents }], { force: ctx.force });
  reporter.result(
    `wrote ${ctx.out} (${names.length} rows, ${ctx.format}) from ${names.length} pictures in ${timer().toFixed(2)} s`,
  );
  return ctx.out;
}
