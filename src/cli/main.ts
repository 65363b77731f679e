// The persodata program: builds the commander tree, runs it, and is the only
// place that prints errors and chooses exit codes (see EXIT_CODES).
import { Command, CommanderError } from 'commander';
import { removePendingTempFiles } from '../io/atomic-write.js';
import { describeFsError, fsErrorReason, isErrnoError } from '../io/file-errors.js';
import { EXIT_CODES, ExportCheckError, PersodataError, StrictWarningError } from '../util/errors.js';
import { inFlagTerms } from './params.js';
import { escapeControlBytes } from '../util/text.js';
import { VERSION } from '../util/version.js';
import { stopProgressBars } from './reporter.js';

/**
 * The commands in the order --help lists them, each with its module loaded
 * only when it runs: a run loads the one it names, and --help (or no command,
 * or one that does not exist) all of them. Loading every command's modules
 * took most of the CLI's start (persodata score --help 0.47 s).
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Command>]> = [
  ['pca', async () => (await import('./commands/pca.js')).pcaCommand()],
  ['features', async () => (await import('./commands/features.js')).featuresCommand()],
  ['audit', async () => (await import('./commands/audit.js')).auditCommand()],
  ['cv', async () => (await import('./commands/cv.js')).cvCommand()],
  ['tune', async () => (await import('./commands/tune.js')).tuneCommand()],
  ['train', async () => (await import('./commands/train.js')).trainCommand()],
  ['blend', async () => (await import('./commands/blend.js')).blendCommand()],
  ['predict', async () => (await import('./commands/predict.js')).predictCommand()],
  ['score', async () => (await import('./commands/score.js')).scoreCommand()],
  ['export', async () => (await import('./commands/export.js')).exportCommand()],
  ['vip-cup', async () => (await import('./commands/vip-cup.js')).vipCupCommand()],
  ['cache', async () => (await import('./commands/cache.js')).cacheCommand()],
];

/** The program for `argv` (as process.argv): the command it names, or every command when it names none. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('persodata')
    .description(
      'Tell generated pictures (GAN or diffusion fakes) from real ones with classical machine learning: pictures to features, audit, cross-validate, train, predict and score for PersoData and its sister challenges',
    )
    .version(VERSION)
    .option('-q, --quiet', 'print only results: no notes, no progress bars')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // the program's own options take no value, so the first word that is not an option names the command
  const named = argv.slice(2).find((word) => !word.startsWith('-'));
  const one = COMMANDS.filter(([name]) => name === named);
  for (const [, load] of one.length > 0 ? one : COMMANDS) program.addCommand(await load());
  for (const cmd of program.commands) cmd.showHelpAfterError('(run with --help for usage)');
  return program;
}

/**
 * A message safe to print on a terminal: control bytes from input files
 * (escape sequences above all) shown as \xNN; line breaks and tabs kept.
 */
export function printable(message: string): string {
  return escapeControlBytes(message, { keepLineBreaks: true });
}

/** Runs the CLI on `argv` (as process.argv) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return EXIT_CODES.ok;
  } catch (err) {
    stopProgressBars();
    removePendingTempFiles();
    if (err instanceof CommanderError) {
      // commander printed its own message (or the help/version text)
      return err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.badInput;
    }
    if (err instanceof StrictWarningError) return EXIT_CODES.warned;
    if (err instanceof PersodataError) {
      process.stderr.write(`persodata: error: ${printable(inFlagTerms(err.message))}\n`);
      return err instanceof ExportCheckError ? EXIT_CODES.checkFailed : EXIT_CODES.badInput;
    }
    if (isErrnoError(err)) {
      // a file the system refused (permission, read-only, full disk, a folder for a file): the user's to fix
      process.stderr.write(`persodata: error: ${printable(describeFsError(err))}\n`);
      return EXIT_CODES.badInput;
    }
    process.stderr.write(`persodata: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT_CODES.failure;
  }
}

/** Entry point of bin/persodata.js. */
export async function runCli(): Promise<void> {
  // `persodata ... | head`: a reader that stops early is not an error
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    removePendingTempFiles();
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CODES.ok);
    // a full disk or a closed terminal under stdout: say so in words, not with a stack trace
    process.stderr.write(`persodata: error: standard output: ${fsErrorReason(err)}\n`);
    process.exit(EXIT_CODES.badInput);
  });
  process.on('SIGINT', () => {
    removePendingTempFiles();
    process.stderr.write('\npersodata: interrupted\n');
    process.exit(EXIT_CODES.interrupted);
  });
  // kill, timeout, a job scheduler: the same clean end (temporary files removed, the feature cache's mark of use too)
  process.on('SIGTERM', () => {
    removePendingTempFiles();
    process.stderr.write('\npersodata: terminated\n');
    process.exit(EXIT_CODES.terminated);
  });
  process.exitCode = await main(process.argv);
}
