// What a command says and where: results on stdout (for pipes and scripts),
// notes and warnings on stderr, and a progress bar redrawn in place on stderr
// only when it is a terminal and --quiet is off.

export interface Progress {
  /** `fraction` in [0, 1]; redraws at most ten times a second. */
  update(fraction: number, status?: string): void;
  /** Clears the bar. */
  done(): void;
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

const NO_PROGRESS: Progress = { update() {}, done() {} };

export function createReporter(quiet: boolean, streams: ReporterStreams = process): Reporter {
  const { stdout, stderr } = streams;
  const showBars = !quiet && stderr.isTTY === true;
  return {
    result: (text) => void stdout.write(text + '\n'),
    info: (text) => void (quiet || stderr.write(text + '\n')),
    warn: (text) => void stderr.write(`warning: ${text}\n`),
    progress: (label) => (showBars ? progressBar(label, stderr) : NO_PROGRESS),
  };
}

function progressBar(label: string, stderr: ReporterStreams['stderr']): Progress {
  let last = 0;
  const width = 24;
  return {
    update(fraction, status = '') {
      const now = Date.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      const f = Math.max(0, Math.min(1, fraction));
      const filled = Math.round(f * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${status}`;
      stderr.write(`\r${line.slice(0, (stderr.columns ?? 80) - 1)}\x1b[K`);
    },
    done() {
      stderr.write('\r\x1b[K');
    },
  };
}
