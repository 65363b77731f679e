// How a set of picture files was saved, in a few counts a model file can
// keep (format, JPEG quality, dimensions), and the comparison predict makes
// between the pictures it scores and the ones the model was trained on: a
// model that learnt "q75 = real" scores pictures saved otherwise by their
// encoding. Built from the training audit's class summaries (no second read)
// or from the headers of the pictures to score.
import { ModelFileError } from '../util/errors.js';
import { readAllFacts } from './file-facts.js';
import { summarizeClass, type ClassSummary } from './class-summary.js';

export interface EncodingProfile {
  readonly pictures: number;
  /** [value, count] pairs, most frequent first. */
  readonly formats: Array<[string, number]>;
  readonly jpegQualities: Array<[number, number]>;
  /** At most MAX_DIMENSIONS of them. */
  readonly dimensions: Array<[string, number]>;
}

const MAX_DIMENSIONS = 20;
/** Headers read at most to profile the pictures to score, evenly spread. */
const MAX_PROFILED = 2000;

function merged<T>(a: ReadonlyArray<[T, number]>, b: ReadonlyArray<[T, number]>): Array<[T, number]> {
  const m = new Map<T, number>();
  for (const [v, n] of [...a, ...b]) m.set(v, (m.get(v) ?? 0) + n);
  return [...m.entries()].sort((x, y) => y[1] - x[1] || String(x[0]).localeCompare(String(y[0])));
}

/** The training pictures' profiles, a class each (label 1 real, label 0 fake). */
export interface TrainingFiles {
  readonly real: EncodingProfile;
  readonly fake: EncodingProfile;
}

const profileOfSummary = (s: ClassSummary): EncodingProfile => ({
  pictures: s.count,
  formats: s.formats,
  jpegQualities: s.jpegQualities,
  dimensions: s.dimensions.slice(0, MAX_DIMENSIONS),
});

/** The training files' profiles, from the training audit's class summaries. */
export function trainingFilesOf(real: ClassSummary, fake: ClassSummary): TrainingFiles {
  return { real: profileOfSummary(real), fake: profileOfSummary(fake) };
}

/** Both classes' files together. */
function bothClasses({ real, fake }: TrainingFiles): EncodingProfile {
  return {
    pictures: real.pictures + fake.pictures,
    formats: merged(real.formats, fake.formats),
    jpegQualities: merged(real.jpegQualities, fake.jpegQualities),
    dimensions: merged(real.dimensions, fake.dimensions),
  };
}

/** The profile of picture files from their headers (at most MAX_PROFILED, evenly spread); unreadable ones left out. */
export async function profileOfFiles(paths: readonly string[]): Promise<EncodingProfile | undefined> {
  const step = Math.max(1, paths.length / MAX_PROFILED);
  const picked = Array.from({ length: Math.min(paths.length, MAX_PROFILED) }, (_, i) => paths[Math.floor(i * step)]);
  const facts = (await readAllFacts(picked)).facts.flatMap((f) => (f ? [f] : []));
  if (facts.length === 0) return undefined;
  return profileOfSummary(summarizeClass(facts));
}

const share = <T>(pairs: ReadonlyArray<[T, number]>, value: T) => {
  const total = pairs.reduce((n, [, c]) => n + c, 0);
  return total === 0 ? 0 : (pairs.find(([v]) => v === value)?.[1] ?? 0) / total;
};
const percent = (x: number) => `${Math.round(100 * x)}%`;

/** The q-quantile of [value, count] pairs. */
function quantileOfCounts(pairs: ReadonlyArray<[number, number]>, q: number): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= q * total) return v;
  }
  return sorted[sorted.length - 1][0];
}

const qualityRange = (p: EncodingProfile) => {
  const lo = quantileOfCounts(p.jpegQualities, 0.05);
  const hi = quantileOfCounts(p.jpegQualities, 0.95);
  return lo === hi ? `q${lo}` : `q${lo}-${hi}`;
};

/**
 * What differs between the pictures to score and the training pictures, one
 * phrase each (empty when they were saved alike): a format the training set
 * lacked, JPEG qualities outside the training range, dimensions it hardly
 * had; and, where the training classes were saved differently (real q75,
 * fake q100), scored pictures saved like one class only: a model that learnt
 * the encoding gives them all that class. `reencoded`: every picture becomes
 * one JPEG quality before its features (--reencode-jpeg), so only the
 * dimensions can differ in effect.
 */
