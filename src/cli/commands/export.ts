// `persodata export`: flags -> ExportContext -> a model file written for
// another engine (LightGBM's text model, or ONNX), after --check has run it
// there on --data and found every probability equal to ours. Nothing is
// written when the check fails.
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import type { SetName } from '../../io/automl.js';
import { refuseExisting, writeFileAtomic } from '../../io/atomic-write.js';
import { openDataset } from '../../io/open-dataset.js';
import { alignColumns, alignedMatrix } from '../../io/align-columns.js';
import { loadModel, type LoadedModel } from '../../models/model-file.js';
import { checkExport, type CheckedSet } from '../../export/check-export.js';
import { EXPORT_TARGET_SPECS, EXPORT_TARGETS, type ExportTarget } from '../../export/export-targets.js';
import { exportableModel } from '../../export/exportable-model.js';
import { findLightgbm } from '../../export/lightgbm-program.js';
import { InputError, UsageError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import { forceOption, setList, threadsOption } from '../parsers.js';
import { createReporter } from '../reporter.js';
import { VERSION } from '../../util/version.js';

export interface ExportContext {
  readonly model: string;
  readonly to: ExportTarget;
  readonly out: string;
  readonly check: boolean;
  /** Rows to check on: an AutoML folder or prefix, or a CSV table. */
  readonly data?: string;
  readonly sets?: readonly SetName[];
  readonly idColumn?: string;
  readonly labelColumn: string;
  readonly cache: boolean;
  /** The LightGBM program (else $LIGHTGBM, PATH, ../shared/tools/lightgbm). */
  readonly lightgbm?: string;
  readonly threads: number;
  readonly force: boolean;
  readonly quiet: boolean;
}

export type ExportAction = (ctx: ExportContext) => Promise<unknown>;

export function exportCommand(action: ExportAction = runExport): Command {
  const cmd = new Command('export')
    .description(
      "write a model for another engine: LightGBM's text model file (gbdt, forest), to continue training or serve it there, or ONNX (gbdt, forest, logistic) for ONNX Runtime; --check runs the file in that engine and refuses to write it unless every probability equals ours",
    )
    .requiredOption('--model <model.json>', 'a model file written by `persodata train`')
    .addOption(
      new Option('--to <format>', 'lightgbm (text model file) or onnx').choices(EXPORT_TARGETS).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'the file to write (e.g. model.txt, model.onnx)')
    .option(
      '--check',
      `run the export in its engine on --data and write it only if every probability agrees with ours (${EXPORT_TARGETS.map((t) => `${EXPORT_TARGET_SPECS[t].engine} within ${EXPORT_TARGET_SPECS[t].tolerance.toExponential(0)}`).join(', ')})`,
    )
    .option(
      '--data <path>',
      'rows for --check: an AutoML dataset folder (text or Parquet sets), its DIR/NAME prefix, or a CSV or Parquet table',
    )
    .option(
      '--sets <list>',
      'AutoML sets to check on, e.g. valid,test (default: whichever of valid and test exist)',
      setList,
    )
    .option('--label-column <name>', 'CSV or Parquet table: the label column, kept out of the features', 'label')
    .option(
      '--id-column <name>',
      'CSV or Parquet table: a column of row names to keep out of the features (default: "id" when present)',
    )
    .option('--no-cache', 'parse large .data files even when a fresh .npy cache exists, and write none')
    .option(
      '--lightgbm <path>',
      "LightGBM's program for --check (default: $LIGHTGBM, then lightgbm on PATH, then ../shared/tools/lightgbm beside persodata)",
    )
    .addOption(threadsOption())
    .addOption(forceOption('--out'))
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    await action({
      model: o.model,
      to: o.to,
      out: o.out,
      check: o.check === true,
      data: o.data,
      sets: o.sets,
      idColumn: o.idColumn,
      labelColumn: o.labelColumn,
      cache: o.cache !== false,
      lightgbm: o.lightgbm,
      threads: o.threads,
      force: o.force === true,
      quiet: o.quiet === true,
    });
  });
}

