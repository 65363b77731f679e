import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // end-to-end tests spawn the CLI; a cold node start takes a few hundred ms
    testTimeout: 60_000,
    // the CLI's feature cache in a fresh folder, not the user's
    globalSetup: ['./test/helpers/cache-home.ts'],
    // the default summary, then one plain `vitest: N passed, N failed, N skipped` line
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
  },
});
