// The cv report: the mean ROC and confusion matrix by hand, and the page
// rendered in headless Chromium (Debian's, driven by playwright-core) with
// every fold's curve and the mean actually drawn.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CvResult } from '../../src/cv/cross-validate.js';
import { confusionAtHalf, meanRoc, renderCvReport } from '../../src/report/cv-report.js';
import { findChromium, SKIP_NO_CHROMIUM } from '../helpers/find-chromium.js';
import { tempDir } from '../helpers/temp-dir.js';
import { rocAuc } from '../../src/metrics/roc-auc.js';
import { Rng } from '../../src/util/rng.js';

function fakeResult(nFolds: number, withImportance: boolean): CvResult {
  const rng = new Rng(5);
  const predictions = Array.from({ length: nFolds }, () => {
    const labels = Uint8Array.from({ length: 80 }, (_, i) => i % 2);
    const scores = Float64Array.from(labels, (y) => Math.min(1, Math.max(0, 0.35 * y + rng.next() * 0.65)));
    return { labels, scores };
  });
  const folds = predictions.map((p, i) => ({
    fold: i + 1,
    auc: rocAuc(p.labels, p.scores),
    nTrain: 80 * (nFolds - 1),
    nTest: 80,
  }));
  const meanAuc = folds.reduce((s, f) => s + f.auc, 0) / nFolds;
  const stdAuc = Math.sqrt(folds.reduce((s, f) => s + (f.auc - meanAuc) ** 2, 0) / nFolds);
  const importance = withImportance
    ? { gain: Float64Array.from([5, 0, 20, 1]), splits: Uint32Array.from([3, 0, 9, 1]) }
    : undefined;
  return { folds, predictions, importance, meanAuc, stdAuc };
}

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn(SKIP_NO_CHROMIUM);

describe('cv report', () => {
  it('mean ROC averages interpolated TPRs; the confusion matrix counts held-out rows at 0.5', () => {
    const a = { fpr: Float64Array.from([0, 0, 1]), tpr: Float64Array.from([0, 1, 1]) }; // perfect
    const b = { fpr: Float64Array.from([0, 1]), tpr: Float64Array.from([0, 1]) }; // chance
    const m = meanRoc([a, b], 4);
    expect(Array.from(m.fpr)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(m.tpr)).toEqual([0, (1 + 0.25) / 2, (1 + 0.5) / 2, (1 + 0.75) / 2, 1]);
    const result = {
      ...fakeResult(1, false),
      predictions: [
        { labels: Uint8Array.from([0, 0, 1, 1, 1]), scores: Float64Array.from([0.1, 0.5, 0.49, 0.5, 0.9]) },
      ],
    };
    expect(confusionAtHalf(result)).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it.skipIf(!CHROMIUM)(
    'renders in headless Chromium with one drawn curve per fold plus the mean, the tables and the importance bars',
    async () => {
      const result = fakeResult(5, true);
      const html = renderCvReport({
        result,
        model: 'gbdt',
        parameters: [
          ['model', 'gbdt'],
          ['--folds', '5'],
        ],
        featureNames: ['a', 'b', 'c<script>', 'd'],
        generatedBy: 'test',
      });
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // self-contained: no scripts, no fetches
      const file = join(tempDir(), 'report.html');
      writeFileSync(file, html);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`file://${file}`);
        const curves = await page.$$eval('svg#roc path.roc', (paths) =>
          paths.map((p) => {
            const path = p as SVGPathElement;
            const box = path.getBBox();
            return {
              cls: path.getAttribute('class'),
              width: box.width,
              height: box.height,
              length: path.getTotalLength(),
            };
          }),
        );
        expect(curves.map((c) => c.cls)).toEqual([
          'roc fold',
          'roc fold',
          'roc fold',
          'roc fold',
          'roc fold',
          'roc mean',
        ]);
        // each curve runs from (0, 0) to (1, 1) across the 420 px plot: a staircase at least as long as the diagonal
        for (const c of curves) {
          expect(c.width).toBeGreaterThan(400);
          expect(c.height).toBeGreaterThan(400);
          expect(c.length).toBeGreaterThan(590);
        }
        expect(await page.$$eval('table#folds tr', (rows) => rows.length)).toBe(1 + 5 + 1);
        const cells = await page.$$eval('table#confusion td', (tds) =>
          tds.map((td) => Number(td.textContent!.split(' ')[0])),
        );
        expect(cells.reduce((a, b) => a + b, 0)).toBe(400);
        const bars = await page.$$eval('svg#importance rect.bar', (rects) =>
          rects.map((r) => (r as SVGRectElement).getBBox().width),
        );
        expect(bars).toHaveLength(3); // features with splits: c, a, d
        expect(bars[0]).toBeGreaterThan(bars[1]);
        expect(await page.textContent('svg#importance')).toContain('c<script>');
        expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
      } finally {
        await browser.close();
      }
    },
  );
});
