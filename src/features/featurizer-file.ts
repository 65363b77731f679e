// A featurizer as a file: what `persodata features --save` fitted (the kinds,
// their parameters and, with pca, the fitted PCA), which `features --model`
// applies to new pictures so that their columns mean what the training
// set's did. Tagged, versioned JSON; a `persodata pca --save` file is read
// too, as the featurizer of the one kind pca.
import { basename } from 'node:path';
import { readModelText } from '../models/model-file.js';
import { PCA_FILE_TAG, pcaModelFromJson, pcaModelJson, reencodeJpegOf, type PcaModel } from '../pca/pca-model.js';
import { ModelFileError, PersodataError } from '../util/errors.js';
import {
  checkKindParam,
  FEATURE_KINDS,
  specWith,
  type KindParam,
  FULL_RESOLUTION_KINDS,
  type FullResolutionKind,
  type FullResolutionKindSpec,
  type FeatureKind,
  type FullResolutionSpec,
} from './feature-kinds.js';

export const FEATURIZER_FILE_TAG = 'persodata-featurizer';
export const FEATURIZER_FORMAT_VERSION = 1;

export interface Featurizer extends FullResolutionSpec {
  /** Present exactly when `kinds` holds pca. */
  readonly pca?: PcaModel;
  /** Every picture is encoded as JPEG at this quality first (--reencode-jpeg). */
  readonly reencodeJpeg?: number;
}

/** The featurizer as saved: with the JPEG quality its pictures were re-encoded at (its PCA's too). */
export function withReencoding(f: Featurizer, reencodeJpeg: number | undefined): Featurizer {
  return { ...f, reencodeJpeg, pca: f.pca ? { ...f.pca, reencodeJpeg } : undefined };
}

/** The featurizer as a JSON object: its file's contents, and what a pipeline model file embeds. */
export function featurizerJson(f: Featurizer): Record<string, unknown> {
  return {
    format: FEATURIZER_FILE_TAG,
    formatVersion: FEATURIZER_FORMAT_VERSION,
    ...specWith(f.kinds, f),
    reencodeJpeg: f.reencodeJpeg,
    pca: f.pca ? pcaModelJson(f.pca) : undefined,
  };
}

export function encodeFeaturizer(f: Featurizer): string {
  return JSON.stringify(featurizerJson(f)) + '\n';
}

export function decodeFeaturizer(text: string, fileName: string): Featurizer {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ModelFileError(`${fileName}: not valid JSON: ${(err as Error).message}`);
  }
  return featurizerFromJson(raw, fileName);
}

/** Validates a parsed featurizer (or PCA) object; `fileName` is used in messages. */
export function featurizerFromJson(raw: Record<string, unknown>, fileName: string): Featurizer {
  if (typeof raw === 'object' && raw !== null && raw.format === PCA_FILE_TAG) {
    const pca = pcaModelFromJson(raw, fileName);
    return {
      ...specWith(['pca'], {}),
      pca,
      reencodeJpeg: pca.reencodeJpeg,
    };
  }
  if (typeof raw !== 'object' || raw === null || raw.format !== FEATURIZER_FILE_TAG)
    throw new ModelFileError(
      `${fileName}: not a persodata featurizer (from features --save) or PCA (from pca --save) file`,
    );
  if (raw.formatVersion !== FEATURIZER_FORMAT_VERSION)
    throw new ModelFileError(
      `${fileName}: featurizer format version ${String(raw.formatVersion)}; this persodata reads version ${FEATURIZER_FORMAT_VERSION}`,
    );
  const kinds = raw.kinds;
  if (
    !Array.isArray(kinds) ||
    kinds.length === 0 ||
    !kinds.every((k) => (FEATURE_KINDS as readonly unknown[]).includes(k)) ||
    new Set(kinds).size !== kinds.length
  )
    throw new ModelFileError(`${fileName}: "kinds" must list distinct kinds among ${FEATURE_KINDS.join(', ')}`);
  // every kind's parameter, by the kinds table: the file keeps them all, whichever kinds it holds; one
  // of a kind the file leaves out may be missing (files written before the kind existed)
  for (const [kind, k] of Object.entries(FULL_RESOLUTION_KINDS) as Array<
    [FullResolutionKind, FullResolutionKindSpec]
  >) {
    if (raw[k.param] === undefined && !kinds.includes(kind)) continue;
    try {
      checkKindParam(kind, raw[k.param] as number, `"${k.param}"`);
    } catch (err) {
      if (err instanceof PersodataError) throw new ModelFileError(`${fileName}: ${err.message}`);
      throw err;
    }
  }
  const reencodeJpeg = reencodeJpegOf(raw, fileName);
  const hasPca = kinds.includes('pca');
  if (hasPca !== (typeof raw.pca === 'object' && raw.pca !== null))
    throw new ModelFileError(`${fileName}: "pca" must be present exactly when "kinds" holds pca`);
  return {
    ...specWith(kinds as FeatureKind[], raw as Record<KindParam, number>),
    reencodeJpeg,
    pca: hasPca ? pcaModelFromJson(raw.pca as Record<string, unknown>, `${fileName} "pca"`) : undefined,
  };
}

export function loadFeaturizer(path: string): Featurizer {
  return decodeFeaturizer(readModelText(path), basename(path));
}
