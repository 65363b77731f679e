// The shared memory of one fit is a wasm32 memory, at most 4 GB: the largest
// fit it holds at 200 features (the README states these row counts), and a
// clean refusal one row above, before anything is allocated.
import { describe, expect, it } from 'vitest';
import { fitMemoryLayout } from '../../src/tree-learner/fit-memory.js';
import { UsageError } from '../../src/util/errors.js';

/** gbdt's layout at the canonical settings: 255 bins, 31 leaves (32 slots), 4 feature blocks a learner. */
const layout = (rows: number, learners: number) => fitMemoryLayout(rows, 200, 255, 32, learners, 4 * learners);

describe('fit memory', () => {
  it.each([
    [1, 9_881_453],
    [2, 9_528_540],
    [4, 8_893_298],
  ])('with %i learner(s) holds %i rows of 200 features, and refuses one more', (learners, rows) => {
    expect(layout(rows, learners).bytes).toBeLessThanOrEqual(4 * 1024 ** 3);
    expect(() => layout(rows + 1, learners)).toThrow(UsageError);
    expect(() => layout(rows + 1, learners)).toThrow(
      `${rows + 1} rows x 200 features need 4.0 GB of shared working memory; one fit can use at most 4 GB`,
    );
  });

  it('grows by the same bytes a row whatever the row count (binned twice, gradients, rows, scratch)', () => {
    const perRow = (n: number) => (layout(2 * n, 2).bytes - layout(n, 2).bytes) / n;
    expect(perRow(100_000)).toBeCloseTo(200 + 200 + 4 * 4 + 2 * 16, 0);
    expect(perRow(1_000_000)).toBeCloseTo(perRow(100_000), 0);
  });
});
