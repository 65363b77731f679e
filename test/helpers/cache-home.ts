// Global setup: the CLI runs of the tests keep their feature cache (on by
// default, in $XDG_CACHE_HOME/persodata) in a fresh folder, removed at the
// end, never in the user's own cache. Everyone may write there: some tests
// run the CLI as another user.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'persodata-test-cache-'));
  chmodSync(dir, 0o777);
  process.env.XDG_CACHE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
