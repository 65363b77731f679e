// `persodata cv --images DIR`: the picture flags of `features`, then
// cross-validation with the featurizer (PCA) fitted on the training folds
// only (pipeline/picture-cv.ts), reported beside the leaky protocol.
import { Option, type Command } from 'commander';
import { summarizeMetrics, metricLabel } from '../../cv/fold-metrics.js';
import type { CvResult } from '../../cv/cross-validate.js';
import {
  DEFAULT_GRID,
  DEFAULT_KINDS,
  DEFAULT_SPECTRUM_BINS,
  MAX_SPECTRUM_BINS,
  parseKinds,
  type FeatureKind,
} from '../../features/feature-kinds.js';
import { imageFolderSets } from '../../pca/assemble-sets.js';
import { MAX_SIZE } from '../../pca/pca-pipeline.js';
import { crossValidatePictures } from '../../pipeline/picture-cv.js';
import { createEstimator } from '../../models/registry.js';
import { InputError, UsageError } from '../../util/errors.js';
import { intAtLeast, intInRange } from '../parsers.js';
import { list, parseGrid } from '../picture-options.js';
import { createReporter } from '../reporter.js';
import type { CvContext } from './cv.js';

export interface PictureCvFlags {
  readonly images: string;
  readonly labels?: string;
  readonly nameColumn: string;
  readonly labelColumn: string;
  readonly positive?: string[];
  readonly negative?: string[];
  readonly kinds: FeatureKind[];
  readonly spectrumBins: number;
  readonly grid: number;
  readonly size: number;
  readonly components: number;
  readonly reencodeJpeg?: number;
  readonly skipBad: boolean;
}

export function addPictureCvOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--images <dir>',
        'cross-validate from pictures instead of --data: every fold fits the featurizer (PCA) on its training pictures only',
      ).conflicts('data'),
    )
    .option('--labels <csv>', '--images: labels CSV (default: class folders real/ and fake/)')
    .option('--name-column <name>', '--images with --labels: the CSV column of image names', 'name')
    .option('--positive <names>', '--images: class-1 (real) folder names or label values', list)
    .option('--negative <values>', '--images: class-0 (fake) label values', list)
    .option('--kinds <list>', `--images: feature kinds, as features (default ${DEFAULT_KINDS.join(',')})`, parseKinds)
    .option('--spectrum-bins <n>', '--images: as features', intInRange(1, MAX_SPECTRUM_BINS), DEFAULT_SPECTRUM_BINS)
    .option('--grid <P>', '--images: as features', parseGrid, DEFAULT_GRID)
    .option('--size <n>', '--images, pca: pictures resized to n x n x 3', intInRange(1, MAX_SIZE), 64)
    .option('--components <n>', '--images, pca: components kept', intAtLeast(1), 200)
    .option('--reencode-jpeg <q>', '--images: encode every picture as JPEG at quality q first', intInRange(1, 100))
    .option('--skip-bad', '--images: leave out unreadable pictures (listed) instead of stopping');
}

export function pictureCvFlags(o: Record<string, unknown>): PictureCvFlags {
  return {
    images: o.images as string,
    labels: o.labels as string | undefined,
    nameColumn: o.nameColumn as string,
    labelColumn: o.labelColumn as string,
    positive: o.positive as string[] | undefined,
    negative: o.negative as string[] | undefined,
    kinds: (o.kinds as FeatureKind[] | undefined) ?? [...DEFAULT_KINDS],
    spectrumBins: o.spectrumBins as number,
    grid: o.grid as number,
    size: o.size as number,
    components: o.components as number,
    reencodeJpeg: o.reencodeJpeg as number | undefined,
    skipBad: o.skipBad === true,
  };
}

const mean = (r: CvResult) => `${r.meanAuc.toFixed(5)} ± ${r.stdAuc.toFixed(5)}`;

export async function runPictureCv(ctx: CvContext, p: PictureCvFlags): Promise<CvResult> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.report) throw new UsageError('--report is not made for cv --images yet; run features, then cv --report');
  const train = imageFolderSets({ ...p }, reporter).find((s) => s.setName === 'train');
  if (!train?.labels) throw new InputError(`${p.images}: cv needs labelled pictures (class folders, or --labels)`);
  const extra = ctx.metrics.filter((m) => m !== 'auc');
  const bar = reporter.progress(`cv ${ctx.model}`);
  const result = await crossValidatePictures({
    set: train,
    spec: { kinds: p.kinds, spectrumBins: p.spectrumBins, grid: p.grid },
    pca: { size: p.size, components: p.components },
    makeEstimator: () => createEstimator(ctx.model, ctx.modelOptions, ctx.seed),
    nFolds: ctx.folds,
    seed: ctx.seed,
    skipBad: p.skipBad,
    threads: ctx.threads,
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
    onProgress: (label, f) => bar.update(f, label),
    onFold: (s) => {
      if (!ctx.json)
        reporter.result(`fold ${s.fold}  AUC ${s.auc.toFixed(5)}  (${s.nTrain} train, ${s.nTest} held out)`);
    },
  });
  bar.done();
  for (const s of result.skipped) reporter.warn(`skipped ${s.name}: ${s.message}`);
  const summaries = summarizeMetrics(result.inFold, extra, ctx.fpr);
  if (ctx.json) {
    reporter.result(
      JSON.stringify({
        model: ctx.model,
        pictures: result.pictures,
        kinds: p.kinds,
        folds: result.inFold.folds.map((f) => ({ fold: f.fold, auc: f.auc })),
        mean_auc: result.inFold.meanAuc,
        std_auc: result.inFold.stdAuc,
        ...(result.leaky ? { leaky_mean_auc: result.leaky.meanAuc, leaky_std_auc: result.leaky.stdAuc } : {}),
        ...Object.fromEntries(
          summaries.flatMap((s) => [
            [`mean_${s.metric}`, s.mean],
            [`std_${s.metric}`, s.std],
          ]),
        ),
      }),
    );
  } else {
    reporter.result(
      `mean AUC ${mean(result.inFold)} over ${ctx.folds} folds (${ctx.model}; ${result.pictures} pictures, ${p.kinds.join(',')}, featurizer fitted in every fold)`,
    );
    if (result.leaky)
      reporter.result(
        `leaky: mean AUC ${mean(result.leaky)} with the PCA fitted once on every picture, held-out ones included (what pca, then cv measures)`,
      );
    for (const s of summaries)
      reporter.result(`mean ${metricLabel(s.metric, ctx.fpr)} ${s.mean.toFixed(5)} ± ${s.std.toFixed(5)}`);
  }
  return result.inFold;
}
