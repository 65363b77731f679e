// commander argParsers: turn one flag's text into a checked value or throw
// InvalidArgumentError, which commander reports with the flag and the value.
import { MACHINE_CORES } from '../parallel/threads.js';
import { InvalidArgumentError, Option } from 'commander';
import { SET_NAMES, type SetName } from '../io/automl.js';

export function intAtLeast(min: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}`);
    }
    return value;
  };
}

/** Any safe integer (seeds). */
export function integer(raw: string): number {
  const value = Number(raw);
  if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value))
    throw new InvalidArgumentError('expected an integer');
  return value;
}

/** Worker threads: 1 .. 4 x the machine's cores. */
export function threads(raw: string): number {
  const max = 4 * MACHINE_CORES;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || value < 1 || value > max) {
    throw new InvalidArgumentError(`expected an integer from 1 to ${max} (4 x this machine's cores)`);
  }
  return value;
}

/** `valid,test` -> ['valid', 'test']; each name once. */
export function setList(raw: string): SetName[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = names.filter((s) => !(SET_NAMES as readonly string[]).includes(s));
  if (names.length === 0 || bad.length > 0)
    throw new InvalidArgumentError(`expected a comma-separated list of ${SET_NAMES.join(', ')}`);
  return [...new Set(names)] as SetName[];
}

export function intInRange(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^\s*[+-]?\d+\s*$/.test(raw) || value < min || value > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return value;
  };
}

/** A number in [min, max] with either end open: `expected a number in [0, 0.5)`. */
export function numberIn(min: number, max: number, { minOpen = false, maxOpen = false } = {}): (raw: string) => number {
  return (raw) => {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    const aboveMin = minOpen ? value > min : value >= min;
    const belowMax = maxOpen ? value < max : value <= max;
    if (!(aboveMin && belowMax))
      throw new InvalidArgumentError(`expected a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`);
    return value;
  };
}

/** A dataset name: a plain file-name stem (letters, digits, `_`, `-`, `.`; no folders, no leading dot). */
export function datasetName(raw: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(raw)) {
    throw new InvalidArgumentError(
      `expected a plain name (letters, digits, _ - .; no folders, not starting with a dot), got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

/** --threads for every command that runs workers; its default and meaning are parallel/threads.ts's. */
export function threadsOption(): Option {
  return new Option('--threads <n>', 'worker threads; never changes the result')
    .argParser(threads)
    .default(MACHINE_CORES, "the machine's cores");
}

/** --seed, saying what it seeds. */
export function seedOption(what: string): Option {
  return new Option('--seed <n>', `random seed (${what})`).argParser(integer).default(0);
}

/** --force, saying what it overwrites. */
export function forceOption(what: string): Option {
  return new Option('--force', `overwrite ${what} if it exists`);
}

/** tune --budget: `10m`, `90s`, `1.5h` (wall-clock), `40` (first-rung trials) or `17,5` (one bracket each). */
export function budget(raw: string): { trials: number | number[] } | { seconds: number } {
  const text = raw.trim();
  const timed = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)$/.exec(text);
  if (timed) {
    const seconds = Number(timed[1]) * { s: 1, m: 60, min: 60, h: 3600 }[timed[2] as 's' | 'm' | 'min' | 'h'];
    if (seconds > 0) return { seconds };
  }
  const trials = /^(\d+(?:\s*,\s*\d+)*)\s*(trials?)?$/.exec(text);
  if (trials) {
    const counts = trials[1].split(',').map((n) => Number(n.trim()));
    if (counts.every((n) => n >= 1 && Number.isSafeInteger(n)))
      return { trials: counts.length === 1 ? counts[0] : counts };
  }
  throw new InvalidArgumentError(
    'expected a time (10m, 90s, 1.5h), a number of trials (40), or a number for each bracket (17,5)',
  );
}
