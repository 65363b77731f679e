// `persodata score`: flags -> ScoreContext -> a solution and a prediction
// file (metrics/score-files.ts) -> the challenge metrics, computed as
// scikit-learn does (metrics/compute-metric.ts); the format table says which.
import { Command, Option } from 'commander';
import { METRICS, type Metric } from '../../io/submission-formats.js';
import { computeMetric } from '../../metrics/compute-metric.js';
import { readScoredRows } from '../../metrics/score-files.js';
import { numberIn } from '../parsers.js';
import { createReporter } from '../reporter.js';

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

export async function runScore(ctx: ScoreContext): Promise<Array<[Metric, number]>> {
  const reporter = createReporter(ctx.quiet);
  const rows = readScoredRows(ctx.solution, ctx.prediction);
  const metrics = ctx.metrics ?? rows.format.metrics;
  const results = metrics.map((m) => [m, computeMetric(m, rows, ctx.fpr)] as [Metric, number]);
  for (const [m, v] of results) reporter.result(`${m === 'tpr-at-fpr' ? `tpr-at-fpr ${ctx.fpr}` : m} ${v.toFixed(6)}`);
  reporter.info(`${rows.labels.length} rows scored`);
  return results;
}
