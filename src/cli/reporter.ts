// What a command says and where: results on stdout (for pipes and scripts),
// notes and warnings on stderr, and a progress bar redrawn in place on stderr
// only when it is a terminal and --quiet is off. Any line printed while a bar
// is showing clears the bar first; the bar comes back at its next update.

export interface Progress {
  /** `fraction` in [0, 1]; redraws at most ten times a second. */
  update(fraction: number, status?: string): void;
  /** Clears the bar. */
  done(): void;
  /** Whether updates are drawn (a terminal, no --quiet): work done only to describe progress can be skipped. */
  readonly shown: boolean;
}

export interface Reporter {
  /** The command's answer, on stdout; never silenced. */
  result(text: string): void;
  /** A note on stderr; silenced by --quiet. */
  info(text: string): void;
  /** A warning on stderr; never silenced. */
  warn(text: string): void;
  progress(label: string): Progress;
}

export interface ReporterStreams {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
}

const NO_PROGRESS: Progress = { update() {}, done() {}, shown: false };
const CLEAR_LINE = '\r\x1b[K';
const BAR_WIDTH = 24;

export function createReporter(quiet: boolean, streams: ReporterStreams = process): Reporter {
  const { stdout, stderr } = streams;
  const showBars = !quiet && stderr.isTTY === true;
  let barShown = false;
  const clearBar = () => {
    if (barShown) stderr.write(CLEAR_LINE);
    barShown = false;
  };
  return {
    result: (text) => {
      clearBar();
      stdout.write(text + '\n');
    },
    info: (text) => {
      if (quiet) return;
      clearBar();
      stderr.write(text + '\n');
    },
    warn: (text) => {
      clearBar();
      stderr.write(`warning: ${text}\n`);
    },
    progress: (label) => {
      if (!showBars) return NO_PROGRESS;
      let lastDraw = 0;
      return {
        update(fraction, status = '') {
          const now = Date.now();
          if (now - lastDraw < 100 && fraction < 1) return;
          lastDraw = now;
          const f = Math.max(0, Math.min(1, fraction));
          const filled = Math.round(f * BAR_WIDTH);
          const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${status}`;
          // a terminal of unknown width reports 0 columns
          stderr.write(CLEAR_LINE + line.slice(0, (stderr.columns || 80) - 1));
          barShown = true;
        },
        done: clearBar,
        shown: true,
      };
    },
  };
}
