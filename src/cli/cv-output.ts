// What `cv` prints and writes once the folds are scored, from a feature
// folder or from pictures alike: the per-fold line, the JSON object or the
// summary lines, and the HTML report.
import type { DatasetAudit } from '../audit/dataset-audit.js';
import type { CvResult, FoldPredictions, FoldScore } from '../cv/cross-validate.js';
import { foldMetric, metricLabel, summarizeMetrics } from '../cv/fold-metrics.js';
import { csvField, type Metric } from '../io/submission-formats.js';
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
  /** Path of the out-of-fold predictions CSV to write, if any. */
  readonly oof?: string;
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
  /** Names of the rows cv scored, in row order (.ids row names, picture names); row numbers from 1 when absent. */
  readonly rowIds?: readonly string[];
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
  if (ctx.oof) {
    writeFileAtomic(ctx.oof, outOfFoldCsv(result, out.rowIds), { force: ctx.force });
    reporter.info(`out-of-fold predictions written to ${ctx.oof}`);
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

/**
 * cv --oof: one line per row cv scored, in row order: its name, the fold it
 * was held out in (from 1), its label and P(label 1) from the model fitted on
 * the other folds; with --test-transform, P(label 1) of the row processed too.
 * Probabilities are written in full (the shortest text that reads back to the
 * same double).
 */
export function outOfFoldCsv(result: CvResult, rowIds?: readonly string[]): string {
  const n = result.predictions.reduce((sum, p) => sum + p.labels.length, 0);
  const fold = new Int32Array(n).fill(-1);
  const label = new Uint8Array(n);
  const p = new Float64Array(n);
  const processed = result.processed ? new Float64Array(n) : undefined;
  result.predictions.forEach((held, f) => {
    if (!held.rows) throw new Error('cv --oof: a fold kept no row indices');
    held.rows.forEach((row, k) => {
      if (fold[row] !== -1) throw new Error(`cv --oof: row ${row + 1} was held out twice`);
      fold[row] = f + 1;
      label[row] = held.labels[k];
      p[row] = held.scores[k];
      if (processed) processed[row] = result.processed!.predictions[f].scores[k];
    });
  });
  if (rowIds && rowIds.length !== n) throw new Error(`cv --oof: ${rowIds.length} row names for ${n} rows`);
  const lines = [`id,fold,label,p_label_1${processed ? ',p_label_1_processed' : ''}`];
  for (let row = 0; row < n; row++) {
    if (fold[row] === -1) throw new Error(`cv --oof: row ${row + 1} was never held out`);
    const id = rowIds ? csvField(rowIds[row]) : String(row + 1);
    lines.push(`${id},${fold[row]},${label[row]},${p[row]}${processed ? `,${processed[row]}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
