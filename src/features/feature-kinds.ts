// The kinds of features, one table (as the models have their parameter
// tables): each full-resolution kind declares its one parameter (flag,
// bounds, default, help), its columns, the smallest picture it takes and its
// compute function; the CLI flags, the featurizer file's checks and the
// column layout derive from it. `spectrum` and `residual` read the picture at
// its own size (nothing is resampled); `pca` is the one fitted kind, the
// organisers' recipe (pca/), computed from the same decode.
import { UsageError } from '../util/errors.js';
import {
  channelCooccurrence,
  channelsColumns,
  channelsLength,
  CHANNELS_MIN_SIDE,
  DEFAULT_CHANNELS_T,
  MAX_CHANNELS_T,
} from './channel-cooccurrence.js';
import {
  COLOUR_MIN_SIDE,
  colourColumns,
  colourLength,
  colourStats,
  DEFAULT_COLOUR_BINS,
  MAX_COLOUR_BINS,
} from './colour-stats.js';
import { residualGrid, residualLength, residualMinSide } from './residual-grid.js';
import { DEFAULT_SPAM_T, MAX_SPAM_T, SPAM_MIN_SIDE, spamColumns, spamFeatures, spamLength } from './spam.js';
import { SPECTRUM_MIN_SIDE, spectrumProfile } from './spectrum-profile.js';
import {
  DEFAULT_WAVELET_SCALES,
  MAX_WAVELET_SCALES,
  waveletColumns,
  waveletLength,
  waveletMinSide,
  waveletStats,
} from './wavelet-stats.js';

