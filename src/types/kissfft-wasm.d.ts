// The parts of @echogarden/kissfft-wasm (KISS FFT built by Emscripten, single
// precision) this project calls; the package ships no types.
declare module '@echogarden/kissfft-wasm' {
  export interface KissFftModule {
    /** Pointers are byte offsets into the module's heap; `inverse` is 0 or 1; mem and lenmem 0 (kiss allocates). */
    _kiss_fft_alloc(nfft: number, inverse: number, mem: number, lenmem: number): number;
    _kiss_fft(cfg: number, fin: number, fout: number): void;
    _kiss_fft_stride(cfg: number, fin: number, fout: number, stride: number): void;
    /** Real input: nfft must be even; fout gets nfft/2 + 1 complex values. */
    _kiss_fftr_alloc(nfft: number, inverse: number, mem: number, lenmem: number): number;
    _kiss_fftr(cfg: number, timedata: number, freqdata: number): void;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    /** Views of the heap; replaced when it grows, so read them after every _malloc. */
    readonly HEAPF32: Float32Array;
  }
  const load: () => Promise<KissFftModule>;
  export default load;
}
