// The cv report: one self-contained HTML page (inline CSS and SVG, no
// scripts, no network) with the ROC curve of every fold and their mean, the
// AUC per fold, the confusion matrix at 0.5 over all held-out rows, feature
// importance for tree models, and the run's parameters.
import { auditRows, modelLine, separatingLine } from '../audit/audit-table.js';
import type { AuditResult } from '../audit/audit.js';
import type { DatasetAudit } from '../audit/dataset-audit.js';
import type { CvResult } from '../cv/cross-validate.js';
import { rocCurve } from '../metrics/classification.js';
import { barsSvg, escapeHtml, FOLD_COLORS, rocSvg, type Curve } from './svg-charts.js';

export interface CvReportInput {
  readonly result: CvResult;
  readonly model: string;
  /** Shown as given, in order. */
  readonly parameters: ReadonlyArray<[string, string]>;
  readonly featureNames: readonly string[];
  readonly generatedBy: string;
  /** Metrics beside the AUC, per fold (cv --metric). */
  readonly metrics?: ReadonlyArray<{ label: string; folds: readonly number[]; mean: number; std: number }>;
  /** The header audit of the pictures the features came from (pca and features write it), when there is one. */
  readonly audit?: DatasetAudit;
}

/** Points of the mean ROC: each fold's TPR interpolated linearly at FPR = 0, 0.01, ..., 1, then averaged. */
export function meanRoc(
  curves: ReadonlyArray<{ fpr: Float64Array; tpr: Float64Array }>,
  steps = 100,
): { fpr: Float64Array; tpr: Float64Array } {
  const fpr = Float64Array.from({ length: steps + 1 }, (_, i) => i / steps);
  const tpr = new Float64Array(steps + 1);
  for (const c of curves) {
    let j = 0;
    for (let i = 0; i <= steps; i++) {
      const x = fpr[i];
      while (j + 1 < c.fpr.length && c.fpr[j + 1] < x) j++;
      // the highest TPR reached at FPR exactly x, else interpolate between the points around x
      let k = j;
      while (k + 1 < c.fpr.length && c.fpr[k + 1] <= x) k++;
      let t: number;
      if (c.fpr[k] === x) t = c.tpr[k];
      else if (k + 1 < c.fpr.length)
        t = c.tpr[k] + ((c.tpr[k + 1] - c.tpr[k]) * (x - c.fpr[k])) / (c.fpr[k + 1] - c.fpr[k]);
      else t = c.tpr[k];
      tpr[i] += t / curves.length;
    }
  }
  tpr[0] = 0;
  return { fpr, tpr };
}

/** Counts at threshold 0.5 over all held-out rows: [actual][predicted], class 0 first. */
export function confusionAtHalf(result: CvResult): number[][] {
  const m = [
    [0, 0],
    [0, 0],
  ];
  for (const { labels, scores } of result.predictions)
    for (let i = 0; i < labels.length; i++) m[labels[i]][scores[i] >= 0.5 ? 1 : 0]++;
  return m;
}

const STYLE = `.warning{color:#a40000}
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1000px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 3px 10px; text-align: right; }
th { background: #f3f3f3; } td.l, th.l { text-align: left; }
svg text { font: 12px system-ui, sans-serif; fill: #333; }
.grid { stroke: #eee; } .frame { fill: none; stroke: #999; } .chance { stroke: #bbb; stroke-dasharray: 4 4; }
.bar { fill: #56B4E9; }`;

