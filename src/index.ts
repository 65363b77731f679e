// The library API: what scripts and other packages import from persodata.
// Named one by one, so that what is public is a decision, not whatever a
// module happens to export; internals (kernels, memory layouts, workers,
// the CLI) stay out.

// Data: the matrix type, AutoML folders, CSV tables, labels, feature datasets
export { denseMatrix, takeLabels, takeRows, type DenseMatrix } from './core/dense-matrix.js';
export {
  availableSets,
  locateDataset,
  readDataset,
  SET_NAMES,
  setPath,
  type DataSplit,
  type Dataset,
  type DatasetLocation,
  type ReadDatasetOptions,
  type SetName,
} from './io/automl.js';
export { openDataset, type OpenDatasetOptions, type OpenedDataset } from './io/open-dataset.js';
export { readCsvTable, type CsvTable, type CsvTableOptions } from './io/csv.js';
export { loadMatrix, type LoadMatrixOptions } from './io/matrix-cache.js';
export { parseMatrixText, type ParseMatrixOptions } from './io/matrix-text.js';
export { binaryLabel, parseLabels, readLabels } from './io/labels.js';
export { writeFeatureDataset, type FeatureDataset, type FeatureSet } from './io/write-automl.js';
export { makePersoLike, DEFAULT_PERSO_LIKE_OPTIONS, type PersoLikeOptions } from './synthetic/perso-like.js';

// Models: one shape (fit, predictProba, toJSON), their parameter tables, model files
export type { Estimator, FeatureImportance, FitContext, ModelJson, ModelKind } from './core/estimator.js';
export type { Param, ParamTable, ParamValues } from './core/params.js';
export {
  LogisticRegression,
  LOGISTIC_PARAMS,
  DEFAULT_LOGISTIC_OPTIONS,
  type LogisticOptions,
} from './linear/logistic.js';
export { Gbdt, GBDT_PARAMS, DEFAULT_GBDT_OPTIONS, type GbdtOptions } from './boosting/gbdt.js';
export { RandomForest, FOREST_PARAMS, DEFAULT_FOREST_OPTIONS, type ForestOptions } from './forest/forest.js';
export { createEstimator, estimatorFromJSON, MODEL_KINDS } from './models/registry.js';
export { decodeModelFile, encodeModelFile, loadModel, saveModel, type LoadedModel } from './models/model-file.js';

// Evaluation: metrics as scikit-learn computes them, cross-validation, the cv report
export { rocAuc } from './metrics/roc-auc.js';
export { accuracy, balancedAccuracy, logLoss, rocCurve, tprAtFpr } from './metrics/classification.js';
export { readScoredRows, type ScoredRows } from './metrics/score-files.js';
export { computeMetric } from './metrics/compute-metric.js';
export { crossValidate, type CrossValidateOptions, type CvResult } from './cv/cross-validate.js';
export { stratifiedFoldIds } from './cv/stratified-k-fold.js';
export { renderCvReport, type CvReportInput } from './report/cv-report.js';

// Submissions: the formats of the PersoData challenge and its sister challenges
export {
  formatOfHeader,
  formatSubmission,
  METRICS,
  submissionFileName,
  SUBMISSION_FORMAT_SPECS,
  SUBMISSION_FORMATS,
  type Metric,
  type PositiveClass,
  type SubmissionFormat,
  type SubmissionFormatSpec,
} from './io/submission-formats.js';

// Pictures and PCA
export { decodeRgb, type RgbImage } from './images/decode-image.js';
export { resizeRgbInto } from './images/resize.js';
export { runPca, type PcaRunOptions, type PcaRunResult } from './pca/pca-pipeline.js';
export { imageFolderSets, pixelRowSets, type PictureSources } from './pictures/assemble-sets.js';
export {
  decodePcaModel,
  encodePcaModel,
  explainedVarianceRatio,
  loadPcaModel,
  savePcaModel,
  type PcaModel,
} from './pca/pca-model.js';

// Full-resolution features
export {
  runFeatures,
  fit as fitFeaturizer,
  transform as applyFeaturizer,
  type FeaturesRunOptions,
  type FeaturizedSets as FeaturesRunResult,
} from './features/featurizer.js';
export {
  FEATURE_KINDS,
  fullResolutionLength,
  fullResolutionValues,
  kindColumns,
  type FeatureKind,
  type FullResolutionSpec,
} from './features/feature-kinds.js';
export { loadFft } from './features/half-spectrum.js';
export { decodeFeaturizer, encodeFeaturizer, loadFeaturizer, type Featurizer } from './features/featurizer-file.js';

// Errors: every failure persodata reports is one of these, with a stable exit code
export {
  DegenerateDataError,
  EXIT_CODES,
  InputError,
  ModelFileError,
  OutputError,
  OutputExistsError,
  PersodataError,
  UsageError,
  type ErrorCode,
} from './util/errors.js';
export { Rng } from './util/rng.js';
