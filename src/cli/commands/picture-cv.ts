// `persodata cv --images DIR`: the picture flags of `features`, then
// cross-validation with the featurizer (PCA) fitted on the training folds
// only (pipeline/picture-cv.ts), reported beside the leaky protocol.
import type { CvResult } from '../../cv/cross-validate.js';
import { refuseExisting } from '../../io/atomic-write.js';
import { createEstimator } from '../../models/registry.js';
import { crossValidatePictures } from '../../pipeline/picture-cv.js';
import { foldLine, writeCvOutput } from '../cv-output.js';
import { labelledPictureSets, pcaSettingsOf, specOf, type PipelinePictureFlags } from '../pipeline-options.js';
import { warnAboutTrainingFiles } from '../../audit/training-set-audit.js';
import { createReporter } from '../reporter.js';
import type { CvContext } from './cv.js';
import { FULL_RESOLUTION_KINDS, type FullResolutionKind } from '../../features/feature-kinds.js';
import { describeProcessing } from '../../images/processing.js';
import { groupsFromCsv, groupsFromFolders } from '../../pictures/picture-groups.js';
import { augmentVariants } from '../../pictures/processed-sets.js';
import { summarizeMetrics, metricLabel } from '../../cv/fold-metrics.js';

const mean = (r: CvResult) => `${r.meanAuc.toFixed(5)} ± ${r.stdAuc.toFixed(5)}`;

export async function runPictureCv(ctx: CvContext, p: PipelinePictureFlags): Promise<CvResult> {
  const reporter = createReporter(ctx.quiet);
  for (const out of [ctx.report, ctx.oof]) if (out) refuseExisting(out, ctx.force); // fail before the work, not after
  const { train } = labelledPictureSets(p, reporter, 'cv');
  // before any AUC: the classes' files may differ in how they were saved
  const audit = await warnAboutTrainingFiles(ctx, [train], reporter, p.reencodeJpeg);
  const groups =
    ctx.groups === 'folder'
      ? groupsFromFolders(train.names, p.labels === undefined)
      : ctx.groups && groupsFromCsv(ctx.groups.file, train.names, p.nameColumn, ctx.groups.column);
  const bar = reporter.progress(`cv ${ctx.model}`);
  const result = await crossValidatePictures({
    set: train,
    spec: specOf(p),
    pca: pcaSettingsOf(p),
    makeEstimator: () => createEstimator(ctx.model, ctx.modelOptions, ctx.seed),
    nFolds: ctx.folds,
    seed: ctx.seed,
    skipBad: p.skipBad,
    threads: ctx.threads,
    cache: p.featureCache,
    onNote: (m) => reporter.info(m),
    augment: p.augment && augmentVariants(p.augment, p.augmentCopies),
    testTransform: ctx.testTransform,
    groups,
    fitContext: { onWarning: (m) => reporter.warn(m), threads: ctx.threads },
    onProgress: (stage, done, total, unit) => bar.update(done, total, stage, unit),
    onFold: (s, held) => {
      const line = foldLine(ctx, s, held);
      if (line) reporter.result(line);
    },
  });
  bar.done();
  for (const s of result.skipped) reporter.warn(`skipped ${s.name}: ${s.message}`);
  const { leaky } = result;
  const spec = specOf(p);
  const settings = [
    p.kinds.join(','),
    ...(Object.keys(FULL_RESOLUTION_KINDS) as FullResolutionKind[])
      .filter((k) => p.kinds.includes(k))
      .map((k) => `${FULL_RESOLUTION_KINDS[k].flag} ${spec[FULL_RESOLUTION_KINDS[k].param]}`),
    ...(p.kinds.includes('pca') ? [`--size ${p.size}`, `--components ${p.components}`] : []),
    ...(p.reencodeJpeg !== undefined ? [`--reencode-jpeg ${p.reencodeJpeg}`] : []),
    ...(p.augment ? [`--augment ${describeProcessing(p.augment)} x ${p.augmentCopies}`] : []),
  ].join(' ');
  const processed = result.inFold.processed;
  const condition = ctx.testTransform && describeProcessing(ctx.testTransform);
  const processedSummaries = processed
    ? summarizeMetrics(
        processed,
        ctx.metrics.filter((m) => m !== 'auc'),
        ctx.fpr,
      )
    : [];
  const processedNotes = processed
    ? [
        `processed (${condition}): mean AUC ${mean(processed)} (clean: ${mean(result.inFold)}), the same fold models on the held-out pictures processed`,
        ...processedSummaries.map(
          (m) => `processed: mean ${metricLabel(m.metric, ctx.fpr)} ${m.mean.toFixed(5)} ± ${m.std.toFixed(5)}`,
        ),
      ]
    : [];
  const groupNote = groups ? [`folds keep each of ${new Set(groups).size} groups together`] : [];
  writeCvOutput(
    ctx,
    {
      result: result.inFold,
      jsonHead: { pictures: result.pictures, kinds: p.kinds },
      jsonTail: {
        ...(leaky ? { leaky_mean_auc: leaky.meanAuc, leaky_std_auc: leaky.stdAuc } : {}),
        ...(processed
          ? {
              test_transform: {
                steps: condition,
                folds: processed.folds.map((f) => f.auc),
                mean_auc: processed.meanAuc,
                std_auc: processed.stdAuc,
                ...Object.fromEntries(
                  processedSummaries.flatMap((m) => [
                    [`mean_${m.metric}`, m.mean],
                    [`std_${m.metric}`, m.std],
                  ]),
                ),
              },
            }
          : {}),
        ...(groups ? { groups: new Set(groups).size } : {}),
      },
      about: `${result.pictures} pictures, ${p.kinds.join(',')}, featurizer fitted in every fold`,
      notes: [
        ...processedNotes,
        ...groupNote,
        ...(leaky
          ? [
              `leaky: mean AUC ${mean(leaky)} with the PCA fitted once on every picture, held-out ones included (what pca, then cv measures)`,
            ]
          : []),
      ],
      rowIds: result.names,
      dataRows: [
        ['pictures', `${p.images} (${result.pictures} pictures${p.labels ? `, labels from ${p.labels}` : ''})`],
        ['features', `${settings}: ${result.columns.length} columns, the featurizer fitted on the training folds`],
        ...(processed
          ? ([
              ['--test-transform', `${condition}: mean AUC ${mean(processed)} on the held-out pictures processed`],
            ] as Array<[string, string]>)
          : []),
        ...(groups ? ([['groups', `${new Set(groups).size}, each kept in one fold`]] as Array<[string, string]>) : []),
        ...(leaky
          ? ([['leaky protocol', `mean AUC ${mean(leaky)} with the PCA fitted on every picture`]] as Array<
              [string, string]
            >)
          : []),
      ],
      featureNames: result.columns,
      audit: audit && { ...audit, reencodeJpeg: p.reencodeJpeg },
    },
    reporter,
  );
  return result.inFold;
}