export function encodingDifferences(classes: TrainingFiles, scored: EncodingProfile, reencoded: boolean): string[] {
  const out: string[] = [];
  const training = bothClasses(classes);
  if (!reencoded) {
    const like = savedLikeOneClass(classes, scored);
    if (like) out.push(like);
    const [format, n] = scored.formats[0] ?? ['', 0];
    if (format !== '' && share(training.formats, format) < 0.05)
      out.push(
        `format ${format} (${percent(n / scored.pictures)} of them; training: ${training.formats
          .slice(0, 2)
          .map(([f, c]) => `${f} ${percent(c / training.pictures)}`)
          .join(', ')})`,
      );
    if (scored.jpegQualities.length > 0 && training.jpegQualities.length > 0) {
      const median = quantileOfCounts(scored.jpegQualities, 0.5);
      const lo = quantileOfCounts(training.jpegQualities, 0.05);
      const hi = quantileOfCounts(training.jpegQualities, 0.95);
      if (median < lo - 2 || median > hi + 2)
        out.push(`JPEG quality ${qualityRange(scored)}, median q${median} (training: ${qualityRange(training)})`);
    }
  }
  const [dims, n] = scored.dimensions[0] ?? ['', 0];
  if (dims !== '' && share(training.dimensions, dims) < 0.05)
    out.push(
      `size ${dims} (${percent(n / scored.pictures)} of them; training: mostly ${training.dimensions[0]?.[0] ?? 'unknown'})`,
    );
  return out;
}

/** The phrase when the training classes differ in format or JPEG quality and the scored pictures match one. */
function savedLikeOneClass({ real, fake }: TrainingFiles, scored: EncodingProfile): string | undefined {
  const format = (p: EncodingProfile) => p.formats[0]?.[0];
  if (format(real) !== format(fake)) {
    const all = share(scored.formats, format(scored)) >= 0.95;
    const side = !all
      ? undefined
      : format(scored) === format(real)
        ? 'real'
        : format(scored) === format(fake)
          ? 'fake'
          : undefined;
    if (side)
      return `format ${format(scored)}, as the training's ${side} pictures only (real ${format(real)}, fake ${format(fake)}): a model that learnt the format calls them all ${side}`;
  }
  if (real.jpegQualities.length === 0 || fake.jpegQualities.length === 0 || scored.jpegQualities.length === 0)
    return undefined;
  const range = (p: EncodingProfile) => [
    quantileOfCounts(p.jpegQualities, 0.05),
    quantileOfCounts(p.jpegQualities, 0.95),
  ];
  const [realLo, realHi] = range(real);
  const [fakeLo, fakeHi] = range(fake);
  if (realHi >= fakeLo && fakeHi >= realLo) return undefined; // the classes' qualities overlap
  // nearly every scored JPEG within one class's range (a mix like the training set's is no shortcut)
  const shareWithin = (lo: number, hi: number) =>
    scored.jpegQualities.reduce((n, [q, c]) => n + (q >= lo - 2 && q <= hi + 2 ? c : 0), 0) /
    scored.jpegQualities.reduce((n, [, c]) => n + c, 0);
  const side = shareWithin(realLo, realHi) >= 0.95 ? 'real' : shareWithin(fakeLo, fakeHi) >= 0.95 ? 'fake' : undefined;
  return side
    ? `JPEG quality ${qualityRange(scored)}, as the training's ${side} pictures only (real ${qualityRange(real)}, fake ${qualityRange(fake)}): a model that learnt the quality calls them all ${side}`
    : undefined;
}

/** Checks the training files' profiles read back from a model file; `where` names them in messages. */
export function trainingFilesFromJson(raw: unknown, where: string): TrainingFiles {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ModelFileError(`${where}: must be an object`);
  const r = raw as Record<string, unknown>;
  return {
    real: encodingProfileFromJson(r.real, `${where}.real`),
    fake: encodingProfileFromJson(r.fake, `${where}.fake`),
  };
}

function encodingProfileFromJson(raw: unknown, where: string): EncodingProfile {
  const bad = (what: string) => new ModelFileError(`${where}: ${what}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('must be an object');
  const r = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(r.pictures) || (r.pictures as number) < 1) throw bad('"pictures" must be a count >= 1');
  const pairs = <T>(key: string, isValue: (v: unknown) => v is T): Array<[T, number]> => {
    const list = r[key];
    if (
      !Array.isArray(list) ||
      !list.every((p) => Array.isArray(p) && p.length === 2 && isValue(p[0]) && Number.isSafeInteger(p[1]) && p[1] >= 1)
    )
      throw bad(`"${key}" must be a list of [value, count] pairs`);
    return list as Array<[T, number]>;
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isQuality = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100;
  return {
    pictures: r.pictures as number,
    formats: pairs('formats', isString),
    jpegQualities: pairs('jpegQualities', isQuality),
    dimensions: pairs('dimensions', isString),
  };
}
