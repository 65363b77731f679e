// A fitted PCA as a file: tagged, versioned JSON that `persodata pca
// --model` reads back to project new pictures exactly as the fit's own were.
// The arrays are base64 of their little-endian bytes (200 x 12288 f32
// components: 9.8 MB of bytes, 13 MB of base64).
import { basename } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readModelText } from '../models/model-file.js';
import { ModelFileError } from '../util/errors.js';
import type { PcaFit } from './randomized-pca.js';

export const PCA_FILE_TAG = 'persodata-pca';
export const PCA_FORMAT_VERSION = 1;

export interface PcaModel extends Omit<PcaFit, 'scores'> {
  /** Pictures are resized to size x size x 3 before projection. */
  readonly size: number;
  readonly nComponents: number;
  /** Rows the fit saw. */
  readonly nFitRows: number;
  readonly seed: number;
  /** The pictures were encoded as JPEG at this quality first (--reencode-jpeg); new ones must be too. */
  readonly reencodeJpeg?: number;
}

export function nFeaturesOf(size: number): number {
  return size * size * 3;
}

export function explainedVarianceRatio(model: Pick<PcaModel, 'explainedVariance' | 'totalVariance'>): Float64Array {
  return model.explainedVariance.map((v) => (model.totalVariance > 0 ? v / model.totalVariance : 0));
}

const b64 = (a: Float32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** The PCA as the JSON object of its file (a featurizer file embeds it). */
export function pcaModelJson(model: PcaModel): Record<string, unknown> {
  return {
    format: PCA_FILE_TAG,
    formatVersion: PCA_FORMAT_VERSION,
    size: model.size,
    nComponents: model.nComponents,
    nFitRows: model.nFitRows,
    seed: model.seed,
    reencodeJpeg: model.reencodeJpeg,
    totalVariance: model.totalVariance,
    explainedVariance: Array.from(model.explainedVariance),
    explainedVarianceRatio: Array.from(explainedVarianceRatio(model)),
    mean: b64(model.mean),
    components: b64(model.components),
  };
}

export function encodePcaModel(model: PcaModel): string {
  return JSON.stringify(pcaModelJson(model)) + '\n';
}

function decodeArray<T extends Float32Array | Float64Array>(
  value: unknown,
  Type: { new (n: number): T; BYTES_PER_ELEMENT: number },
  n: number,
  where: string,
): T {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  if (!bytes || bytes.length !== n * Type.BYTES_PER_ELEMENT)
    throw new ModelFileError(`${where}: expected base64 of ${n} ${Type.name.replace('Array', '')} values`);
  const out = new Type(n);
  new Uint8Array(out.buffer).set(bytes);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ModelFileError(`${where}: value ${bad} is ${out[bad]}; a PCA holds finite numbers only`);
  return out;
}

/** A saved "reencodeJpeg": absent, or a JPEG quality. */
export function reencodeJpegOf(raw: Record<string, unknown>, fileName: string): number | undefined {
  const q = raw.reencodeJpeg;
  if (q === undefined || (typeof q === 'number' && Number.isInteger(q) && q >= 1 && q <= 100)) return q;
  throw new ModelFileError(`${fileName}: "reencodeJpeg" must be a JPEG quality from 1 to 100`);
}

export function decodePcaModel(text: string, fileName: string): PcaModel {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ModelFileError(`${fileName}: not valid JSON: ${(err as Error).message}`);
  }
  return pcaModelFromJson(raw, fileName);
}

/** Checks and reads a PCA's JSON object; `fileName` (and where in it) names it in errors. */
export function pcaModelFromJson(raw: Record<string, unknown>, fileName: string): PcaModel {
  if (typeof raw !== 'object' || raw === null || raw.format !== PCA_FILE_TAG) {
    throw new ModelFileError(
      `${fileName}: not a persodata PCA file (no "format": "${PCA_FILE_TAG}")` +
        (raw?.format === 'persodata-model' ? '; it is a model file for predict' : ''),
    );
  }
  if (raw.formatVersion !== PCA_FORMAT_VERSION)
    throw new ModelFileError(
      `${fileName}: PCA format version ${String(raw.formatVersion)}; this persodata reads version ${PCA_FORMAT_VERSION}`,
    );
  const int = (key: string, min: number) => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new ModelFileError(`${fileName}: "${key}" must be an integer >= ${min}`);
    return v;
  };
  const size = int('size', 1);
  const nComponents = int('nComponents', 1);
  const nFitRows = int('nFitRows', 2);
  const seed = typeof raw.seed === 'number' ? raw.seed : 0;
  const reencodeJpeg = reencodeJpegOf(raw, fileName);
  const d = nFeaturesOf(size);
  if (typeof raw.totalVariance !== 'number' || !(raw.totalVariance >= 0) || !Number.isFinite(raw.totalVariance))
    throw new ModelFileError(`${fileName}: "totalVariance" must be a number >= 0`);
  const ev = raw.explainedVariance;
  if (
    !Array.isArray(ev) ||
    ev.length !== nComponents ||
    !ev.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)
  )
    throw new ModelFileError(`${fileName}: "explainedVariance" must hold ${nComponents} finite numbers >= 0`);
  return {
    size,
    nComponents,
    nFitRows,
    seed,
    reencodeJpeg,
    totalVariance: raw.totalVariance,
    explainedVariance: Float64Array.from(ev as number[]),
    mean: decodeArray(raw.mean, Float64Array, d, `${fileName}: "mean"`),
    components: decodeArray(raw.components, Float32Array, nComponents * d, `${fileName}: "components"`),
  };
}

export function savePcaModel(path: string, model: PcaModel, opts: { force?: boolean } = {}): void {
  writeFileAtomic(path, encodePcaModel(model), opts);
}

export function loadPcaModel(path: string): PcaModel {
  return decodePcaModel(readModelText(path), basename(path));
}
