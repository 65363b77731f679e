// The submission files of the PersoData challenge and its sister challenges,
// from a model's probabilities of label 1. Each format says which class its
// number is about, whatever the labels were: `positive` says whether label 1
// meant real (the PersoData convention) or fake.
//
//   codalab          NAME_SET.predict  P(label 1) a line, row order (PersoData, AUC)
//   name-pred        NAME_SET.csv      name,pred       P(fake), rows sorted by name (accuracy at 0.5)
//   id-p-real        NAME_SET.csv      id,p_real       P(real) clipped to [clip, 1 - clip] (log loss)
//   img-name-y-pred  NAME_SET.csv      img_name,y_pred P(fake) (AUC, then TPR at FPR 1e-3)
//   logit            NAME_SET.csv      name,logit      log(P(fake) / P(real)), > 0 = synthetic (balanced accuracy)
export const SUBMISSION_FORMATS = ['codalab', 'name-pred', 'id-p-real', 'img-name-y-pred', 'logit'] as const;
export type SubmissionFormat = (typeof SUBMISSION_FORMATS)[number];
export type PositiveClass = 'real' | 'fake';

/** Logits are taken of probabilities kept within [1e-15, 1 - 1e-15]: at most ±34.5, never infinite. */
const LOGIT_EPS = 1e-15;

export interface SubmissionOptions {
  /** What label 1 meant in training. */
  readonly positive: PositiveClass;
  /** id-p-real: probabilities are clipped to [clip, 1 - clip]. */
  readonly clip: number;
}

export function submissionFileName(format: SubmissionFormat, datasetName: string, setName: string): string {
  return format === 'codalab' ? `${datasetName}_${setName}.predict` : `${datasetName}_${setName}.csv`;
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
  const n = probabilityOfLabel1.length;
  const pFake = (i: number) => (opts.positive === 'fake' ? probabilityOfLabel1[i] : 1 - probabilityOfLabel1[i]);
  const pReal = (i: number) => (opts.positive === 'real' ? probabilityOfLabel1[i] : 1 - probabilityOfLabel1[i]);
  const rows = (header: string, value: (i: number) => number, order?: number[]) => {
    const lines = [header];
    for (const i of order ?? Array.from({ length: n }, (_, k) => k)) lines.push(`${csvField(names[i])},${value(i)}`);
    return lines.join('\n') + '\n';
  };
  switch (format) {
    case 'codalab': {
      const lines = new Array<string>(n);
      for (let i = 0; i < n; i++) lines[i] = String(probabilityOfLabel1[i]);
      return lines.join('\n') + '\n';
    }
    case 'name-pred': {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
        names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b,
      );
      return rows('name,pred', pFake, order);
    }
    case 'id-p-real':
      return rows('id,p_real', (i) => Math.min(Math.max(pReal(i), opts.clip), 1 - opts.clip));
    case 'img-name-y-pred':
      return rows('img_name,y_pred', pFake);
    case 'logit':
      return rows('name,logit', (i) => {
        const p = Math.min(Math.max(pFake(i), LOGIT_EPS), 1 - LOGIT_EPS);
        return Math.log(p / (1 - p));
      });
  }
}
