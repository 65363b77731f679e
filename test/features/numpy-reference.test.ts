// Our spectrum and residual values against numpy's full-size FFT recipe
// (bench/features_reference.py fixtures), on crops of one face at several
// sizes: square and not, odd, powers of two and not, the smallest the grid
// takes, and one JPEG that sharp decodes as PIL does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb } from '../../src/images/decode-image.js';
import {
  fullResolutionValues,
  specWith,
  type FeatureKind,
  type FullResolutionSpec,
} from '../../src/features/feature-kinds.js';
import { loadFft } from '../../src/features/half-spectrum.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'features-numpy');
interface Expected {
  height: number;
  width: number;
  spectrum128: number[];
  spectrum16: number[];
  residual16: number[];
  residual8: number[];
  spam3: number[];
  spam1: number[];
  colour16: number[];
  colour5: number[];
  channels3: number[];
  channels1: number[];
  wavelets1?: number[];
  wavelets2?: number[];
  wavelets3?: number[];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  pictures: Record<string, Expected>;
};

/** Spectrum values are min-max scaled to [0, 1]; ours come from a single-precision FFT (measured: at most 1.1e-7 off). */
const SPECTRUM_TOLERANCE = 1e-5;
/** spam and colour values are shares of integer counts and (colour's moments) means of bytes up to 255, stored as f32: relative to max(1, |v|). */
const SHARE_TOLERANCE = 1e-6;
/**
 * Wavelet moments: sums in f64 over up to 22,500 coefficients, the predictor
 * solved by elimination here and by numpy's lstsq (SVD); kurtosis and
 * variance run to a few thousand, so the difference is relative.
 */
const WAVELET_RELATIVE_TOLERANCE = 1e-5;

/** Residual values are natural logs (below 16) of magnitudes computed in f64, stored as f32 (half an ulp: 4.8e-7). */
const RESIDUAL_TOLERANCE = 1e-6;

function values(rgb: Uint8Array, h: number, w: number, spec: FullResolutionSpec): number[] {
  const out = new Float32Array(h === 0 ? 0 : 4096);
  fullResolutionValues(rgb, h, w, spec, out, 0);
  return Array.from(out);
}

function kindValues(rgb: Uint8Array, h: number, w: number, kind: FeatureKind, params: object): number[] {
  const out = new Float32Array(8192);
  const spec = specWith([kind], params);
  fullResolutionValues(rgb, h, w, spec, out, 0);
  return Array.from(out);
}

function maxRelativeDifference(a: readonly number[], b: readonly number[]): number {
  return Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.max(1, Math.abs(v))));
}

function maxDifference(a: readonly number[], b: readonly number[]): number {
  return Math.max(...b.map((v, i) => Math.abs(a[i] - v)));
}

beforeAll(loadFft);

describe('full-resolution features match numpy', () => {
  it('holds every size the fixtures cover', () => {
    expect(Object.keys(expected.pictures).sort()).toEqual([
      'crop-17x17.png',
      'crop-200x150.jpg',
      'crop-300x300.png',
      'crop-32x32.png',
      'crop-37x53.png',
      'crop-48x64.png',
    ]);
  });
  for (const [name, want] of Object.entries(expected.pictures)) {
    it(`${name}: spectrum (128 and 16 bins) and residual (grid 16 and 8)`, async () => {
      const img = await decodeRgb(readFileSync(join(dir, name)));
      expect([img.height, img.width]).toEqual([want.height, want.width]);
      for (const [bins, ref] of [
        [128, want.spectrum128],
        [16, want.spectrum16],
      ] as const) {
        const got = values(img.data, img.height, img.width, { kinds: ['spectrum'], spectrumBins: bins, grid: 16 });
        const diff = maxDifference(got, ref);
        expect(diff).toBeLessThan(SPECTRUM_TOLERANCE);
      }
      for (const [grid, ref] of [
        [16, want.residual16],
        [8, want.residual8],
      ] as const) {
        const got = values(img.data, img.height, img.width, { kinds: ['residual'], spectrumBins: 128, grid });
        const diff = maxDifference(got, ref);
        expect(diff).toBeLessThan(RESIDUAL_TOLERANCE);
      }
    });
  }
  for (const [name, want] of Object.entries(expected.pictures)) {
    it(`${name}: spam (T 3 and 1), colour (16 and 5 bins), channels (T 3 and 1), wavelets (the levels its size takes)`, async () => {
      const img = await decodeRgb(readFileSync(join(dir, name)));
      const cases: Array<[FeatureKind, object, number[] | undefined, 'shares' | 'wavelets']> = [
        ['spam', { spamT: 3 }, want.spam3, 'shares'],
        ['spam', { spamT: 1 }, want.spam1, 'shares'],
        ['colour', { colourBins: 16 }, want.colour16, 'shares'],
        ['colour', { colourBins: 5 }, want.colour5, 'shares'],
        ['channels', { channelsT: 3 }, want.channels3, 'shares'],
        ['channels', { channelsT: 1 }, want.channels1, 'shares'],
        ['wavelets', { waveletScales: 1 }, want.wavelets1, 'wavelets'],
        ['wavelets', { waveletScales: 2 }, want.wavelets2, 'wavelets'],
        ['wavelets', { waveletScales: 3 }, want.wavelets3, 'wavelets'],
      ];
      for (const [kind, params, ref, how] of cases) {
        if (!ref) continue;
        const got = kindValues(img.data, img.height, img.width, kind, params);
        expect(got.slice(ref.length).every((v) => v === 0)).toBe(true);
        const tolerance = how === 'shares' ? SHARE_TOLERANCE : WAVELET_RELATIVE_TOLERANCE;
        expect(maxRelativeDifference(got, ref), `${kind} ${JSON.stringify(params)}`).toBeLessThan(tolerance);
      }
    });
  }
});