export function renderCvReport(input: CvReportInput): string {
  const { result } = input;
  const curves = result.predictions.map((p) => rocCurve(p.labels, p.scores));
  const mean = meanRoc(curves);
  const plotted: Curve[] = curves.map((c, i) => ({
    label: `fold ${i + 1}: AUC ${result.folds[i].auc.toFixed(4)}`,
    color: FOLD_COLORS[i % FOLD_COLORS.length],
    fpr: c.fpr,
    tpr: c.tpr,
    className: 'fold',
    width: 1.5,
  }));
  plotted.push({
    label: `mean: AUC ${result.meanAuc.toFixed(4)} ± ${result.stdAuc.toFixed(4)}`,
    color: '#000000',
    fpr: mean.fpr,
    tpr: mean.tpr,
    className: 'mean',
    width: 3,
  });

  const foldRows = result.folds
    .map((f) => `<tr><td>${f.fold}</td><td>${f.auc.toFixed(5)}</td><td>${f.nTrain}</td><td>${f.nTest}</td></tr>`)
    .join('');
  const cm = confusionAtHalf(result);
  const total = cm[0][0] + cm[0][1] + cm[1][0] + cm[1][1];
  const cell = (v: number) => `<td>${v} <small>(${((100 * v) / total).toFixed(1)}%)</small></td>`;
  const accuracy = (cm[0][0] + cm[1][1]) / total;

  let importance = '';
  if (result.importance) {
    const gain = result.importance.gain;
    const totalGain = gain.reduce((a, b) => a + b, 0);
    const top = Array.from(gain.keys())
      .filter((f) => result.importance!.splits[f] > 0)
      .sort((a, b) => gain[b] - gain[a] || a - b)
      .slice(0, 20);
    importance =
      `<h2>Feature importance</h2><p>Split gain summed over the ${result.folds.length} fold models; the ${top.length} features with the most.</p>` +
      (top.length === 0
        ? '<p>No splits.</p>'
        : barsSvg(
            top.map((f) => ({
              label: input.featureNames[f] ?? `feature${f}`,
              value: gain[f] / totalGain,
              note: `${((100 * gain[f]) / totalGain).toFixed(1)}%, ${result.importance!.splits[f]} splits`,
            })),
          ));
  }

  const params = input.parameters
    .map(([k, v]) => `<tr><th class="l">${escapeHtml(k)}</th><td class="l">${escapeHtml(v)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>persodata cv: ${escapeHtml(input.model)}, mean AUC ${result.meanAuc.toFixed(4)}</title><style>${STYLE}</style></head>
<body>
<h1>persodata cv: ${escapeHtml(input.model)}, ${result.folds.length} folds, mean AUC ${result.meanAuc.toFixed(5)} ± ${result.stdAuc.toFixed(5)}</h1>
${shortcutBanner(input.audit)}
<h2>ROC curves</h2>
<p>Each fold's held-out rows scored by the model fitted on the other folds; the mean curve averages the folds' TPR at each FPR.</p>
${rocSvg(plotted)}
<h2>AUC per fold</h2>
<table id="folds"><tr><th>fold</th><th>AUC</th><th>train rows</th><th>held-out rows</th></tr>${foldRows}
<tr><th>mean ± sd</th><td>${result.meanAuc.toFixed(5)} ± ${result.stdAuc.toFixed(5)}</td><td></td><td></td></tr></table>
${metricsTable(input)}
${reliabilitySection(result)}
<h2>Confusion matrix at 0.5</h2>
<p>All ${total} held-out rows, each predicted by its fold's model; accuracy ${(100 * accuracy).toFixed(2)}%.</p>
<table id="confusion"><tr><th></th><th>predicted 0 (fake)</th><th>predicted 1 (real)</th></tr>
<tr><th class="l">actual 0 (fake)</th>${cell(cm[0][0])}${cell(cm[0][1])}</tr>
<tr><th class="l">actual 1 (real)</th>${cell(cm[1][0])}${cell(cm[1][1])}</tr></table>
${importance}
${input.audit ? auditSection(input.audit) : ''}
<h2>Parameters</h2>
<table id="parameters">${params}</table>
<p><small>${escapeHtml(input.generatedBy)}</small></p>
</body></html>
`;
}

/** At the top of the page: the classes' files differ in how they were saved, and nothing re-encoded them. */
function shortcutBanner(audit: DatasetAudit | undefined): string {
  if (!audit?.warning || audit.reencodeJpeg !== undefined) return '';
  return `<p class="warning" id="shortcut"><strong>Warning: these scores may measure how the files were saved, not what they show.</strong> ${escapeHtml(audit.warning)}. Re-encode every picture alike (--reencode-jpeg Q) and cross-validate again; the table is under <a href="#audit">Picture files</a>.</p>`;
}

/** How the training pictures' files were made, per class, and whether that alone separates them. */
function auditSection(audit: AuditResult): string {
  const rows = auditRows(audit)
    .map(
      ([name, real, fake]) =>
        `<tr><th class="l">${escapeHtml(name)}</th><td class="l">${escapeHtml(real)}</td><td class="l">${escapeHtml(fake)}</td></tr>`,
    )
    .join('');
  const warning = audit.warning ? `<p class="warning"><strong>Warning:</strong> ${escapeHtml(audit.warning)}</p>` : '';
  return `<h2>Picture files</h2>
<p>Read from the training pictures' headers when the features were made (persodata audit): what the model could learn besides the pictures.</p>
${warning}<table id="audit"><tr><th></th><th>real (1)</th><th>fake (0)</th></tr>${rows}</table>
<p>${escapeHtml(modelLine(audit))}; ${escapeHtml(separatingLine(audit))}.</p>`;
}

/** The other metrics per fold, when cv --metric asked for some. */
function metricsTable(input: CvReportInput): string {
  const metrics = input.metrics ?? [];
  if (metrics.length === 0) return '';
  const head = metrics.map((m) => `<th>${escapeHtml(m.label)}</th>`).join('');
  const rows = input.result.folds
    .map((f, i) => `<tr><td>${f.fold}</td>${metrics.map((m) => `<td>${m.folds[i].toFixed(5)}</td>`).join('')}</tr>`)
    .join('');
  const mean = metrics.map((m) => `<td>${m.mean.toFixed(5)} ± ${m.std.toFixed(5)}</td>`).join('');
  return `<h2>Other metrics per fold</h2>
<p>Fake is the class detected: accuracy and balanced accuracy of P(fake) &gt;= 0.5; tpr-at-fpr is the share of fakes caught at that rate of real pictures flagged.</p>
<table id="metrics"><tr><th>fold</th>${head}</tr>${rows}<tr><th>mean ± sd</th>${mean}</tr></table>`;
}

const RELIABILITY_BINS = 10;

/** Held-out rows in 10 equal bins of P(real): each bin's mean P(real) against its share of real rows. */
export function reliabilityPoints(result: CvResult): Array<{ predicted: number; observed: number; rows: number }> {
  const sums = Array.from({ length: RELIABILITY_BINS }, () => ({ p: 0, real: 0, n: 0 }));
  for (const fold of result.predictions)
    fold.scores.forEach((p, i) => {
      const b = sums[Math.min(RELIABILITY_BINS - 1, Math.floor(p * RELIABILITY_BINS))];
      b.p += p;
      b.real += fold.labels[i];
      b.n += 1;
    });
  return sums.filter((b) => b.n > 0).map((b) => ({ predicted: b.p / b.n, observed: b.real / b.n, rows: b.n }));
}

function reliabilitySection(result: CvResult): string {
  const points = reliabilityPoints(result);
  const curve: Curve = {
    label: 'held-out rows, 10 bins of P(real)',
    color: '#1f77b4',
    fpr: Float64Array.from(points, (q) => q.predicted),
    tpr: Float64Array.from(points, (q) => q.observed),
    className: 'reliability',
    width: 2,
  };
  const rows = points
    .map((q) => `<tr><td>${q.predicted.toFixed(3)}</td><td>${q.observed.toFixed(3)}</td><td>${q.rows}</td></tr>`)
    .join('');
  return `<h2>Reliability</h2>
<p>All held-out rows binned by the predicted P(real): a calibrated model's points lie on the diagonal (train --calibrate fits a calibrator).</p>
${rocSvg([curve], 300, { id: 'reliability', x: 'mean predicted P(real)', y: 'share of real rows', title: 'reliability diagram' })}
<table id="reliability-bins"><tr><th>mean P(real)</th><th>share real</th><th>rows</th></tr>${rows}</table>`;
}
