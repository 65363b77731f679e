// A pipeline model: one model file from pictures to probabilities. It is a
// model file (models/model-file.ts) whose `featurizer` field holds what
// `features --save` would write (kinds, settings, fitted PCA, re-encoding),
// and whose `features` are that featurizer's columns, in order. Files
// without the field (models fitted on feature columns, older files) load as
// before, with no featurizer.
import { basename } from 'node:path';
import type { Estimator } from '../core/estimator.js';
import type { Postprocess } from '../calibration/postprocess.js';
import { featurizerFromJson, featurizerJson, type Featurizer } from '../features/featurizer-file.js';
import { featureColumns } from '../features/feature-kinds.js';
import { trainingFilesFromJson, type TrainingFiles } from '../audit/encoding-profile.js';
import { decodeModelFile, readModelText, saveModel } from '../models/model-file.js';
import { ModelFileError } from '../util/errors.js';

export interface PipelineModel {
  readonly model: Estimator;
  readonly features: readonly string[];
  readonly postprocess?: Postprocess;
  /** Present when the model was fitted on pictures (train --images). */
  readonly featurizer?: Featurizer;
  /** How the training pictures were saved (train --images since this field came; absent in older models). */
  readonly trainingFiles?: TrainingFiles;
}

/** The featurizer's columns, in the order its kinds put them. */
export function featurizerColumns(f: Featurizer): string[] {
  return featureColumns(f, f.pca?.nComponents ?? 0);
}

/** Parses and validates a model file's text, its featurizer included. */
export function decodePipelineModel(text: string, fileName: string): PipelineModel {
  const loaded = decodeModelFile(text, fileName);
  if (!loaded.featurizer) return { model: loaded.model, features: loaded.features, postprocess: loaded.postprocess };
  const featurizer = featurizerFromJson(loaded.featurizer, `${fileName} "featurizer"`); // throws ModelFileError
  const columns = featurizerColumns(featurizer);
  const differs = columns.findIndex((c, i) => c !== loaded.features[i]);
  if (columns.length !== loaded.features.length || differs >= 0)
    throw new ModelFileError(
      `${fileName}: its featurizer makes ${columns.length} columns, but the model was fitted on ${loaded.features.length} others` +
        (differs >= 0
          ? ` (column ${differs + 1} is "${columns[differs]}" from the featurizer, "${loaded.features[differs] ?? '(none)'}" in the model)`
          : ''),
    );
  const trainingFiles =
    loaded.trainingFiles && trainingFilesFromJson(loaded.trainingFiles, `${fileName} "trainingFiles"`);
  return { model: loaded.model, features: loaded.features, postprocess: loaded.postprocess, featurizer, trainingFiles };
}

export function loadPipelineModel(path: string): PipelineModel {
  return decodePipelineModel(readModelText(path), basename(path));
}

/** Saves a classifier fitted on `featurizer`'s columns, with the featurizer, as one model file. */
export function savePipelineModel(
  path: string,
  model: Estimator,
  featurizer: Featurizer,
  opts: { force?: boolean; postprocess?: Postprocess; trainingFiles?: TrainingFiles } = {},
): void {
  saveModel(path, model, featurizerColumns(featurizer), {
    ...opts,
    featurizer: featurizerJson(featurizer),
    trainingFiles: opts.trainingFiles && { ...opts.trainingFiles },
  });
}
