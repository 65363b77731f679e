// The audit: how the two classes' files were made (class-summary.ts), and
// whether that alone tells them apart: a metadata-only model (the project's
// gbdt, or logistic regression for small sets) cross-validated on the file
// facts, the facts that carry it (each one's own AUC), and a warning naming
// the difference when the model's AUC passes a threshold.
import { denseMatrix } from '../core/dense-matrix.js';
import { crossValidate } from '../cv/cross-validate.js';
import { rocAuc } from '../metrics/roc-auc.js';
import { createEstimator } from '../models/registry.js';
import { describeEncoding, summarizeClass, type ClassSummary } from './class-summary.js';
import type { FileFacts } from './file-facts.js';
import { METADATA_FEATURES, metadataMatrix } from './metadata-features.js';

export const DEFAULT_WARN_AUC = 0.65;
/** Below this many pictures the metadata model is logistic regression (gbdt needs 20 rows a leaf). */
const GBDT_FROM_ROWS = 100;
const AUDIT_FOLDS = 5;

export interface AuditOptions {
  readonly warnAuc: number;
  readonly seed: number;
  readonly threads: number;
}

export interface AuditResult {
  readonly pictures: number;
  /** Label 1 (real) and label 0 (fake). */
  readonly real: ClassSummary;
  readonly fake: ClassSummary;
  readonly model?: { readonly kind: 'gbdt' | 'logistic'; readonly folds: number; meanAuc: number; stdAuc: number };
  /** Why there is no model, when there is none. */
  readonly modelNote?: string;
  /** Every metadata feature with its own AUC as a score for "real", most separating first. */
  readonly features: Array<{ name: string; auc: number }>;
  readonly warning?: string;
}

/** The separation of a single score: |AUC - 0.5| + 0.5, whichever way round it points. */
const separation = (auc: number) => Math.max(auc, 1 - auc);

export async function auditFacts(
  facts: readonly FileFacts[],
  labels: Uint8Array,
  opts: AuditOptions,
): Promise<AuditResult> {
  const real = summarizeClass(facts.filter((_, i) => labels[i] === 1));
  const fake = summarizeClass(facts.filter((_, i) => labels[i] === 0));
  const k = METADATA_FEATURES.length;
  const x = metadataMatrix(facts);
  const features = METADATA_FEATURES.map(([name], c) => ({
    name,
    auc:
      real.count > 0 && fake.count > 0
        ? rocAuc(
            labels,
            Float64Array.from(facts, (_, r) => x[r * k + c]),
          )
        : 0.5,
  })).sort((a, b) => separation(b.auc) - separation(a.auc));
  let model: AuditResult['model'];
  let modelNote: string | undefined;
  if (Math.min(real.count, fake.count) < AUDIT_FOLDS) {
    modelNote = `no metadata model: ${AUDIT_FOLDS}-fold cv needs ${AUDIT_FOLDS} pictures of each class (real ${real.count}, fake ${fake.count})`;
  } else {
    const kind = facts.length >= GBDT_FROM_ROWS ? 'gbdt' : 'logistic';
    const cv = await crossValidate(
      () => createEstimator(kind, {}, opts.seed),
      denseMatrix(facts.length, k, x),
      labels,
      { nFolds: AUDIT_FOLDS, seed: opts.seed, fitContext: { threads: opts.threads } },
    );
    model = { kind, folds: AUDIT_FOLDS, meanAuc: cv.meanAuc, stdAuc: cv.stdAuc };
  }
  let warning: string | undefined;
  if (model && model.meanAuc > opts.warnAuc) {
    const dims = (s: ClassSummary) =>
      real.dimensions[0]?.[0] !== fake.dimensions[0]?.[0] ? ` ${s.dimensions[0][0]}` : '';
    const carriers = features
      .filter((f) => separation(f.auc) >= 0.6)
      .slice(0, 3)
      .map((f) => `${f.name} ${separation(f.auc).toFixed(2)}`);
    const realEncoding = `${describeEncoding(real)}${dims(real)}`;
    const fakeEncoding = `${describeEncoding(fake)}${dims(fake)}`;
    // one encoding for both, yet separable (by file size, say): name no difference that is not there
    const encodings =
      realEncoding === fakeEncoding
        ? `both classes ${realEncoding}, yet`
        : `real: ${realEncoding}, fake: ${fakeEncoding};`;
    warning =
      `${encodings} file metadata alone separates the classes, cv AUC ${model.meanAuc.toFixed(2)}` +
      (carriers.length > 0 ? ` (carried by ${carriers.join(', ')})` : '');
  }
  return { pictures: facts.length, real, fake, model, modelNote, features, warning };
}
