// --params FILE: a model's parameters from a JSON file (what a parameter
// search keeps), checked against the model's own parameter table as the
// flags are:
//   { "model": "gbdt", "params": { "trees": 300, "learningRate": 0.05, "leaves": 63 } }
// Keys are the table's option names (docs/COMMANDS.md lists them beside the
// flags). Flags given on the command line win over the file.
import type { ModelKind } from '../core/estimator.js';
import { describeRange, inRange } from '../core/params.js';
import { readInputFile } from '../io/file-errors.js';
import { MODEL_KINDS } from '../models/registry.js';
import { InputError } from '../util/errors.js';
import { MODEL_PARAMS } from './params.js';

export interface ParamsFile {
  readonly model: ModelKind;
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

/** Reads and checks a --params file; every fault is an InputError naming the file (and line and column for bad JSON). */
export function readParamsFile(path: string): ParamsFile {
  const text = readInputFile(path, 'utf8', { what: 'parameters' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not JSON (${jsonErrorWhere(text, (err as Error).message)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputError(`${path}: expected an object {"model": ..., "params": {...}}`);
  const { model, params } = json as Record<string, unknown>;
  if (typeof model !== 'string' || !(MODEL_KINDS as readonly string[]).includes(model))
    throw new InputError(`${path}: "model" must be one of ${MODEL_KINDS.join(', ')}, got ${JSON.stringify(model)}`);
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new InputError(`${path}: "params" must be an object of ${model} parameters`);
  const table = MODEL_PARAMS[model as ModelKind];
  const checked: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(params)) {
    const p = (table as Record<string, (typeof table)[keyof typeof table] | undefined>)[key];
    if (!p)
      throw new InputError(`${path}: "params.${key}" is not a ${model} parameter (${Object.keys(table).join(', ')})`);
    if (!inRange(p, value))
      throw new InputError(
        `${path}: "params.${key}" (${p.flag}) must be ${describeRange(p)}, got ${JSON.stringify(value)}`,
      );
    checked[key] = value as number | string | boolean;
  }
  return { model: model as ModelKind, params: checked };
}

/** JSON.parse's "at position N" as line and column. */
function jsonErrorWhere(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = Number(at[1]) - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')}, line ${line} column ${column}`;
}
