import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // end-to-end tests spawn the CLI; a cold node start takes a few hundred ms
    testTimeout: 60_000,
    // two test files at once: most of the suite waits on CLI processes it spawned (one file at a time on
    // this project's 2-core machine, the suite took 347 s)
    maxWorkers: 2,
    minWorkers: 1,
    // the CLI's feature cache in a fresh folder, not the user's
    globalSetup: ['./test/helpers/cache-home.ts'],
    // the default summary, then one plain `vitest: N passed, N failed, N skipped` line
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
  },
});
