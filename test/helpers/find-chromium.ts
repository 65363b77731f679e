// Finds a Chromium for the browser tests: $CHROMIUM_PATH, then the usual
// Debian/Ubuntu names on PATH. Without one, the test is skipped with a line
// saying how to install it, except under CI (CI set), where that is a failure.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's path, or undefined when none is found (and CI is not set). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.CHROMIUM_PATH;
  if (given) {
    if (!executable(given)) throw new Error(`CHROMIUM_PATH=${given}: not an executable file`);
    return given;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  if (env.CI)
    throw new Error(
      `no Chromium found (CHROMIUM_PATH, or ${NAMES.join(', ')} on PATH); CI needs one: apt-get install chromium`,
    );
  return undefined;
}

export const SKIP_NO_CHROMIUM =
  'no Chromium found (set CHROMIUM_PATH, or `apt-get install chromium`): skipping the browser test';
