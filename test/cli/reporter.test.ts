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
  it('draws bars only on a terminal and clears them before other lines', () => {
    const { out, io } = streams(true);
    const r = createReporter(false, io);
    const bar = r.progress('cv');
    bar.update(0.2, 'fold 1/5');
    r.result('fold 1  AUC 0.7');
    bar.done();
    expect(out.stderr).toBe('\r\x1b[Kcv [#####...................]  20% fold 1/5\r\x1b[K');
    expect(out.stdout).toBe('fold 1  AUC 0.7\n');
  });

  it('is silent off a terminal and with --quiet, except results and warnings', () => {
    for (const [quiet, tty] of [
      [false, false],
      [true, true],
    ] as const) {
      const { out, io } = streams(tty);
      const r = createReporter(quiet, io);
      r.progress('x').update(0.5);
      r.info('note');
      r.warn('careful');
      r.result('answer');
      expect(out.stdout).toBe('answer\n');
      expect(out.stderr).toBe(quiet ? 'warning: careful\n' : 'note\nwarning: careful\n');
    }
  });
});
