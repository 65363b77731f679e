// The models' parameter tables (core/params.ts terms, declared beside each model)
// as CLI flags: one flag per option key, however many models share it, its
// value parsed and range-checked by the table, shown in --help under a
// heading naming the models it belongs to; and docs/COMMANDS.md's flag tables,
// rendered from the same tables (test/cli/params.test.ts compares them).
import { InvalidArgumentError, Option } from 'commander';
import { GBDT_PARAMS } from '../boosting/gbdt.js';
import { FOREST_PARAMS } from '../forest/forest.js';
import { LOGISTIC_PARAMS } from '../linear/logistic.js';
import type { ModelKind } from '../core/estimator.js';
import { describeRange, parseParam, type Param, type ParamTable } from '../core/params.js';
import { PersodataError } from '../util/errors.js';

export const MODEL_PARAMS: Readonly<Record<ModelKind, ParamTable>> = {
  logistic: LOGISTIC_PARAMS,
  gbdt: GBDT_PARAMS,
  forest: FOREST_PARAMS,
};

/** One CLI flag: an option key and each model's declaration of it. */
export interface ModelFlag {
  readonly key: string;
  readonly flag: string;
  readonly models: ReadonlyArray<{ readonly kind: ModelKind; readonly param: Param }>;
}

/** `--trees <n>`; a switch has no value. */
export function flagSyntax(p: Param): string {
  if (p.type === 'switch') return p.flag;
  return `${p.flag} <${p.valueName ?? (p.type === 'integer' ? 'n' : 'x')}>`;
}

/** Every distinct flag once, in table order. Models sharing a key must declare the same flag, type and range. */
export function modelFlags(): ModelFlag[] {
  const byKey = new Map<string, { key: string; flag: string; models: Array<{ kind: ModelKind; param: Param }> }>();
  for (const [kind, table] of Object.entries(MODEL_PARAMS) as Array<[ModelKind, ParamTable]>) {
    for (const [key, param] of Object.entries(table)) {
      const entry = byKey.get(key) ?? { key, flag: param.flag, models: [] };
      const first = entry.models[0]?.param;
      if (
        first &&
        (first.flag !== param.flag ||
          flagSyntax(first) !== flagSyntax(param) ||
          describeRange(first) !== describeRange(param))
      ) {
        throw new Error(
          `options.${key}: ${entry.models[0].kind} and ${kind} declare it differently; one flag cannot serve both`,
        );
      }
      entry.models.push({ kind, param });
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

function defaultText(p: Param): string {
  return p.defaultText ?? String(p.default);
}

/** --help text: the help, then each model's default (one help per model when they differ). */
function helpText(f: ModelFlag): string {
  const helps = new Set(f.models.map((m) => m.param.help));
  if (helps.size === 1) {
    const defaults = f.models.map((m) =>
      f.models.length > 1 ? `${m.kind} ${defaultText(m.param)}` : defaultText(m.param),
    );
    return `${f.models[0].param.help} (default: ${defaults.join(', ')})`;
  }
  return f.models.map((m) => `${m.kind}: ${m.param.help} (default ${defaultText(m.param)})`).join('; ');
}

/** commander's parser for a flag: the table's parse, its message as commander reports it. */
function flagParser(p: Param): ((raw: string) => number | string) | undefined {
  if (p.type === 'switch') return undefined;
  return (raw) => {
    try {
      return parseParam(p, raw);
    } catch (err) {
      if (err instanceof PersodataError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };
}

/** The commander options for every model flag, grouped in --help by the models they belong to. */
export function modelFlagOptions(): Option[] {
  const options: Option[] = [];
  for (const f of modelFlags()) {
    const param = f.models[0].param;
    const group = `Model options (${f.models.map((m) => m.kind).join(', ')}):`;
    const option = new Option(flagSyntax(param), helpText(f)).helpGroup(group);
    const parse = flagParser(param);
    if (parse) option.argParser(parse);
    options.push(option);
    if (param.type === 'switch')
      options.push(new Option(param.flag.replace(/^--/, '--no-'), `the opposite of ${param.flag}`).helpGroup(group));
  }
  return options;
}

/**
 * A library message in the CLI's words: `options.learningRate` becomes
 * `--learning-rate`, for every option key a model flag sets.
 */
export function inFlagTerms(message: string): string {
  const flags = new Map(modelFlags().map((f) => [f.key, f.flag]));
  return message.replace(/\boptions\.([A-Za-z]+)/g, (whole, key: string) => flags.get(key) ?? whole);
}

/** docs/COMMANDS.md's model flag tables, one per model, in markdown. */
export function renderModelFlagTables(): string {
  const sections = (Object.entries(MODEL_PARAMS) as Array<[ModelKind, ParamTable]>).map(([kind, table]) => {
    const rows = Object.values(table).map((p) => {
      const flag =
        p.type === 'switch' ? `\`${p.flag}\`, \`${p.flag.replace(/^--/, '--no-')}\`` : `\`${flagSyntax(p)}\``;
      const range = p.type === 'switch' ? 'on or off' : describeRange(p);
      const searched = p.type !== 'switch' && p.search ? `${p.search.low} to ${p.search.high}, ${p.search.scale}` : '';
      return `| ${flag} | ${defaultText(p)} | ${range} | ${searched} | ${p.help} |`;
    });
    return [
      `**${kind}**`,
      '',
      '| flag | default | range | tune searches | meaning |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  });
  return sections.join('\n\n') + '\n';
}
