// Model files: versioned JSON holding one model's toJSON() plus the feature
// names it was trained on, tagged so that any other JSON is refused. Written
// atomically; read back by a validating loader. Model internals are the
// models' own business (their fromJSON checks their state).
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Estimator, ModelJson } from '../core/estimator.js';
import { estimatorFromJSON } from './registry.js';
import { DegenerateDataError, ModelFileError, PersodataError } from '../util/errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readInputFile } from '../io/file-errors.js';
import { postprocessFromJson, type Postprocess } from '../calibration/postprocess.js';

export const MODEL_FILE_TAG = 'persodata-model';

/** On disk: `{ format, kind, formatVersion, options, state, features }`. */
export interface ModelFileContents extends ModelJson {
  readonly format: typeof MODEL_FILE_TAG;
  readonly features: readonly string[];
  /** Calibration and decision threshold (train --calibrate, --threshold-for); absent in older files. */
  readonly postprocess?: Postprocess;
  /**
   * What turns pictures into `features` (train --images): a featurizer as
   * features --save writes it, validated by pipeline/pipeline-model.ts; absent
   * in models fitted on feature columns and in older files.
   */
  readonly featurizer?: Record<string, unknown>;
  /**
   * How the training pictures' files were saved (train --images; an
   * encoding profile, validated by pipeline/pipeline-model.ts), for predict
   * to compare the pictures it scores with.
   */
  readonly trainingFiles?: Record<string, unknown>;
}

export interface LoadedModel {
  readonly model: Estimator;
  readonly features: readonly string[];
  readonly postprocess?: Postprocess;
  /** The featurizer's JSON object, not yet validated (pipeline/pipeline-model.ts does). */
  readonly featurizer?: Record<string, unknown>;
  /** The training pictures' encoding profile, not yet validated (pipeline/pipeline-model.ts does). */
  readonly trainingFiles?: Record<string, unknown>;
}

/** What a model file holds beside the model and its feature names. */
export interface ModelFileExtras {
  readonly postprocess?: Postprocess;
  readonly featurizer?: Record<string, unknown>;
  readonly trainingFiles?: Record<string, unknown>;
}

/*
 * The checksum is the SHA-256 (hex) of the file's text as written without it:
 * encode writes `{...}` and then splices `,"checksum":"<hex>"` in before the
 * closing brace, so the loader hashes the text before that tail (plus `}`)
 * without serialising the parsed model again. Any changed byte is caught,
 * even one that leaves a valid model (a leaf value 0.7 read as 858993459.7).
 */
const CHECKSUM_TAIL = /,"checksum":"([0-9a-f]{64})"\}\s*$/;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function withChecksum(body: string): string {
  return `${body.slice(0, -1)},"checksum":"${sha256(body)}"}\n`;
}

function fileContents(model: Estimator, features: readonly string[], extras: ModelFileExtras): ModelFileContents {
  return {
    format: MODEL_FILE_TAG,
    ...model.toJSON(),
    features: [...features],
    ...(extras.postprocess ? { postprocess: extras.postprocess } : {}),
    ...(extras.featurizer ? { featurizer: extras.featurizer } : {}),
    ...(extras.trainingFiles ? { trainingFiles: extras.trainingFiles } : {}),
  };
}

export function encodeModelFile(model: Estimator, features: readonly string[], extras: ModelFileExtras = {}): string {
  return withChecksum(JSON.stringify(fileContents(model, features, extras)));
}

/** Parses and validates model file text; `fileName` is used in messages. */
export function decodeModelFile(text: string, fileName: string): LoadedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const truncated = text.trim().length === 0 || !/[}\]]\s*$/.test(text) ? ' (the file looks truncated)' : '';
    throw new ModelFileError(`${fileName}: not valid JSON${truncated}: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== MODEL_FILE_TAG) {
    throw new ModelFileError(`${fileName}: not a persodata model file (no "format": "${MODEL_FILE_TAG}")`);
  }
  const { checksum, ...rest } = raw as Partial<ModelFileContents> & { checksum?: unknown };
  // files written before checksums were added have none; one that has one must match
  if (checksum !== undefined) {
    const tail = CHECKSUM_TAIL.exec(text);
    if (!tail || tail[1] !== checksum || sha256(`${text.slice(0, tail.index)}}`) !== checksum) {
      throw new ModelFileError(
        `${fileName}: the checksum does not match the contents: the file was changed or damaged after it was written`,
      );
    }
  }
  const file = rest as Partial<ModelFileContents>;
  if (typeof file.kind !== 'string') throw new ModelFileError(`${fileName}: "kind" is missing`);
  if (typeof file.formatVersion !== 'number') throw new ModelFileError(`${fileName}: "formatVersion" is missing`);
  if (typeof file.options !== 'object' || file.options === null)
    throw new ModelFileError(`${fileName}: "options" is missing`);
  if (typeof file.state !== 'object' || file.state === null)
    throw new ModelFileError(`${fileName}: "state" is missing`);
  if (!Array.isArray(file.features) || !file.features.every((f) => typeof f === 'string')) {
    throw new ModelFileError(`${fileName}: "features" must be a list of feature names`);
  }
  const { featurizer, trainingFiles } = file;
  for (const [key, value] of Object.entries({ featurizer, trainingFiles }))
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value)))
      throw new ModelFileError(`${fileName}: "${key}" must be an object`);
  try {
    const postprocess = postprocessFromJson(file.postprocess, fileName);
    return {
      model: estimatorFromJSON(file as ModelFileContents),
      features: file.features,
      postprocess,
      featurizer,
      trainingFiles,
    };
  } catch (err) {
    if (err instanceof PersodataError) throw new ModelFileError(`${fileName}: ${err.message}`);
    throw err;
  }
}

/**
 * Writes the model after checking that its own loader accepts it (on the
 * object, before it is serialised: a fit gone non-finite is never saved).
 */
export function saveModel(
  path: string,
  model: Estimator,
  features: readonly string[],
  opts: ModelFileExtras & { force?: boolean } = {},
): void {
  const contents = fileContents(model, features, opts);
  try {
    estimatorFromJSON(contents);
  } catch (err) {
    if (!(err instanceof PersodataError)) throw err;
    throw new DegenerateDataError(`the fitted model is not valid, nothing written to ${path}: ${err.message}`);
  }
  writeFileAtomic(path, withChecksum(JSON.stringify(contents)), opts);
}

/** A model file's text; ModelFileError when it cannot be read. Shared with PCA files. */
export function readModelText(path: string): string {
  return readInputFile(path, 'utf8', { error: ModelFileError });
}

export function loadModel(path: string): LoadedModel {
  return decodeModelFile(readModelText(path), basename(path));
}