/** The sets --check runs on, with our model's probabilities for them. */
async function setsToCheck(
  ctx: ExportContext,
  loaded: LoadedModel,
  notes: (message: string) => void,
): Promise<CheckedSet[]> {
  const dataset = await openDataset(ctx.data!, {
    labelColumn: ctx.labelColumn,
    idColumn: ctx.idColumn,
    sets: ctx.sets ?? { available: ['valid', 'test'] },
    cache: ctx.cache,
  });
  const splits = Object.values(dataset.splits);
  if (splits.length === 0)
    throw new InputError(`${ctx.data}: no valid or test set to check on (give --sets, e.g. --sets train)`);
  // the model's columns by name, as predict takes them
  const alignment = alignColumns(
    { file: splits[0].file, names: dataset.featureNames, named: dataset.namedColumns === true },
    basename(ctx.model),
    loaded.features,
  );
  if (alignment.note) notes(alignment.note);
  const sets: CheckedSet[] = [];
  for (const split of splits) {
    const X = alignedMatrix(split.X, alignment);
    // the exported model is the fitted one: no calibration, no threshold
    sets.push({ file: split.file, X, ours: await loaded.model.predictProba(X, { threads: ctx.threads }) });
  }
  return sets;
}

/** Returns the path written. */
export async function runExport(ctx: ExportContext): Promise<string> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.check && ctx.data === undefined)
    throw new UsageError(
      '--check needs rows to run the model on: give --data (a dataset folder or CSV with the features the model was trained on)',
    );
  refuseExisting(ctx.out, ctx.force);
  const spec = EXPORT_TARGET_SPECS[ctx.to];
  const program = ctx.check && spec.needsProgram ? findLightgbm(ctx.lightgbm) : undefined;
  const loaded = loadModel(ctx.model);
  const exportable = exportableModel(loaded.model);
  const elapsed = startTimer();
  const contents = spec.write(exportable, loaded.features, {
    modelFile: basename(ctx.model),
    producerVersion: VERSION,
  });
  const exportSeconds = elapsed();
  // a warning, not a note: --quiet must not hide that the export's probabilities are not predict's
  if (loaded.postprocess)
    reporter.warn(
      `${basename(ctx.model)} calibrates its probabilities (train --calibrate) or moves its threshold; the export holds the model before that, as does --check`,
    );
  if (loaded.featurizer)
    reporter.info(
      `note: ${basename(ctx.model)} turns pictures into its ${loaded.features.length} features itself; the export takes those features (persodata features writes them), not pictures`,
    );
  let checked = '';
  if (ctx.check) {
    const sets = await setsToCheck(ctx, loaded, (m) => reporter.info(m));
    const checkTimer = startTimer();
    const results = await checkExport({ target: ctx.to, contents, program, threads: ctx.threads }, sets, ctx.out);
    const engine = program ? `${spec.engine} (${program})` : spec.engine;
    checked = `; checked with ${engine} in ${checkTimer().toFixed(2)} s: ${results
      .map((r) => `${basename(r.file)} ${r.rows} rows, largest difference ${r.largestDifference.toExponential(1)}`)
      .join('; ')}`;
  }
  writeFileAtomic(ctx.out, contents, { force: ctx.force });
  const trees =
    exportable.kind === 'logistic'
      ? ''
      : exportable.kind === 'blend'
        ? ` of ${exportable.members.map((m) => m.kind).join(' + ')}`
        : `, ${exportable.trees.length} trees`;
  reporter.result(
    `wrote ${ctx.out} (${spec.fileName}: ${exportable.kind}${trees}) in ${exportSeconds.toFixed(2)} s${checked}`,
  );
  if (!ctx.check) reporter.info('not checked: add --check --data DIR to run it in its engine and compare');
  return ctx.out;
}
