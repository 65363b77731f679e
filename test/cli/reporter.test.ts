import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/cli/reporter.js';

function streams(isTTY: boolean) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s), isTTY, columns: 0 },
    },
  };
}

describe('reporter', () => {
  it('draws bars only on a terminal, with counts, and clears them before other lines', async () => {
    const { out, io } = streams(true);
    const r = createReporter(false, io);
    const bar = r.progress('cv');
    bar.update(1, 5, '', 'folds');
    const drawn = out.stderr;
    expect(drawn).toContain('cv [#####...................]  20% 1/5 folds');
    r.result('fold 1  AUC 0.7');
    // the bar's line cleared before the result
    expect(out.stderr.slice(drawn.length)).toBe('\r\x1b[K');
    bar.update(3, 5, 'decode train', 'folds');
    // drawn at the next frame (10 a second)
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(out.stderr).toContain('cv [##############..........]  60% 3/5 folds decode train');
    bar.done();
    expect(out.stdout).toBe('fold 1  AUC 0.7\n');
    // cli-progress's save and restore of the cursor never reach the terminal
    expect(out.stderr).not.toMatch(/\x1b[78]/);
    expect(out.stderr.endsWith('\x1b[2K') || out.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is silent off a terminal and with --quiet, except results and warnings', () => {
    for (const [quiet, tty] of [
      [false, false],
      [true, true],
    ] as const) {
      const { out, io } = streams(tty);
      const r = createReporter(quiet, io);
      r.progress('x').update(1, 2);
      r.info('note');
      r.warn('careful');
      r.result('answer');
      expect(out.stdout).toBe('answer\n');
      expect(out.stderr).toBe(quiet ? 'warning: careful\n' : 'note\nwarning: careful\n');
    }
  });
});
