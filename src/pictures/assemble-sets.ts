// The picture sets of a run (pca, features, cv and train on pictures), from
// what the user points at: image folders (labels from a CSV or class
// folders) or a raw-pixel AutoML dataset (labels from its .solution files).
// The featurizer loads and fits them; commands only turn flags into
// PictureSources.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { labelsFromFolders, labelsFromMap, readLabelCsv } from './image-labels.js';
import { listImages, undecodableList } from './list-images.js';
import { checkPixelNames, firstLineValueCount, pictureSide } from '../images/pixel-rows.js';
import { availableSets, locateDataset, registerDatasetFiles, setPath, type SetName } from '../io/automl.js';
import { readLabels } from '../io/labels.js';
import { InputError, UsageError } from '../util/errors.js';
import { imageFolderSet, pixelRowsSet, type PictureSet } from './picture-sets.js';

/** Where the pictures and their labels are. */
export interface PictureSources {
  readonly images?: string;
  readonly validImages?: string;
  readonly testImages?: string;
  /** A labels CSV and its columns. */
  readonly labels?: string;
  readonly nameColumn: string;
  readonly labelColumn: string;
  /** Class-1 folders, or class-1 label values of the CSV. */
  readonly positive?: readonly string[];
  /** Class-0 label values of the CSV. */
  readonly negative?: readonly string[];
  /** Pictures larger than this (by their header) fail to load. */
  readonly maxPixels?: number;
  /** Every picture is encoded as JPEG at this quality before its features are computed. */
  readonly reencodeJpeg?: number;
}

export interface Notes {
  info(text: string): void;
  warn(text: string): void;
}

/**
 * The image folders' picture sets, labelled from the CSV or the class folders
 * (real/ and fake/, or --positive): pictures beside the class folders of the
 * training folder make an unlabelled test set. Notes and warnings go to `notes`.
 */
export function imageFolderSets(ctx: PictureSources, notes: Notes): PictureSet[] {
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
    const { images, undecodable, others, hidden, warnings } = listImages(dir);
    for (const w of warnings) notes.warn(`${dir}: ${w}`);
    if (undecodable.length > 0) notes.warn(`${dir}: ${undecodableList(undecodable)} left out`);
    if (others.length > 0)
      notes.info(`${dir}: ${others.length} file(s) that are not pictures left out, e.g. ${others[0]}`);
    if (hidden.length > 0)
      notes.info(`${dir}: ${hidden.length} hidden file(s) or folder(s) left out, e.g. ${hidden[0]}`);
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
        notes.info(`${dir}: ${rest.length} picture(s) outside real/ and fake/ make the test set (no labels)`);
        sets.push(
          imageFolderSet(
            'train',
            dir,
            keep.map((f) => f.name),
            keep.map((f) => f.path),
            Uint8Array.from(folderLabels.filter((v) => v >= 0)),
            ctx.maxPixels,
            ctx.reencodeJpeg,
          ),
        );
        sets.push(
          imageFolderSet(
            'test',
            dir,
            rest.map((f) => f.name),
            rest.map((f) => f.path),
            undefined,
            ctx.maxPixels,
            ctx.reencodeJpeg,
          ),
        );
        continue;
      } else if (setName === 'train') {
        notes.info(
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
        ctx.reencodeJpeg,
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
export function pixelRowSets(dir: string): { sets: PictureSet[]; side: number } {
  const location = locateDataset(dir);
  registerDatasetFiles(location);
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
