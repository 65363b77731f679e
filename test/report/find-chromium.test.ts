// The browser lookup the report test relies on: a missing browser skips the
// test on a user's machine and fails it under CI.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../helpers/find-chromium.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, then the usual names on PATH; none is undefined, or an error under CI', () => {
    const bin = tempDir();
    const empty = tempDir();
    expect(findChromium({ PATH: empty })).toBeUndefined();
    expect(() => findChromium({ PATH: empty, CI: 'true' })).toThrow(/no Chromium found .*apt-get install chromium/);
    const browser = join(bin, 'chromium-browser');
    writeFileSync(browser, '#!/bin/sh\n');
    chmodSync(browser, 0o755);
    expect(findChromium({ PATH: `${empty}:${bin}` })).toBe(browser);
    const notExecutable = join(bin, 'plain');
    writeFileSync(notExecutable, '');
    expect(() => findChromium({ CHROMIUM_PATH: notExecutable, PATH: bin })).toThrow(
      `CHROMIUM_PATH=${notExecutable}: not an executable file`,
    );
    expect(findChromium({ CHROMIUM_PATH: browser, PATH: empty })).toBe(browser);
  });
});
