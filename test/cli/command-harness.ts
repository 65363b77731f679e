// Runs one commander command in-process with a stubbed action and captured output.
import type { Command } from 'commander';

export interface Parsed<C> {
  readonly ctx?: C;
  readonly error?: { code: string; message: string };
  readonly stderr: string;
}

export async function parseWith<C>(
  make: (action: (ctx: C) => Promise<void>) => Command,
  args: string[],
): Promise<Parsed<C>> {
  let ctx: C | undefined;
  let stderr = '';
  const cmd = make(async (c) => {
    ctx = c;
  });
  cmd.configureOutput({ writeErr: (s) => void (stderr += s), writeOut: () => {} });
  try {
    await cmd.parseAsync(args, { from: 'user' });
    return { ctx, stderr };
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { ctx, error: { code: e.code ?? 'thrown', message: e.message }, stderr };
  }
}
