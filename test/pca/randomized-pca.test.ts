// The randomized PCA on the pool against ml-pca's exact SVD: on inputs
// whose rank is within the product width the range finder spans the whole
// row space, so the only differences are the i16 quantization of the
// product's right-hand side (about 1e-5 relative) and f32 sums.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PCA } from 'ml-pca';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from '../../src/images/decode-image.js';
import { resizeRgbInto } from '../../src/images/resize.js';
import { PcaEngine } from '../../src/pca/pca-engine.js';
import { decodePcaModel, encodePcaModel, type PcaModel } from '../../src/pca/pca-model.js';
import {
  fitRandomizedPca,
  productColumns,
  projectRows,
  warmStride,
  type PcaFit,
} from '../../src/pca/randomized-pca.js';
import { Rng } from '../../src/util/rng.js';
import { IMAGES_SAMPLE } from '../helpers/samples.js';

/** The 17 real sample pictures at 8x8x3 (192 values each). */
async function samplePixels(size: number): Promise<Uint8Array[]> {
  const dir = IMAGES_SAMPLE;
  const names = readFileSync(join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  return Promise.all(
    names.map(async (n) => {
      const img = await decodeRgb(readFileSync(join(dir, n)));
      const out = new Uint8Array(size * size * 3);
      resizeRgbInto(img.data, img.width, img.height, size, out);
      return out;
    }),
  );
}

/** Low-rank pictures plus noise: rows = mean + sum of a few patterns with random weights. */
function syntheticPixels(nRows: number, d: number, seed: number): Uint8Array[] {
  const rng = new Rng(seed);
  const patterns = Array.from({ length: 6 }, (_, p) =>
    Float64Array.from({ length: d }, () => rng.normal() * (40 / (p + 1))),
  );
  return Array.from({ length: nRows }, () => {
    const w = patterns.map(() => rng.normal());
    return Uint8Array.from({ length: d }, (_, j) =>
      Math.max(0, Math.min(255, Math.round(128 + patterns.reduce((s, p, i) => s + w[i] * p[j], 0) + rng.normal() * 3))),
    );
  });
}

async function fit(
  rows: Uint8Array[],
  components: number,
  threads: number,
  opts: { oversamples?: number; powerIterations?: number } = {},
): Promise<{ fit: PcaFit; projected: Float32Array; reprojected?: Float32Array }> {
  const d = rows[0].length;
  const oversamples = opts.oversamples ?? 16;
  return PcaEngine.run(
    { nFeatures: d, capacity: rows.length, columns: productColumns(components, oversamples), threads },
    async (engine) => {
      rows.forEach((r, i) => engine.pixelRows(i, i + 1).set(r));
      const result = await fitRandomizedPca(engine, rows.length, {
        components,
        oversamples,
        powerIterations: opts.powerIterations ?? 2,
        seed: 3,
      });
      const projected = await projectRows(engine, rows.length, result, components);
      return { fit: result, projected };
    },
  );
}

function mlPca(rows: Uint8Array[]): PCA {
  return new PCA(
    rows.map((r) => Array.from(r)),
    { method: 'SVD', center: true, scale: false },
  );
}

/** Cosines of the principal angles between span(a rows) and span(b columns)... both given as k unit vectors of length d. */
function smallestPrincipalCosine(a: number[][], b: number[][]): number {
  // singular values of AᵀB (k x k) via eigenvalues of (AᵀB)ᵀ(AᵀB); the smallest one is the worst angle
  const k = a.length;
  const m = a.map((u) => b.map((v) => u.reduce((s, x, j) => s + x * v[j], 0)));
  const mtm = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => m.reduce((s, row) => s + row[i] * row[j], 0)),
  );
  // power iteration on (I * trace - MᵀM) finds the smallest eigenvalue of MᵀM
  const t = mtm.reduce((s, row, i) => s + row[i], 0);
  let x = Array.from({ length: k }, (_, i) => 1 / Math.sqrt(k) + i * 1e-3);
  let lambda = 0;
  for (let it = 0; it < 2000; it++) {
    const y = x.map((_, i) => t * x[i] - mtm[i].reduce((s, v, j) => s + v * x[j], 0));
    const norm = Math.hypot(...y);
    lambda = t - norm;
    x = y.map((v) => v / norm);
  }
  return Math.sqrt(Math.max(0, lambda));
}