export const FEATURE_KINDS = ['spectrum', 'residual', 'wavelets', 'spam', 'colour', 'channels', 'pca'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

export const DEFAULT_KINDS: readonly FeatureKind[] = ['spectrum', 'residual', 'pca'];
export const DEFAULT_SPECTRUM_BINS = 128;
export const DEFAULT_GRID = 16;
export const MAX_SPECTRUM_BINS = 4096;
export const MAX_GRID = 256;

/** Every kind's parameter, by its key. */
export interface KindSettings {
  readonly spectrumBins: number;
  readonly grid: number;
  readonly waveletScales: number;
  readonly spamT: number;
  readonly colourBins: number;
  readonly channelsT: number;
}

/** What the full-resolution kinds compute; the order of `kinds` is the order of the columns. */
export interface FullResolutionSpec extends KindSettings {
  readonly kinds: readonly FeatureKind[];
}

/** A full-resolution kind: computed from one picture alone, nothing fitted. */
export type FullResolutionKind = Exclude<FeatureKind, 'pca'>;

export interface FullResolutionKindSpec {
  /** Its parameter's key in FullResolutionSpec and in featurizer files. */
  readonly param: keyof KindSettings;
  readonly flag: string;
  readonly valueName: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The value must be even. */
  readonly even?: boolean;
  /** What --kinds says of it, and its flag's help (without the default). */
  readonly about: string;
  readonly help: string;
  /** How a run's message names it with its setting ("spectrum (128 bins)"). */
  describe(spec: KindSettings): string;
  /** Values per picture. */
  length(spec: KindSettings): number;
  columns(spec: KindSettings): string[];
  /** The smallest side a picture needs. */
  minSide(spec: KindSettings): number;
  /** Writes one RGB picture's values (length(spec) of them) to out[at..]. */
  compute(
    rgb: Uint8Array,
    height: number,
    width: number,
    spec: FullResolutionSpec,
    out: Float32Array,
    at: number,
  ): void;
}

export const FULL_RESOLUTION_KINDS: Readonly<Record<FullResolutionKind, FullResolutionKindSpec>> = {
  spectrum: {
    param: 'spectrumBins',
    flag: '--spectrum-bins',
    valueName: 'n',
    default: DEFAULT_SPECTRUM_BINS,
    min: 1,
    max: MAX_SPECTRUM_BINS,
    about: "spectrum (Durall 2020: azimuthal mean of the grey picture's log |DFT|)",
    help: 'spectrum: values per picture, the radial profile resampled',
    describe: (spec) => `spectrum (${spec.spectrumBins} bins)`,
    length: (spec) => spec.spectrumBins,
    columns: (spec) => Array.from({ length: spec.spectrumBins }, (_, i) => `spectrum_${i}`),
    minSide: () => SPECTRUM_MIN_SIDE,
    compute: (rgb, height, width, spec, out, at) => spectrumProfile(rgb, height, width, spec.spectrumBins, out, at),
  },
  residual: {
    param: 'grid',
    flag: '--grid',
    valueName: 'P',
    default: DEFAULT_GRID,
    min: 2,
    max: MAX_GRID,
    even: true,
    about: "residual (Bammey 2023: |DFT| of the cross-difference residual on the grid's harmonics)",
    help: 'residual: the period P of the harmonic grid, even; 3 (P+1)(P/2+1) values; pictures need P+1 pixels each way',
    describe: (spec) => `residual (grid ${spec.grid}: ${residualLength(spec.grid)})`,
    length: (spec) => residualLength(spec.grid),
    // residual_r_m-8_n0..: channel, row harmonic, column harmonic
    columns: (spec) => {
      const names: string[] = [];
      const half = spec.grid / 2;
      for (const c of ['r', 'g', 'b'])
        for (let m = -half; m <= half; m++) for (let n = 0; n <= half; n++) names.push(`residual_${c}_m${m}_n${n}`);
      return names;
    },
    minSide: (spec) => residualMinSide(spec.grid),
    compute: (rgb, height, width, spec, out, at) => residualGrid(rgb, height, width, spec.grid, out, at),
  },
  wavelets: {
    param: 'waveletScales',
    flag: '--wavelet-scales',
    valueName: 'S',
    default: DEFAULT_WAVELET_SCALES,
    min: 1,
    max: MAX_WAVELET_SCALES,
    about:
      'wavelets (Farid & Lyu 2003: moments of the R, G, B wavelet coefficients and of their linear prediction errors)',
    help: 'wavelets: levels with statistics, 72 S values; pictures need 2^(S+3) pixels each way',
    describe: (spec) => `wavelets (${spec.waveletScales} levels: ${waveletLength(spec.waveletScales)})`,
    length: (spec) => waveletLength(spec.waveletScales),
    columns: (spec) => waveletColumns(spec.waveletScales),
    minSide: (spec) => waveletMinSide(spec.waveletScales),
    compute: (rgb, height, width, spec, out, at) => waveletStats(rgb, height, width, spec.waveletScales, out, at),
  },
  spam: {
    param: 'spamT',
    flag: '--spam-t',
    valueName: 'T',
    default: DEFAULT_SPAM_T,
    min: 1,
    max: MAX_SPAM_T,
    about: 'spam (Pevny 2010: second-order Markov transitions of truncated pixel differences on Y, Cb, Cr)',
    help: 'spam: differences truncated to [-T, T], 6 (2T+1)^3 values',
    describe: (spec) => `spam (T ${spec.spamT}: ${spamLength(spec.spamT)})`,
    length: (spec) => spamLength(spec.spamT),
    columns: (spec) => spamColumns(spec.spamT),
    minSide: () => SPAM_MIN_SIDE,
    compute: (rgb, height, width, spec, out, at) => spamFeatures(rgb, height, width, spec.spamT, out, at),
  },
  colour: {
    param: 'colourBins',
    flag: '--colour-bins',
    valueName: 'B',
    default: DEFAULT_COLOUR_BINS,
    min: 2,
    max: MAX_COLOUR_BINS,
    about: 'colour (hue, saturation, value, Cb, Cr histograms, clipped pixels, chroma difference co-occurrences)',
    help: 'colour: bins of each histogram, 5 B + 173 values',
    describe: (spec) => `colour (${spec.colourBins} bins: ${colourLength(spec.colourBins)})`,
    length: (spec) => colourLength(spec.colourBins),
    columns: (spec) => colourColumns(spec.colourBins),
    minSide: () => COLOUR_MIN_SIDE,
    compute: (rgb, height, width, spec, out, at) => colourStats(rgb, height, width, spec.colourBins, out, at),
  },
  channels: {
    param: 'channelsT',
    flag: '--channels-t',
    valueName: 'T',
    default: DEFAULT_CHANNELS_T,
    min: 1,
    max: MAX_CHANNELS_T,
    about: "channels (co-occurrences of a pixel's R, G, B first and second differences)",
    help: 'channels: differences truncated to [-T, T], 2 (2T+1)^3 values',
    describe: (spec) => `channels (T ${spec.channelsT}: ${channelsLength(spec.channelsT)})`,
    length: (spec) => channelsLength(spec.channelsT),
    columns: (spec) => channelsColumns(spec.channelsT),
    minSide: () => CHANNELS_MIN_SIDE,
    compute: (rgb, height, width, spec, out, at) => channelCooccurrence(rgb, height, width, spec.channelsT, out, at),
  },
};

/** What --kinds says of pca, the fitted kind. */
export const PCA_KIND_ABOUT = 'pca';

/** A kind's parameter: its key in FullResolutionSpec, in featurizer files and in commander's parsed flags. */
export type KindParam = FullResolutionKindSpec['param'];

/** The spec of `kinds`, every kind's parameter from `values` (one not given: the table's default). */
export function specWith(
  kinds: readonly FeatureKind[],
  values: Readonly<Partial<Record<KindParam, number | undefined>>>,
): FullResolutionSpec {
  const spec: Record<string, unknown> = { kinds };
  for (const k of Object.values(FULL_RESOLUTION_KINDS)) spec[k.param] = values[k.param] ?? k.default;
  return spec as unknown as FullResolutionSpec;
}

/** The parameters as commander parsed them (the flag's attribute is the parameter's key). */
export function kindParamsOf(o: Readonly<Record<string, unknown>>): Partial<Record<KindParam, number>> {
  const out: Partial<Record<KindParam, number>> = {};
  for (const k of Object.values(FULL_RESOLUTION_KINDS))
    if (o[k.param] !== undefined) out[k.param] = o[k.param] as number;
  return out;
}

/** Checks a kind's parameter value; `where` names it (a flag, a file's field). */
export function checkKindParam(kind: FullResolutionKind, value: number, where: string): void {
  const k = FULL_RESOLUTION_KINDS[kind];
  if (!(Number.isInteger(value) && value >= k.min && value <= k.max && (!k.even || value % 2 === 0)))
    throw new UsageError(
      `${where} ${value}: expected ${k.even ? 'an even integer' : 'an integer'} from ${k.min} to ${k.max}`,
    );
}

/**
 * Names for several kinds at once, expanded where they stand in --kinds.
 * robust: the kinds that held up best on pictures through the VIP Cup's
 * processing (crop, resize, JPEG) in the bench's robust section.
 */
export const KIND_GROUPS: Readonly<Record<string, readonly FeatureKind[]>> = {
  robust: ['wavelets', 'spam', 'colour', 'channels'],
};

export function parseKinds(raw: string): FeatureKind[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const expected = `${FEATURE_KINDS.join(', ')} or a group (${Object.keys(KIND_GROUPS).join(', ')})`;
  if (names.length === 0) throw new UsageError(`--kinds "${raw}": name at least one of ${expected}`);
  const kinds: string[] = [];
  for (const k of names) {
    if (k in KIND_GROUPS) kinds.push(...KIND_GROUPS[k]);
    else if ((FEATURE_KINDS as readonly string[]).includes(k)) kinds.push(k);
    else throw new UsageError(`--kinds: "${k}" is not a kind; expected some of ${expected}`);
  }
  const repeated = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (repeated) throw new UsageError(`--kinds: "${repeated}" is named twice`);
  return kinds as FeatureKind[];
}

/** The kinds computed from the picture at its own size, in column order. */
export function fullResolutionKinds(kinds: readonly FeatureKind[]): FullResolutionKind[] {
  return kinds.filter((k): k is FullResolutionKind => k !== 'pca');
}

/** Values per picture of one full-resolution kind. */
export function kindLength(kind: FeatureKind, spec: KindSettings): number {
  if (kind === 'pca') throw new Error('pca is not computed at full resolution');
  return FULL_RESOLUTION_KINDS[kind].length(spec);
}

/** Column names of one full-resolution kind (pca's come from the fitted PCA). */
export function kindColumns(kind: FeatureKind, spec: KindSettings): string[] {
  if (kind === 'pca') throw new Error('pca columns come from the PCA');
  return FULL_RESOLUTION_KINDS[kind].columns(spec);
}

/** Every column, in the order of the kinds; pca's are pc0..pc(nComponents - 1). */
export function featureColumns(spec: FullResolutionSpec, nComponents: number): string[] {
  return spec.kinds.flatMap((k) =>
    k === 'pca' ? Array.from({ length: nComponents }, (_, i) => `pc${i}`) : kindColumns(k, spec),
  );
}

/**
 * One picture's row in the order of the kinds: its full-resolution values
 * (`full`, fullResolutionLength long) split by kind, its PCA scores (`pca`)
 * where pca stands; written to out[at..].
 */
export function placeColumns(
  spec: FullResolutionSpec,
  full: Float32Array,
  pca: Float32Array | undefined,
  out: Float32Array,
  at: number,
): void {
  let from = 0;
  for (const kind of spec.kinds) {
    if (kind === 'pca') {
      out.set(pca!, at);
      at += pca!.length;
    } else {
      const len = kindLength(kind, spec);
      out.set(full.subarray(from, from + len), at);
      at += len;
      from += len;
    }
  }
}

/** Values per picture of all the full-resolution kinds of `spec`. */
export function fullResolutionLength(spec: FullResolutionSpec): number {
  return fullResolutionKinds(spec.kinds).reduce((n, k) => n + kindLength(k, spec), 0);
}

/** The smallest side a picture needs for every kind of `spec`. */
export function minimumSide(spec: FullResolutionSpec): number {
  return fullResolutionKinds(spec.kinds).reduce((side, k) => Math.max(side, FULL_RESOLUTION_KINDS[k].minSide(spec)), 1);
}

/**
 * Writes one RGB picture's full-resolution values (fullResolutionLength) to
 * out[offset..]; throws, with the picture's size, when it is too small.
 */
export function fullResolutionValues(
  rgb: Uint8Array,
  height: number,
  width: number,
  spec: FullResolutionSpec,
  out: Float32Array,
  offset: number,
): void {
  const side = minimumSide(spec);
  if (height < side || width < side)
    throw new Error(
      `${width}x${height} pixels: smaller than the ${side}x${side} the features need` +
        (spec.kinds.includes('residual') ? ` (the residual's --grid ${spec.grid} needs ${side} each way)` : ''),
    );
  let at = offset;
  for (const kind of fullResolutionKinds(spec.kinds)) {
    FULL_RESOLUTION_KINDS[kind].compute(rgb, height, width, spec, out, at);
    at += kindLength(kind, spec);
  }
}
