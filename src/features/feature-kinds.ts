// The kinds of features `persodata features` computes, their parameters and
// column names, and one picture's full-resolution values. `spectrum` and
// `residual` read the picture at its own size (nothing is resampled); `pca`
// is the organisers' recipe (pca/), computed from the same decode.
import { UsageError } from '../util/errors.js';
import { residualGrid, residualLength, residualMinSide } from './residual-grid.js';
import { SPECTRUM_MIN_SIDE, spectrumProfile } from './spectrum-profile.js';

export const FEATURE_KINDS = ['spectrum', 'residual', 'pca'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

export const DEFAULT_KINDS: readonly FeatureKind[] = ['spectrum', 'residual', 'pca'];
export const DEFAULT_SPECTRUM_BINS = 128;
export const DEFAULT_GRID = 16;
export const MAX_SPECTRUM_BINS = 4096;
export const MAX_GRID = 256;

/** What the full-resolution kinds compute; the order of `kinds` is the order of the columns. */
export interface FullResolutionSpec {
  readonly kinds: readonly FeatureKind[];
  readonly spectrumBins: number;
  readonly grid: number;
}

export function parseKinds(raw: string): FeatureKind[] {
  const kinds = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (kinds.length === 0) throw new UsageError(`--kinds "${raw}": name at least one of ${FEATURE_KINDS.join(', ')}`);
  for (const k of kinds)
    if (!(FEATURE_KINDS as readonly string[]).includes(k))
      throw new UsageError(`--kinds: "${k}" is not a kind; expected some of ${FEATURE_KINDS.join(', ')}`);
  const repeated = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (repeated) throw new UsageError(`--kinds: "${repeated}" is named twice`);
  return kinds as FeatureKind[];
}

export function checkGrid(grid: number, where = '--grid'): void {
  if (!(Number.isInteger(grid) && grid >= 2 && grid <= MAX_GRID && grid % 2 === 0))
    throw new UsageError(`${where} ${grid}: expected an even integer from 2 to ${MAX_GRID}`);
}

/** The kinds computed from the picture at its own size, in column order. */
export function fullResolutionKinds(kinds: readonly FeatureKind[]): FeatureKind[] {
  return kinds.filter((k) => k !== 'pca');
}

/** Values per picture of one full-resolution kind. */
export function kindLength(kind: FeatureKind, spec: Pick<FullResolutionSpec, 'spectrumBins' | 'grid'>): number {
  if (kind === 'spectrum') return spec.spectrumBins;
  if (kind === 'residual') return residualLength(spec.grid);
  throw new Error(`${kind} is not computed at full resolution`);
}

/** Column names of one kind: spectrum_0.., residual_r_m-8_n0.. (channel, row harmonic, column harmonic). */
export function kindColumns(kind: FeatureKind, spec: Pick<FullResolutionSpec, 'spectrumBins' | 'grid'>): string[] {
  if (kind === 'spectrum') return Array.from({ length: spec.spectrumBins }, (_, i) => `spectrum_${i}`);
  if (kind === 'residual') {
    const names: string[] = [];
    const half = spec.grid / 2;
    for (const c of ['r', 'g', 'b'])
      for (let m = -half; m <= half; m++) for (let n = 0; n <= half; n++) names.push(`residual_${c}_m${m}_n${n}`);
    return names;
  }
  throw new Error(`${kind} columns come from the PCA`);
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
  let side = 1;
  for (const k of fullResolutionKinds(spec.kinds))
    side = Math.max(side, k === 'spectrum' ? SPECTRUM_MIN_SIDE : residualMinSide(spec.grid));
  return side;
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
    if (kind === 'spectrum') spectrumProfile(rgb, height, width, spec.spectrumBins, out, at);
    else residualGrid(rgb, height, width, spec.grid, out, at);
    at += kindLength(kind, spec);
  }
}