describe('randomized PCA on the pool', () => {
  it('matches ml-pca on the real sample pictures (8x8x3): variances, components, scores', async () => {
    const rows = await samplePixels(8);
    const k = 12;
    const { fit: ours, projected } = await fit(rows, k, 2);
    const ref = mlPca(rows);
    const refVar = ref.getEigenvalues().slice(0, k);
    // variances within 1e-4 relative: i16 quantization of the basis, f32 products
    ours.explainedVariance.forEach((v, i) => expect(Math.abs(v - refVar[i]) / refVar[0]).toBeLessThan(1e-4));
    const total = ref.getEigenvalues().reduce((a, b) => a + b, 0);
    expect(ours.totalVariance).toBeCloseTo(total, 6);
    // each component matches up to sign (well-separated spectrum at the top)
    const vecs = ref.getEigenvectors();
    const d = rows[0].length;
    for (let c = 0; c < 5; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += ours.components[c * d + j] * vecs.get(j, c);
      expect(Math.abs(dot)).toBeGreaterThan(0.9999);
    }
    // subspace of all k: smallest principal cosine near 1
    const a = Array.from({ length: k }, (_, c) => Array.from(ours.components.subarray(c * d, (c + 1) * d)));
    const b = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, j) => vecs.get(j, c)));
    expect(smallestPrincipalCosine(a, b)).toBeGreaterThan(0.999);
    // the fit's scores equal the projection of the fitted rows, and ml-pca's up to sign
    const refScores = ref.predict(rows.map((r) => Array.from(r)));
    for (let r = 0; r < rows.length; r++) {
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(ours.scores[r * k + c] - projected[r * k + c])).toBeLessThan(1e-4 * Math.sqrt(refVar[0]));
        expect(Math.abs(Math.abs(ours.scores[r * k + c]) - Math.abs(refScores.get(r, c)))).toBeLessThan(
          1e-3 * Math.sqrt(refVar[0]),
        );
      }
    }
  });

  it('matches ml-pca on a larger low-rank input with power iterations doing the work (l < rank)', async () => {
    const rows = syntheticPixels(120, 300, 5);
    const { fit: ours } = await fit(rows, 4, 2, { oversamples: 4 });
    const refVar = mlPca(rows).getEigenvalues();
    // 6 strong directions and noise: the top 4 variances within 1e-4 of exact
    for (let i = 0; i < 4; i++) expect(Math.abs(ours.explainedVariance[i] - refVar[i]) / refVar[i]).toBeLessThan(1e-4);
    // and not above the exact values (an orthonormal projection cannot capture more; the
    // i16-quantized basis is orthonormal to about 1e-5, hence the slack)
    const sum = ours.explainedVariance.reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(refVar.slice(0, 4).reduce((a, b) => a + b, 0) * (1 + 1e-5));
  });

  it('with a warm start (every 8th row first, then one pass over all) still matches ml-pca, on any thread count', async () => {
    const rows = syntheticPixels(420, 192, 12);
    expect(warmStride(420, 8)).toBe(8); // 53 rows in the subsample >= 4 x 8 columns
    expect(warmStride(200, 8)).toBe(1);
    const { fit: ours, projected } = await fit(rows, 4, 2, { oversamples: 4 });
    const refVar = mlPca(rows).getEigenvalues();
    for (let i = 0; i < 4; i++) expect(Math.abs(ours.explainedVariance[i] - refVar[i]) / refVar[i]).toBeLessThan(1e-4);
    const scale = Math.sqrt(refVar[0]);
    ours.scores.forEach((v, i) => expect(Math.abs(v - projected[i])).toBeLessThan(1e-4 * scale));
    const one = await fit(rows, 4, 1, { oversamples: 4 });
    expect(Buffer.from(one.fit.components.buffer).equals(Buffer.from(ours.components.buffer))).toBe(true);
  });

  it('gives the same components with 1 and 2 threads', async () => {
    const rows = syntheticPixels(90, 192, 9);
    const one = await fit(rows, 6, 1);
    const two = await fit(rows, 6, 2);
    expect(Buffer.from(two.fit.components.buffer).equals(Buffer.from(one.fit.components.buffer))).toBe(true);
    expect(Array.from(two.fit.scores)).toEqual(Array.from(one.fit.scores));
  });

  it('a saved and loaded PCA projects identically', async () => {
    const rows = syntheticPixels(40, 48, 2);
    const { fit: ours, projected } = await fit(rows, 5, 2);
    const model: PcaModel = {
      size: 4,
      nComponents: 5,
      nFitRows: 40,
      seed: 3,
      mean: ours.mean,
      components: ours.components,
      explainedVariance: ours.explainedVariance,
      totalVariance: ours.totalVariance,
    };
    const loaded = decodePcaModel(encodePcaModel(model), 'pca.json');
    expect(Array.from(loaded.components)).toEqual(Array.from(ours.components));
    expect(Array.from(loaded.mean)).toEqual(Array.from(ours.mean));
    const again = await PcaEngine.run({ nFeatures: 48, capacity: 40, columns: 8, threads: 2 }, async (engine) => {
      rows.forEach((r, i) => engine.pixelRows(i, i + 1).set(r));
      return projectRows(engine, 40, loaded, 5);
    });
    expect(Array.from(again)).toEqual(Array.from(projected));
  });
});
