// One parameter table per model, as LightGBM's config.h drives its parsing,
// checks and docs: each entry declares a parameter once (CLI flag, type,
// bounds, default, help). From a table come the options' type and defaults
// (the model), their validation (the model's constructor), the CLI flags and
// their parsing (cli/params.ts) and docs/COMMANDS.md's flag tables (a test compares).
import { UsageError } from '../util/errors.js';

interface ParamBase<T> {
  /** The CLI flag, `--learning-rate`. */
  readonly flag: string;
  readonly default: T;
  /** One line for --help and docs/COMMANDS.md. */
  readonly help: string;
  /** How the default reads in docs/COMMANDS.md, when not as written (`0 (none)`). */
  readonly defaultText?: string;
}

/**
 * Where `persodata tune` draws a parameter from: uniformly in [low, high], or
 * uniformly in its logarithm (`log`: learning rate, L2, leaf counts). An
 * integer parameter is rounded; a text parameter (a forest's --max-features)
 * takes the drawn share written with a point.
 */
export interface SearchRange {
  readonly low: number;
  readonly high: number;
  readonly scale: 'linear' | 'log';
}

/** A number within bounds; `integer` for counts. */
export interface NumberParam extends ParamBase<number> {
  readonly type: 'integer' | 'number';
  readonly min?: number;
  readonly max?: number;
  /** The bound itself is outside the range. */
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
  /** Placeholder in --help (`<n>`, `<x>`, `<lambda>`). */
  readonly valueName?: string;
  /** The range `tune` searches, when it searches this parameter. */
  readonly search?: SearchRange;
}

/** An on/off switch: `--bootstrap` and `--no-bootstrap`. */
export interface SwitchParam extends ParamBase<boolean> {
  readonly type: 'switch';
}

/** Text with its own rule (`--max-features sqrt|log2|0.3|14`): `check` returns what is wrong, or undefined. */
export interface TextParam extends ParamBase<string> {
  readonly type: 'text';
  readonly valueName: string;
  /** What a valid value is, for messages: `sqrt, log2, a share ... or a count`. */
  readonly expected: string;
  readonly check: (value: string) => boolean;
  /** The range `tune` searches (a share, written with a point), when it searches this parameter. */
  readonly search?: SearchRange;
}

export type Param = NumberParam | SwitchParam | TextParam;
export type ParamTable = Readonly<Record<string, Param>>;

/** The options a table describes: `{ trees: number; bootstrap: boolean; ... }`. */
export type ParamValues<T extends ParamTable> = {
  readonly [K in keyof T]: T[K] extends NumberParam ? number : T[K] extends SwitchParam ? boolean : string;
};

/** Every parameter's default. */
export function defaultsOf<T extends ParamTable>(table: T): ParamValues<T> {
  return Object.fromEntries(Object.entries(table).map(([key, p]) => [key, p.default])) as ParamValues<T>;
}

/** The range in words: `an integer >= 1`, `a number in (0, 1]`, `an integer from 2 to 256`. */
export function describeRange(p: Param): string {
  if (p.type === 'switch') return 'true or false';
  if (p.type === 'text') return p.expected;
  const what = p.type === 'integer' ? 'an integer' : 'a number';
  const { min, max } = p;
  if (min !== undefined && max !== undefined) {
    if (p.type === 'integer' && !p.minOpen && !p.maxOpen) return `${what} from ${min} to ${max}`;
    return `${what} in ${p.minOpen ? '(' : '['}${min}, ${max}${p.maxOpen ? ')' : ']'}`;
  }
  if (min !== undefined) return `${what} ${p.minOpen ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${what} ${p.maxOpen ? '<' : '<='} ${max}`;
  return what;
}

/** Whether `value` is allowed for `p`. */
export function inRange(p: Param, value: unknown): boolean {
  if (p.type === 'switch') return typeof value === 'boolean';
  if (p.type === 'text') return typeof value === 'string' && p.check(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (p.type === 'integer' && !Number.isSafeInteger(value)) return false;
  if (p.min !== undefined && (p.minOpen ? value <= p.min : value < p.min)) return false;
  if (p.max !== undefined && (p.maxOpen ? value >= p.max : value > p.max)) return false;
  return true;
}

/** Throws UsageError `options.KEY must be RANGE, got VALUE` for the first value out of range. */
export function checkParams<T extends ParamTable>(table: T, options: ParamValues<T>): void {
  for (const [key, p] of Object.entries(table)) {
    const value = (options as Record<string, unknown>)[key];
    if (!inRange(p, value)) throw new UsageError(`options.${key} must be ${describeRange(p)}, got ${String(value)}`);
  }
}

/** A flag's text as the CLI reads it, or the reason it is not a value (`expected an integer >= 1`). */
export function parseParam(p: NumberParam | TextParam, raw: string): number | string {
  const text = raw.trim();
  if (p.type === 'text') {
    if (!p.check(text)) throw new UsageError(`expected ${p.expected}`);
    return text;
  }
  const pattern = p.type === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const value = Number(text);
  if (!pattern.test(text) || !inRange(p, value)) throw new UsageError(`expected ${describeRange(p)}`);
  return value;
}
