// |DFT| of a real H x W picture over the half plane of column frequencies
// 0..floor(W/2) (the other half mirrors it), by KISS FFT compiled to
// WebAssembly (@echogarden/kissfft-wasm, single precision): real-input
// transforms along the rows (complex ones when W is odd), then complex
// transforms down each kept column, read in place with a stride.
//
// KISS FFT rather than fft.js: it takes any length (fft.js only powers of
// two; the spectrum needs 300, 1000, 37...), and measured here, one thread,
// it was as fast at 1024 (7.8 µs per complex transform, fft.js 8.4 µs) and
// kept 9.7 µs at 1000 and 2.4 µs at 300.
import loadKissFft, { type KissFftModule } from '@echogarden/kissfft-wasm';

let kiss: KissFftModule | undefined;

/** Loads the WebAssembly module once per thread; every HalfSpectrum needs it loaded. */
export async function loadFft(): Promise<void> {
  kiss ??= await loadKissFft();
}

function module(): KissFftModule {
  if (!kiss) throw new Error('loadFft() first');
  return kiss;
}

/** A transform plan and its buffers for one picture size; reuse it for every picture of that size. */
export class HalfSpectrum {
  readonly height: number;
  readonly width: number;
  /** Column frequencies kept: floor(W/2) + 1. */
  readonly columns: number;
  private readonly pointers: number[] = [];
  private readonly rowPlan: number;
  private readonly columnPlan: number;
  private readonly imageAt: number;
  private readonly halfAt: number;
  private readonly columnOutAt: number;
  /** Odd widths: a complex row in, a complex row out. */
  private readonly rowInAt: number;
  private readonly rowOutAt: number;
  private readonly oddImage?: Float32Array;

  constructor(height: number, width: number) {
    const k = module();
    this.height = height;
    this.width = width;
    this.columns = Math.floor(width / 2) + 1;
    const even = width % 2 === 0;
    const alloc = (bytes: number) => {
      const p = k._malloc(Math.max(bytes, 8));
      if (p === 0) throw new Error(`out of WebAssembly memory for a ${height}x${width} FFT`);
      this.pointers.push(p);
      return p;
    };
    this.rowPlan = even ? k._kiss_fftr_alloc(width, 0, 0, 0) : k._kiss_fft_alloc(width, 0, 0, 0);
    this.columnPlan = k._kiss_fft_alloc(height, 0, 0, 0);
    if (this.rowPlan === 0 || this.columnPlan === 0) throw new Error(`cannot plan a ${height}x${width} FFT`);
    this.pointers.push(this.rowPlan, this.columnPlan);
    this.imageAt = even ? alloc(height * width * 4) : 0;
    this.halfAt = alloc(height * this.columns * 8);
    this.columnOutAt = alloc(height * 8);
    this.rowInAt = even ? 0 : alloc(width * 8);
    this.rowOutAt = even ? 0 : alloc(width * 8);
    if (!even) this.oddImage = new Float32Array(height * width);
  }

  /** Where to write the picture (H x W values, row-major) before transform(); valid until the next allocation. */
  image(): Float32Array {
    return this.oddImage ?? new Float32Array(module().HEAPF32.buffer, this.imageAt, this.height * this.width);
  }

  /** |F(u, v)| for u = 0..H-1 (unshifted), v = 0..columns-1, into `out` (H x columns, row-major). */
  transform(out: Float32Array): void {
    const k = module();
    const { height: h, width: w, columns: c } = this;
    if (this.oddImage) {
      const heap = k.HEAPF32;
      const rowIn = this.rowInAt >> 2;
      const rowOut = this.rowOutAt >> 2;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          heap[rowIn + 2 * x] = this.oddImage[y * w + x];
          heap[rowIn + 2 * x + 1] = 0;
        }
        k._kiss_fft(this.rowPlan, this.rowInAt, this.rowOutAt);
        heap.copyWithin((this.halfAt >> 2) + y * c * 2, rowOut, rowOut + c * 2);
      }
    } else {
      for (let y = 0; y < h; y++) k._kiss_fftr(this.rowPlan, this.imageAt + y * w * 4, this.halfAt + y * c * 8);
    }
    const heap = k.HEAPF32;
    const colOut = this.columnOutAt >> 2;
    for (let v = 0; v < c; v++) {
      k._kiss_fft_stride(this.columnPlan, this.halfAt + v * 8, this.columnOutAt, c);
      for (let u = 0; u < h; u++) {
        const re = heap[colOut + 2 * u];
        const im = heap[colOut + 2 * u + 1];
        out[u * c + v] = Math.sqrt(re * re + im * im);
      }
    }
  }

  /** Returns the plan's memory to the module. */
  free(): void {
    const k = module();
    for (const p of this.pointers.splice(0)) k._free(p);
  }
}

let cached: HalfSpectrum | undefined;

/** The plan for height x width, reusing the last one when the size repeats (a folder is mostly one size). */
export function halfSpectrumFor(height: number, width: number): HalfSpectrum {
  if (cached && cached.height === height && cached.width === width) return cached;
  cached?.free();
  cached = new HalfSpectrum(height, width);
  return cached;
}
