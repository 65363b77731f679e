// `persodata pca`: flags -> PcaContext -> pictures (image folders or a
// raw-pixel AutoML dataset) -> `features --kinds pca` (the same pipeline:
// PCA fitted on train, or a saved one) -> an AutoML feature dataset the
// other commands read, plus .ids files; --save writes the PCA file.
import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { writeFeatureDataset } from '../../io/write-automl.js';
import { encodePcaModel, explainedVarianceRatio, loadPcaModel } from '../../pca/pca-model.js';
import { DEFAULT_SIZE, type PcaRunResult } from '../../pca/pca-pipeline.js';
import { specWith } from '../../features/feature-kinds.js';
import { runFeatures } from '../../features/featurizer.js';
import { startTimer } from '../../util/timer.js';
import { forceOption, seedOption, threadsOption } from '../parsers.js';
import { addCacheOptions } from '../cache-options.js';
import {
  addBadPictureOptions,
  addDatasetOutputOptions,
  addPcaOptions,
  addPictureOptions,
  preparePictureRun,
  pictureRunContextOf,
  type PictureRunContext,
} from '../picture-options.js';
import { createReporter } from '../reporter.js';

export type PcaContext = PictureRunContext;

export type PcaAction = (ctx: PcaContext) => Promise<unknown>;

export function pcaCommand(action: PcaAction = runPcaCommand): Command {
  const cmd = new Command('pca').description(
    'pictures -> size x size x 3 pixels -> principal components, written as an AutoML dataset (NAME_SET.data, .solution, .ids)',
  );
  addPictureOptions(cmd, { valid: 'projected with the PCA fitted on --images', test: 'projected likewise' });
  addDatasetOutputOptions(cmd);
  addPcaOptions(cmd, 'pictures are');
  cmd
    .option('--save <pca.json>', 'also write the fitted PCA, for --model later')
    .addOption(
      new Option('--model <pca.json>', 'project with this saved PCA instead of fitting one').conflicts([
        'save',
        'fitRows',
        'components',
        'oversamples',
        'powerIterations',
      ]),
    );
  addCacheOptions(cmd);
  addBadPictureOptions(cmd)
    .addOption(seedOption('range finder, --fit-rows sample'))
    .addOption(threadsOption())
    .addOption(forceOption('the output files'))
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    await action(pictureRunContextOf(o));
  });
}

export async function runPcaCommand(ctx: PcaContext): Promise<PcaRunResult> {
  const reporter = createReporter(ctx.quiet);
  const model = ctx.model ? loadPcaModel(ctx.model) : undefined;
  const size = ctx.size ?? model?.size ?? DEFAULT_SIZE;
  const { sets, reencodeJpeg, audit } = await preparePictureRun(ctx, model, reporter);

  const bar = reporter.progress('pca');
  const timer = startTimer();
  // features --kinds pca: the one pipeline from pictures to features
  const spec = specWith(['pca'], {});
  const features = await runFeatures({
    sets,
    spec,
    featurizer: model && { ...spec, pca: model },
    pca: {
      size,
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
  const result: PcaRunResult = { model: features.featurizer.pca!, sets: features.sets, skipped: features.skipped };
  const k = result.model.nComponents;
  const written = await writeFeatureDataset(
    {
      dir: ctx.out,
      name: ctx.name,
      featureNames: Array.from({ length: k }, (_, i) => `pc${i}`),
      sets: result.sets.map((s) => ({ setName: s.setName, names: s.names, labels: s.labels, values: s.scores })),
      info: { usage: `persodata pca: ${size}x${size}x3 pixels -> ${k} principal components` },
    },
    {
      force: ctx.force,
      format: ctx.format,
      alsoWrite: [
        ...(ctx.save ? [{ path: ctx.save, contents: encodePcaModel({ ...result.model, reencodeJpeg }) }] : []),
        ...(audit ? [audit] : []),
      ],
    },
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
      `; written to ${join(ctx.out, `${ctx.name}_*`)}` +
      (ctx.save ? ` and ${ctx.save}` : ''),
  );
  if (!model) {
    const first = Array.from(ratio.slice(0, 5), (r) => (100 * r).toFixed(2) + '%').join(', ');
    reporter.info(`explained variance ratio of the first components: ${first}${k > 5 ? ', ...' : ''}`);
  }
  reporter.info(`files: ${written.map((p) => basename(p)).join(', ')}`);
  return result;
}
