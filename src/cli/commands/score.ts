// `persodata score`: flags -> ScoreContext -> a solution and a prediction
// file (metrics/score-files.ts) -> the challenge metrics, computed as
// scikit-learn does (metrics/classification.ts, metrics/roc-auc.ts).
import { Command, Option } from 'commander';
import { accuracy, balancedAccuracy, logLoss, tprAtFpr } from '../../metrics/classification.js';
import { rocAuc } from '../../metrics/roc-auc.js';
import { readScoredRows, type ScoredRows } from '../../metrics/score-files.js';
import { numberIn } from '../parsers.js';
import { createReporter } from '../reporter.js';

export const METRICS = ['auc', 'accuracy', 'balanced-accuracy', 'log-loss', 'tpr-at-fpr'] as const;
export type Metric = (typeof METRICS)[number];

export interface ScoreContext {
  readonly solution: string;
  readonly prediction: string;
  /** Undefined: the prediction format's own metric(s). */
  readonly metrics?: readonly Metric[];
  readonly fpr: number;
  readonly quiet: boolean;
}

export type ScoreAction = (ctx: ScoreContext) => Promise<unknown>;

export function scoreCommand(action: ScoreAction = runScore): Command {
  const cmd = new Command('score')
    .description("score a prediction file against a solution file as the challenges' scoring programs do")
    .requiredOption(
      '--solution <file>',
      'a .solution file (one 0/1 label a line) or a CSV with a header: names, then a label column',
    )
    .requiredOption('--prediction <file>', 'a Codalab .predict file or a CSV written by predict --format')
    .addOption(
      new Option(
        '--metric <m...>',
        "one or more metrics (default: the format's own: codalab auc, name,pred accuracy, id,p_real log-loss, img_name,y_pred auc and tpr-at-fpr, logit balanced-accuracy)",
      ).choices(METRICS),
    )
    .option('--fpr <x>', 'tpr-at-fpr: the false-positive rate', numberIn(0, 1, { minOpen: true, maxOpen: true }), 1e-3)
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    await action({
      solution: o.solution,
      prediction: o.prediction,
      metrics: o.metric,
      fpr: o.fpr,
      quiet: o.quiet === true,
    });
  });
}

function defaultMetrics(rows: ScoredRows): Metric[] {
  switch (rows.header?.join(',')) {
    case 'name,pred':
      return ['accuracy'];
    case 'id,p_real':
      return ['log-loss'];
    case 'img_name,y_pred':
      return ['auc', 'tpr-at-fpr'];
    case 'name,logit':
      return ['balanced-accuracy'];
    default:
      return ['auc'];
  }
}

export function computeMetric(metric: Metric, rows: ScoredRows, fpr: number): number {
  const threshold = rows.kind === 'logit' ? 0 : 0.5;
  switch (metric) {
    case 'auc':
      return rocAuc(rows.labels, rows.values);
    case 'accuracy':
      return accuracy(rows.labels, rows.values, threshold);
    case 'balanced-accuracy':
      return balancedAccuracy(rows.labels, rows.values, threshold);
    case 'log-loss':
      return logLoss(rows.labels, rows.kind === 'logit' ? rows.values.map((z) => 1 / (1 + Math.exp(-z))) : rows.values);
    case 'tpr-at-fpr':
      return tprAtFpr(rows.labels, rows.values, fpr);
  }
}

export async function runScore(ctx: ScoreContext): Promise<Array<[Metric, number]>> {
  const reporter = createReporter(ctx.quiet);
  const rows = readScoredRows(ctx.solution, ctx.prediction);
  const metrics = ctx.metrics ?? defaultMetrics(rows);
  const results = metrics.map((m) => [m, computeMetric(m, rows, ctx.fpr)] as [Metric, number]);
  for (const [m, v] of results) reporter.result(`${m === 'tpr-at-fpr' ? `tpr-at-fpr ${ctx.fpr}` : m} ${v.toFixed(6)}`);
  reporter.info(`${rows.labels.length} rows scored`);
  return results;
}
