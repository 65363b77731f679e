// A fresh temporary folder per test, removed afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `text` written to a file called `name` in a fresh temporary folder; returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-test-'));
  made.push(dir);
  return dir;
}
