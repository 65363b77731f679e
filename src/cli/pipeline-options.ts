// The picture flags of `cv --images` and `train --images`: labelled training
// pictures and the featurizer to fit on them (the kinds and settings of
// `features`), where the command would otherwise read a --data feature
// folder. --label-column is the data options' own flag, read for the
// labels CSV too.
import { Option, type Command } from 'commander';
import {
  DEFAULT_KINDS,
  kindParamsOf,
  specWith,
  type FeatureKind,
  type FullResolutionSpec,
  type KindParam,
} from '../features/feature-kinds.js';
import type { PcaSettings } from '../features/featurizer.js';
import { DEFAULT_MAX_PIXELS } from '../images/limits.js';
import { parseProcessing, PROCESSING_SYNTAX, type Processing } from '../images/processing.js';
import { imageFolderSets, type Notes, type PictureSources } from '../pictures/assemble-sets.js';
import { DEFAULT_SIZE, MAX_SIZE } from '../pca/pca-pipeline.js';
import type { PictureSet } from '../pictures/picture-sets.js';
import { InputError, UsageError } from '../util/errors.js';
import { addCacheOptions, cacheOf } from './cache-options.js';
import type { FeatureCacheSettings } from '../features/feature-cache.js';
import { intAtLeast, intInRange } from './parsers.js';
import { addKindOptions, list, pictureSourcesOf } from './picture-options.js';

/** Where the pictures and their labels are (validImages: train only), and the featurizer to fit. */
export interface PipelinePictureFlags extends PictureSources {
  readonly images: string;
  readonly maxPixels: number;
  readonly kinds: FeatureKind[];
  /** The kinds' parameters, by the kinds table's keys. */
  readonly kindParams: Partial<Record<KindParam, number>>;
  readonly size: number;
  readonly components: number;
  readonly skipBad: boolean;
  /** Train-time augmentation: each training picture also as `augmentCopies` processed copies. */
  readonly augment?: Processing;
  readonly augmentCopies: number;
  readonly featureCache?: FeatureCacheSettings;
}

/** `what`: what the command does with the pictures, for --images' help. */
export function addPipelinePictureOptions(cmd: Command, what: string): Command {
  cmd
    .addOption(new Option('--images <dir>', what).conflicts('data'))
    .option('--labels <csv>', '--images: labels CSV (default: class folders real/ and fake/)')
    .option('--name-column <name>', '--images with --labels: the CSV column of image names', 'name')
    .option('--positive <names>', '--images: class-1 (real) folder names or label values', list)
    .option('--negative <values>', '--images: class-0 (fake) label values', list);
  addKindOptions(
    cmd,
    {
      kinds: `--images: feature kinds, as features (default ${DEFAULT_KINDS.join(',')})`,
      param: () => '--images: as features',
    },
    true,
  );
  cmd
    .option('--size <n>', '--images, pca: pictures resized to n x n x 3', intInRange(1, MAX_SIZE), DEFAULT_SIZE)
    .option('--components <n>', '--images, pca: components kept', intAtLeast(1), 200)
    .option('--reencode-jpeg <q>', '--images: encode every picture as JPEG at quality q first', intInRange(1, 100))
    .option(
      '--max-pixels <n>',
      '--images: refuse pictures larger than this, by their header',
      intAtLeast(1),
      DEFAULT_MAX_PIXELS,
    )
    .option('--skip-bad', '--images: leave out unreadable pictures (listed) instead of stopping');
  return addCacheOptions(addAugmentOptions(cmd, '--images: '));
}

/** --augment and --augment-copies; `prefix` says where they apply. */
export function addAugmentOptions(cmd: Command, prefix: string): Command {
  return cmd
    .option(
      '--augment <steps>',
      `${prefix}each training picture also enters as processed copies (random per copy, seeded): ${PROCESSING_SYNTAX}; vip is the VIP Cup's crop, resize to 200x200 and JPEG 65-100`,
      (raw: string) => parseProcessing(raw, '--augment'),
    )
    .option(
      '--augment-copies <k>',
      `${prefix}--augment: processed copies of each training picture`,
      intInRange(1, 64),
      1,
    );
}

/** The parsed --augment flags. */
export function augmentOf(o: Record<string, unknown>): { augment?: Processing; augmentCopies: number } {
  if (o.augment === undefined && o.augmentCopies !== undefined && o.augmentCopies !== 1)
    throw new UsageError('--augment-copies applies to --augment, which is not given');
  return { augment: o.augment as Processing | undefined, augmentCopies: (o.augmentCopies as number | undefined) ?? 1 };
}

/** The flags as commander parsed them; undefined without --images. */
export function pipelinePictureFlags(o: Record<string, unknown>): PipelinePictureFlags | undefined {
  if (o.images === undefined) return undefined;
  return {
    ...pictureSourcesOf(o),
    images: o.images as string,
    maxPixels: o.maxPixels as number,
    kinds: (o.kinds as FeatureKind[] | undefined) ?? [...DEFAULT_KINDS],
    kindParams: kindParamsOf(o),
    size: o.size as number,
    components: o.components as number,
    skipBad: o.skipBad === true,
    ...augmentOf(o),
    ...cacheOf(o),
  };
}

export const specOf = (p: PipelinePictureFlags): FullResolutionSpec => specWith(p.kinds, p.kindParams);

export const pcaSettingsOf = (p: PipelinePictureFlags): PcaSettings => ({ size: p.size, components: p.components });

/** The labelled training pictures of --images, and those of --valid-images when given. */
export function labelledPictureSets(
  p: PipelinePictureFlags,
  notes: Notes,
  command: string,
): { train: PictureSet; valid?: PictureSet } {
  const sets = imageFolderSets({ ...p }, notes);
  const train = sets.find((s) => s.setName === 'train');
  if (!train?.labels)
    throw new InputError(
      `${p.images}: ${command} needs labelled pictures (class folders real/ and fake/, or --labels)`,
    );
  const valid = sets.find((s) => s.setName === 'valid');
  if (p.validImages !== undefined && !valid?.labels)
    throw new InputError(
      `${p.validImages}: the valid pictures need labels to be scored (class folders real/ and fake/, or rows in --labels)`,
    );
  return { train, valid };
}
