// The submission files of the PersoData challenge and its sister challenges,
// from a model's probabilities of label 1, as one table (SUBMISSION_FORMAT_SPECS)
// that predict's writer and score's reader both use. Each format says which
// class its number is about, whatever the labels were: `positive` says whether
// label 1 meant real (the PersoData convention) or fake.
//
//   codalab          NAME_SET.predict  P(label 1) a line, row order (PersoData, AUC)
//   name-pred        NAME_SET.csv      name,pred       P(fake), rows sorted by name (accuracy at 0.5)
//   id-p-real        NAME_SET.csv      id,p_real       P(real) clipped to [clip, 1 - clip] (log loss)
//   img-name-y-pred  NAME_SET.csv      img_name,y_pred P(fake) (AUC, then TPR at FPR 1e-3)
//   logit            NAME_SET.csv      name,logit      log(P(fake) / P(real)), > 0 = synthetic (balanced accuracy)
export const SUBMISSION_FORMATS = ['codalab', 'name-pred', 'id-p-real', 'img-name-y-pred', 'logit'] as const;
export type SubmissionFormat = (typeof SUBMISSION_FORMATS)[number];
export type PositiveClass = 'real' | 'fake';

/** The metrics `persodata score` computes (metrics/compute-metric.ts). */
export const METRICS = ['auc', 'accuracy', 'balanced-accuracy', 'log-loss', 'tpr-at-fpr'] as const;
export type Metric = (typeof METRICS)[number];

/** One submission format: what predict writes, how score reads it back, what its challenge scores. */
export interface SubmissionFormatSpec {
  readonly format: SubmissionFormat;
  /** The CSV header; undefined for the Codalab file (one value a line, no names). */
  readonly header?: string;
  readonly extension: '.predict' | '.csv';
  /** The class the number is about: label 1 as trained (Codalab), or real or fake whatever label 1 meant. */
  readonly about: 'label-1' | PositiveClass;
  /** probability, a probability clipped to [clip, 1 - clip], or a logit (log odds). */
  readonly value: 'probability' | 'clipped' | 'logit';
  /** Rows sorted by name rather than in row order. */
  readonly sortByName: boolean;
  /** The metric(s) its challenge scores, score's default. */
  readonly metrics: readonly Metric[];
  /** Class decisions (accuracy, balanced accuracy) are value > threshold. */
  readonly threshold: number;
}

/** The one table the writer (formatSubmission), the reader (score-files.ts) and predict use. */
export const SUBMISSION_FORMAT_SPECS: Readonly<Record<SubmissionFormat, SubmissionFormatSpec>> = {
  codalab: {
    format: 'codalab',
    extension: '.predict',
    about: 'label-1',
    value: 'probability',
    sortByName: false,
    metrics: ['auc'],
    threshold: 0.5,
  },
  'name-pred': {
    format: 'name-pred',
    header: 'name,pred',
    extension: '.csv',
    about: 'fake',
    value: 'probability',
    sortByName: true,
    metrics: ['accuracy'],
    threshold: 0.5,
  },
  'id-p-real': {
    format: 'id-p-real',
    header: 'id,p_real',
    extension: '.csv',
    about: 'real',
    value: 'clipped',
    sortByName: false,
    metrics: ['log-loss'],
    threshold: 0.5,
  },
  'img-name-y-pred': {
    format: 'img-name-y-pred',
    header: 'img_name,y_pred',
    extension: '.csv',
    about: 'fake',
    value: 'probability',
    sortByName: false,
    metrics: ['auc', 'tpr-at-fpr'],
    threshold: 0.5,
  },
  logit: {
    format: 'logit',
    header: 'name,logit',
    extension: '.csv',
    about: 'fake',
    value: 'logit',
    sortByName: false,
    metrics: ['balanced-accuracy'],
    threshold: 0,
  },
};

/** The format a prediction file's header names; a CSV with another header is read as probabilities scored by AUC. */
export function formatOfHeader(header: readonly string[] | undefined): SubmissionFormatSpec {
  const text = header?.join(',');
  const known = Object.values(SUBMISSION_FORMAT_SPECS).find((spec) => spec.header === text);
  if (known) return known;
  // an unknown CSV: its second column is a probability, unless it is called logit (`filename,logit` is the
  // logit format under a picture list's own name column)
  return header?.[1] === 'logit' ? SUBMISSION_FORMAT_SPECS.logit : SUBMISSION_FORMAT_SPECS.codalab;
}

/** Logits are taken of probabilities kept within [1e-15, 1 - 1e-15]: at most ±34.5, never infinite. */
const LOGIT_EPS = 1e-15;

export interface SubmissionOptions {
  /** What label 1 meant in training. */
  readonly positive: PositiveClass;
  /** id-p-real: probabilities are clipped to [clip, 1 - clip]. */
  readonly clip: number;
  /** The header's name for the name column, where the rows' names came under one (a picture list's `filename`). */
  readonly nameColumn?: string;
}

export function submissionFileName(format: SubmissionFormat, datasetName: string, setName: string): string {
  return `${datasetName}_${setName}${SUBMISSION_FORMAT_SPECS[format].extension}`;
}

/** RFC 4180 quoting where a name needs it. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `names[i]` names row i (picture names from .ids files, else row numbers). */
export function formatSubmission(
  format: SubmissionFormat,
  probabilityOfLabel1: ArrayLike<number>,
  names: readonly string[],
  opts: SubmissionOptions,
): string {
  const spec = SUBMISSION_FORMAT_SPECS[format];
  const n = probabilityOfLabel1.length;
  const p =
    spec.about === 'label-1' || spec.about === opts.positive
      ? (i: number) => probabilityOfLabel1[i]
      : (i: number) => 1 - probabilityOfLabel1[i];
  const value =
    spec.value === 'clipped'
      ? (i: number) => Math.min(Math.max(p(i), opts.clip), 1 - opts.clip)
      : spec.value === 'logit'
        ? (i: number) => {
            const q = Math.min(Math.max(p(i), LOGIT_EPS), 1 - LOGIT_EPS);
            return Math.log(q / (1 - q));
          }
        : p;
  const order = Array.from({ length: n }, (_, i) => i);
  if (spec.sortByName) order.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b));
  const header =
    spec.header !== undefined && opts.nameColumn !== undefined
      ? `${csvField(opts.nameColumn)},${spec.header.slice(spec.header.indexOf(',') + 1)}`
      : spec.header;
  const lines = header === undefined ? [] : [header];
  for (const i of order) lines.push(spec.header === undefined ? String(value(i)) : `${csvField(names[i])},${value(i)}`);
  return lines.join('\n') + '\n';
}
