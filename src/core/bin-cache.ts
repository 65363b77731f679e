// Binned training matrices kept between fits of the same matrix. `tune` fits
// every candidate on the same five fold matrices; binning one (argsorts of
// 200 columns of 52,685 rows, then the row-major copy) took about 0.5 s of a
// 2.7 s, 75-tree fold fit on the full-size set, two threads (measured), paid
// again by every trial. With a cache the first fit of a fold bins it and the
// others copy its bins into their fit's shared memory. Binning depends on the
// values and the bin count only, never on threads or learner, so a copy is
// what binning again would write.
import type { DenseMatrix } from './dense-matrix.js';

/** One matrix binned: each feature's edges, and its bins feature-major and row-major. */
export interface BinnedMatrix {
  readonly thresholds: readonly Float64Array[];
  readonly columns: Uint8Array;
  readonly rows: Uint8Array;
}

/** Keyed by the matrix object itself (a caller keeps its fold matrices), then the bin count. */
export class BinCache {
  private readonly kept = new WeakMap<DenseMatrix, Map<number, BinnedMatrix>>();

  get(X: DenseMatrix, nBins: number): BinnedMatrix | undefined {
    return this.kept.get(X)?.get(nBins);
  }

  set(X: DenseMatrix, nBins: number, binned: BinnedMatrix): void {
    let byBins = this.kept.get(X);
    if (!byBins) this.kept.set(X, (byBins = new Map()));
    byBins.set(nBins, binned);
  }
}
