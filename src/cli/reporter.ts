// What a command says and where: results on stdout (for pipes and scripts),
// notes and warnings on stderr, and a progress bar (cli-progress) redrawn in
// place on stderr only when it is a terminal and --quiet is off: the stage,
// the share done, counts and their rate where the work has units (pictures,
// folds), and the time left. Any line printed while a bar is showing clears
// the bar's line first; the bar is drawn again at its next frame.
import cliProgress from 'cli-progress';

export interface Progress {
  /**
   * `done` of `total` in `stage`; with a `unit` ("pictures") the bar shows
   * the counts and their rate, and a fit's fraction is update(f, 1, status).
   * A smaller `done` or another `total` starts the bar's clock (and its time
   * left) again: a new stage.
   */
  update(done: number, total: number, stage?: string, unit?: string): void;
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

/** Bars still drawing: an error that skips a bar's done() stops them here (their redraw timer would keep node alive). */
const liveBars = new Set<cliProgress.SingleBar>();

/** Stops every bar still drawing; main.ts calls it when a command fails (one that succeeds has closed its bars). */
export function stopProgressBars(): void {
  for (const bar of liveBars) bar.stop();
  liveBars.clear();
}

interface BarPayload {
  label: string;
  stage: string;
  unit?: string;
}

/** `1.2k`, `15`, `0.5`: counts and rates short enough for one line. */
function short(x: number): string {
  if (x >= 10_000) return `${(x / 1000).toFixed(0)}k`;
  if (x >= 1000) return `${(x / 1000).toFixed(1)}k`;
  return Number.isInteger(x) || x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** `label [####....] 42% 123/290 pictures 45.1/s 0:03 left stage`. */
const format: cliProgress.Options['format'] = (options, params, payload: BarPayload) => {
  const progress = Math.max(0, Math.min(1, params.progress));
  const parts = [
    `${payload.label} [${cliProgress.Format.BarFormat(progress, options)}]`,
    `${String(Math.floor(progress * 100)).padStart(3)}%`,
  ];
  const seconds = (Date.now() - params.startTime) / 1000;
  if (payload.unit) {
    parts.push(`${short(params.value)}/${short(params.total)} ${payload.unit}`);
    if (seconds >= 1) parts.push(`${short(params.value / seconds)}/s`);
  }
  // the time left once the bar has moved for a second (before that the estimate is noise)
  if (seconds >= 1 && progress < 1 && Number.isFinite(params.eta) && params.eta > 0)
    parts.push(`${cliProgress.Format.TimeFormat(params.eta, options, 5)} left`);
  if (payload.stage) parts.push(payload.stage);
  return parts.join(' ');
};

export function createReporter(quiet: boolean, streams: ReporterStreams = process): Reporter {
  const { stdout, stderr } = streams;
  const showBars = !quiet && stderr.isTTY === true;
  let barShown = false;
  const clearBar = () => {
    if (barShown) stderr.write(CLEAR_LINE);
  };
  // cli-progress saves the cursor when a bar starts and restores it when it stops, which puts the cursor back
  // over any line printed in between (tried in tmux: cv's fold lines were overwritten); those two sequences are
  // dropped on their way to stderr, everything else passes
  const barStream = {
    isTTY: true,
    get columns() {
      return stderr.columns || 80; // a terminal of unknown width reports 0 columns
    },
    write: (s: string) => (s === '\x1b7' || s === '\x1b8' ? true : stderr.write(s)),
  } as unknown as NodeJS.WritableStream;
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
      const bar = new cliProgress.SingleBar({
        stream: barStream,
        format,
        barsize: 24,
        barCompleteChar: '#',
        barIncompleteChar: '.',
        fps: 10,
        // a line printed over the bar clears it; redraw every frame, not only when the text changes
        forceRedraw: true,
        clearOnComplete: true,
        hideCursor: false,
        linewrap: null,
        gracefulExit: false,
        etaBuffer: 50,
      });
      let started = false;
      let last = { done: 0, total: 0 };
      return {
        update(done, total, stage = '', unit) {
          const payload: BarPayload = { label, stage, unit };
          if (!started || total !== last.total || done < last.done) {
            if (started) bar.stop();
            bar.start(total, done, payload);
            liveBars.add(bar);
            started = true;
          } else bar.update(done, payload);
          last = { done, total };
          barShown = true;
        },
        done() {
          if (started) bar.stop();
          liveBars.delete(bar);
          started = false;
          barShown = false;
        },
        shown: true,
      };
    },
  };
}
