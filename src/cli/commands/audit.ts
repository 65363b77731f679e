// `persodata audit`: labelled pictures -> their files' headers (no pixel
// decoded) -> per-class encoding table, metadata-only model, warning.
import { Command, Option } from 'commander';
import { readAllFacts, type FileFacts } from '../../audit/file-facts.js';
import { auditFacts, DEFAULT_WARN_AUC, type AuditResult } from '../../audit/audit.js';
import { auditRows, modelLine, separatingLine } from '../../audit/audit-table.js';
import { imageFolderSets } from '../../pictures/assemble-sets.js';
import { unreadablePicturesError } from '../../pictures/picture-sets.js';
import { InputError, StrictWarningError } from '../../util/errors.js';
import { startTimer } from '../../util/timer.js';
import { numberIn, seedOption, threadsOption } from '../parsers.js';
import { list } from '../picture-options.js';
import { createReporter, type Reporter } from '../reporter.js';

export interface AuditContext {
  readonly images: string;
  readonly labels?: string;
  readonly nameColumn: string;
  readonly labelColumn: string;
  readonly positive?: readonly string[];
  readonly negative?: readonly string[];
  readonly warnAuc: number;
  readonly json: boolean;
  readonly strict: boolean;
  readonly skipBad: boolean;
  readonly seed: number;
  readonly threads: number;
  readonly quiet: boolean;
}

export type AuditAction = (ctx: AuditContext) => Promise<unknown>;

export function auditCommand(action: AuditAction = runAuditCommand): Command {
  return new Command('audit')
    .description(
      "how the two classes' picture files were made (format, JPEG quality and subsampling, dimensions, file size, metadata), read from the headers only, and whether that alone separates them (a metadata-only model's cv AUC)",
    )
    .requiredOption('--images <dir>', 'labelled pictures: class folders real/ and fake/, or with --labels')
    .option('--labels <csv>', 'labels of the pictures: a CSV with a header, one row per image')
    .option('--name-column <name>', 'the CSV column of image names', 'name')
    .option('--label-column <name>', 'the CSV column of labels (0/1, or text with --positive)', 'label')
    .option('--positive <names>', 'class-1 (real) folder names, or label values, comma-separated', list)
    .option('--negative <values>', 'class-0 (fake) label values, comma-separated', list)
    .addOption(
      new Option('--warn-auc <x>', "warn when the metadata model's cv AUC is above this")
        .argParser(numberIn(0.5, 1))
        .default(DEFAULT_WARN_AUC),
    )
    .option('--json', 'print one JSON object instead of the table')
    .option('--strict', 'exit with code 3 when it warns (for scripts)')
    .option('--skip-bad', 'leave out files whose header cannot be read (listed) instead of stopping')
    .addOption(seedOption('the metadata model and its folds'))
    .addOption(threadsOption())
    .exitOverride()
    .action(async (_opts, self: Command) => {
      const o = self.optsWithGlobals();
      await action({
        images: o.images,
        labels: o.labels,
        nameColumn: o.nameColumn,
        labelColumn: o.labelColumn,
        positive: o.positive,
        negative: o.negative,
        warnAuc: o.warnAuc,
        json: o.json === true,
        strict: o.strict === true,
        skipBad: o.skipBad === true,
        seed: o.seed,
        threads: o.threads,
        quiet: o.quiet === true,
      });
    });
}

function table(r: AuditResult): string {
  const rows = auditRows(r);
  const width = Math.max(...rows.map(([name]) => name.length));
  const left = Math.max(14, ...rows.map(([, real]) => real.length));
  const lines = [`${''.padEnd(width)}  ${'real (1)'.padEnd(left)}  fake (0)`];
  for (const [name, real, fake] of rows) lines.push(`${name.padEnd(width)}  ${real.padEnd(left)}  ${fake}`);
  return lines.join('\n');
}

export async function runAuditCommand(ctx: AuditContext): Promise<AuditResult> {
  const reporter = createReporter(ctx.quiet);
  const timer = startTimer();
  const sets = imageFolderSets(ctx, reporter).filter((s) => s.labels);
  const labelled = sets.find((s) => s.setName === 'train');
  if (!labelled || !('files' in labelled.source))
    throw new InputError(
      `${ctx.images}: no labels; the audit compares the classes (class folders real/ and fake/, --positive, or --labels)`,
    );
  const { facts, failures } = await readAllFacts(labelled.source.files);
  if (failures.length > 0 && !ctx.skipBad)
    throw unreadablePicturesError(
      labelled.origin,
      failures.map((f) => ({ name: labelled.names[f.index], message: f.message })),
    );
  for (const f of failures) reporter.warn(`skipped ${labelled.names[f.index]}: ${f.message}`);
  const kept = facts.flatMap((f, i) => (f ? [i] : []));
  const result = await auditFacts(
    kept.map((i) => facts[i] as FileFacts),
    Uint8Array.from(kept, (i) => labelled.labels![i]),
    { warnAuc: ctx.warnAuc, seed: ctx.seed, threads: ctx.threads },
  );
  const seconds = timer();
  report(result, ctx, seconds, reporter);
  if (result.warning && ctx.strict) throw new StrictWarningError('the audit warned (--strict)');
  return result;
}

function report(r: AuditResult, ctx: AuditContext, seconds: number, reporter: Reporter): void {
  if (ctx.json) {
    reporter.result(JSON.stringify({ images: ctx.images, seconds, ...r }));
  } else {
    const lines = [
      `audit: ${r.pictures} pictures in ${ctx.images} (real ${r.real.count}, fake ${r.fake.count}), file headers only, ${seconds.toFixed(2)} s`,
      '',
      table(r),
      '',
      modelLine(r),
      separatingLine(r),
    ];
    reporter.result(lines.join('\n'));
  }
  if (r.warning) reporter.warn(r.warning);
}
