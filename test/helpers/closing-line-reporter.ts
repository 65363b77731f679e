// A vitest reporter that ends `npm test` with one plain line,
// `vitest: N passed, N failed, N skipped`, after the default reporter's
// summary: the form CI reads to know how many tests ran.
import type { Reporter, TestModule } from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
  private line = '';

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules)
      for (const test of m.children.allTests()) {
        const state = test.result().state;
        count[state === 'passed' || state === 'failed' ? state : 'skipped']++;
      }
    this.line = `vitest: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`;
  }

  // the default reporter prints its summary when the run ends; this comes after it
  onFinished(): void {
    process.stdout.write(this.line);
  }
}
