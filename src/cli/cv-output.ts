// What `cv` prints and writes once the folds are scored, from a feature
// folder or from pictures alike: the per-fold line, the JSON object or the
// summary lines, and the HTML report.
import type { DatasetAudit } from '../audit/dataset-audit.js';
import type { CvResult, FoldPredictions, FoldScore } from '../cv/cross-validate.js';
import { foldMetric, metricLabel, summarizeMetrics } from '../cv/fold-metrics.js';
import type { Metric } from '../io/submission-formats.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderCvReport } from '../report/cv-report.js';
import type { ModelKind } from '../core/estimator.js';
import { allEqual, constantModelWarning } from './constant-model.js';
import { MODEL_PARAMS } from './params.js';
import type { Reporter } from './reporter.js';
import { VERSION } from '../util/version.js';

export interface CvOutputContext {
  readonly model: ModelKind;
  readonly modelOptions: Readonly<Record<string, number | string | boolean>>;
  readonly folds: number;
  readonly metrics: readonly Metric[];
  readonly fpr: number;
  readonly seed: number;
  readonly threads: number;
  readonly json: boolean;
  readonly report?: string;
  readonly force: boolean;
}

const extraMetrics = (ctx: CvOutputContext) => ctx.metrics.filter((m) => m !== 'auc');

/** The line printed as each fold is scored (none with --json). */
export function foldLine(ctx: CvOutputContext, s: FoldScore, held: FoldPredictions): string | undefined {
  if (ctx.json) return undefined;
  const more = extraMetrics(ctx)
    .map((m) => `  ${metricLabel(m, ctx.fpr)} ${foldMetric(m, held, ctx.fpr).toFixed(5)}`)
    .join('');
  return `fold ${s.fold}  AUC ${s.auc.toFixed(5)}${more}  (${s.nTrain} train, ${s.nTest} held out${s.notes ? `; ${s.notes}` : ''})`;
}

export interface CvOutput {
  readonly result: CvResult;
  /** Fields of the JSON object before the folds (pictures, kinds...). */
  readonly jsonHead?: Record<string, unknown>;
  /** Fields after the means (the leaky protocol's...). */
  readonly jsonTail?: Record<string, unknown>;
  /** What the summary line says in its parentheses after the model. */
  readonly about?: string;
  /** Lines printed after the summary line. */
  readonly notes?: readonly string[];
  /** The report's "data" parameter, and its other rows before the model's. */
  readonly dataRows: ReadonlyArray<[string, string]>;
  readonly featureNames: readonly string[];
  readonly audit?: DatasetAudit;
}

/** Prints the summary (text or JSON) and writes the report. */
export function writeCvOutput(ctx: CvOutputContext, out: CvOutput, reporter: Reporter): void {
  const { result } = out;
  const constant = result.predictions.filter((p) => allEqual(p.scores)).length;
  if (constant > 0)
    reporter.warn(
      constantModelWarning(
        `in ${constant} of ${result.folds.length} folds`,
        ctx.model,
        ctx.modelOptions,
        result.folds[0].nTrain,
      ),
    );
  const extra = extraMetrics(ctx);
  const summaries = summarizeMetrics(result, extra, ctx.fpr);
  if (ctx.json) {
    reporter.result(
      JSON.stringify({
        model: ctx.model,
        ...out.jsonHead,
        folds: result.folds.map((f, i) => ({
          fold: f.fold,
          auc: f.auc,
          ...Object.fromEntries(summaries.map((s) => [s.metric, s.folds[i]])),
        })),
        mean_auc: result.meanAuc,
        std_auc: result.stdAuc,
        ...Object.fromEntries(
          summaries.flatMap((s) => [
            [`mean_${s.metric}`, s.mean],
            [`std_${s.metric}`, s.std],
          ]),
        ),
        ...(extra.includes('tpr-at-fpr') ? { fpr: ctx.fpr } : {}),
        ...out.jsonTail,
      }),
    );
  } else {
    reporter.result(
      `mean AUC ${result.meanAuc.toFixed(5)} ± ${result.stdAuc.toFixed(5)} over ${ctx.folds} folds (${ctx.model}${out.about ? `; ${out.about}` : ''})`,
    );
    for (const line of out.notes ?? []) reporter.result(line);
    for (const s of summaries)
      reporter.result(`mean ${metricLabel(s.metric, ctx.fpr)} ${s.mean.toFixed(5)} ± ${s.std.toFixed(5)}`);
  }
  if (!ctx.report) return;
  const parameters: Array<[string, string]> = [
    ...out.dataRows,
    ['model', ctx.model],
    ...Object.entries(MODEL_PARAMS[ctx.model]).map(([key, p]): [string, string] => [
      p.flag,
      String(ctx.modelOptions[key] ?? p.default) + (key in ctx.modelOptions ? '' : ' (default)'),
    ]),
    ['--folds', String(ctx.folds)],
    ['--metric', ctx.metrics.join(' ')],
    ...(extra.includes('tpr-at-fpr') ? ([['--fpr', String(ctx.fpr)]] as Array<[string, string]>) : []),
    ['--seed', String(ctx.seed)],
    ['--threads', String(ctx.threads)],
  ];
  const html = renderCvReport({
    result,
    metrics: summaries.map((s) => ({ ...s, label: metricLabel(s.metric, ctx.fpr) })),
    audit: out.audit,
    model: ctx.model,
    parameters,
    featureNames: out.featureNames,
    generatedBy: `persodata ${VERSION}, ${new Date().toISOString()}`,
  });
  writeFileAtomic(ctx.report, html, { force: ctx.force });
  reporter.info(`report written to ${ctx.report}`);
}
