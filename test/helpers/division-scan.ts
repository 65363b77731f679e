// The split scan the WebAssembly bestSplit kernels made before they screened
// bins without dividing: every bin, both divisions, on the kernel's own
// integer sums. Tests hold the kernels (two-word and one-word bins) to it, bit
// for bit.
import type { SplitConstraints } from '../../src/tree-learner/split.js';

/** One bin's sums in integer steps (what a unit of g and of h is worth is given apart). */
export interface IntegerBin {
  readonly g: bigint;
  readonly h: bigint;
  readonly count: number;
}

/** The best bin and its gain (bin -1, gain 0 when none), and the totals G and H the kernel is given. */
export function divisionFormScan(
  bins: readonly IntegerBin[],
  units: { readonly gUnit: number; readonly hUnit: number },
  c: SplitConstraints,
): { bin: number; gain: number; G: number; H: number; N: number } {
  const G = Number(bins.reduce((s, b) => s + b.g, 0n)) * units.gUnit;
  const H = Number(bins.reduce((s, b) => s + b.h, 0n)) * units.hUnit;
  const N = bins.reduce((s, b) => s + b.count, 0);
  const parent = (G * G) / (H + c.l2);
  let best = { bin: -1, gain: 0 };
  let gi = 0n;
  let hi = 0n;
  let nl = 0;
  for (let b = 0; b < bins.length - 1; b++) {
    gi += bins[b].g;
    hi += bins[b].h;
    nl += bins[b].count;
    if (bins[b].count === 0) continue;
    const hl = Number(hi) * units.hUnit;
    if (nl < c.minLeaf || hl < c.minHessian) continue;
    if (N - nl < c.minLeaf) break;
    const hr = H - hl;
    if (hr < c.minHessian) continue;
    const gl = Number(gi) * units.gUnit;
    const gr = G - gl;
    const gain = (gl * gl) / (hl + c.l2) + (gr * gr) / (hr + c.l2) - parent;
    if (gain > best.gain) best = { bin: b, gain };
  }
  return { ...best, G, H, N };
}
