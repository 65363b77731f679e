// Flags shared by several commands (data source, model choice and its
// parameters, seed, threads) and the code turning them into typed values.
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { CsvTableOptions } from '../io/csv.js';
import type { ModelKind } from '../core/estimator.js';
import { MODEL_KINDS } from '../models/registry.js';
import { UsageError } from '../util/errors.js';
import { MODEL_PARAMS, modelFlagOptions, modelFlags as modelFlagList } from './params.js';
import { seedOption, threadsOption } from './parsers.js';
import { readParamsFile } from './params-file.js';

/** The PersoData sample shipped with the package, used when --data is absent. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

export interface DataFlags {
  readonly data: string;
  /** The .npy copy of a parsed .data file may be read and written (not --no-cache). */
  readonly cache: boolean;
  readonly csv: CsvTableOptions;
}

export interface ModelFlags {
  readonly model: ModelKind;
  readonly modelOptions: Readonly<Record<string, number | string | boolean>>;
  readonly seed: number;
  readonly threads: number;
}

export function addDataOptions(cmd: Command): Command {
  return cmd
    .option(
      '--data <path>',
      'AutoML dataset folder (text or Parquet sets), its DIR/NAME prefix, a CSV file with a header, or a Parquet table (default: the PersoData sample in data/)',
    )
    .option('--label-column <name>', 'the CSV column of labels: of a --data CSV (0/1), or of --labels', 'label')
    .option(
      '--id-column <name>',
      'CSV only: a column of row names to keep out of the features (default: "id" when present)',
    );
}

export function addModelOptions(cmd: Command): Command {
  cmd
    .addOption(new Option('--model <kind>', 'model to fit').choices(MODEL_KINDS).default('logistic'))
    .option(
      '--params <file.json>',
      'model parameters from a file: {"model": "gbdt", "params": {"trees": 300, "learningRate": 0.05}} (option names as in docs/COMMANDS.md); flags given win',
    )
    .addOption(seedOption('folds, row and feature sampling'))
    .addOption(threadsOption());
  for (const option of modelFlagOptions()) cmd.addOption(option);
  return cmd;
}

export function dataFlags(opts: Record<string, unknown>): DataFlags {
  return {
    data: (opts.data as string | undefined) ?? DEFAULT_DATA_DIR,
    cache: opts.cache !== false,
    csv: { labelColumn: opts.labelColumn as string, idColumn: opts.idColumn as string | undefined },
  };
}

/**
 * The chosen model and its options. A parameter flag that belongs only to
 * other models is refused rather than silently ignored. With --params FILE
 * the file's parameters come first and the flags given win; its model is
 * taken unless --model was given, and a different --model is refused.
 * `source` says where an option's value came from (commander's
 * getOptionValueSource: 'cli', 'default', ...).
 */
export function modelFlags(
  opts: Record<string, unknown>,
  source: (key: string) => string | undefined = () => 'cli',
): ModelFlags {
  const file = typeof opts.params === 'string' ? readParamsFile(opts.params) : undefined;
  const modelGiven = source('model') === 'cli';
  if (file && modelGiven && file.model !== opts.model)
    throw new UsageError(`--model ${String(opts.model)}, but ${String(opts.params)} holds ${file.model} parameters`);
  const model = file && !modelGiven ? file.model : (opts.model as ModelKind);
  const own = MODEL_PARAMS[model];
  const modelOptions: Record<string, number | string | boolean> = { ...file?.params };
  for (const { key, flag } of modelFlagList()) {
    if (opts[key] === undefined) continue;
    if (!(key in own)) throw new UsageError(`${flag} does not apply to --model ${model}`);
    modelOptions[key] = opts[key] as number | string | boolean;
  }
  return {
    model,
    modelOptions,
    seed: opts.seed as number,
    threads: opts.threads as number,
  };
}
