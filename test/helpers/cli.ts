// Runs the built CLI (bin/persodata.js -> dist/) as a user would, optionally
// as another user (root only: tests that need a file the reader may not read).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The uid/gid of `nobody`, used when the tests run as root. */
export const NOBODY = { uid: 65534, gid: 65534 } as const;

export function persodataAs(user: { uid: number; gid: number } | undefined, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/persodata.js'), ...args], { encoding: 'utf8', ...user });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI in the folder `cwd`, as a user who cd'd there. */
export function persodataIn(cwd: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/persodata.js'), ...args], { encoding: 'utf8', cwd });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function persodata(...args: string[]): CliResult {
  return persodataAs(undefined, ...args);
}
