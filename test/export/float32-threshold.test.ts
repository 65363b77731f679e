import { describe, expect, it } from 'vitest';
import { exportThreshold } from '../../src/export/float32-threshold.js';
import { Rng } from '../../src/util/rng.js';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** The double `steps` representable values away from x (x > 0 assumed by callers' ranges). */
function doubleStep(x: number, steps: number): number {
  f64[0] = x;
  if (x === 0) return steps > 0 ? Number.MIN_VALUE * steps : -Number.MIN_VALUE * -steps;
  u64[0] = x > 0 ? u64[0] + BigInt(steps) : u64[0] - BigInt(steps);
  return f64[0];
}

describe('exportThreshold', () => {
  it('decides every double near the boundary as the float32 comparison does', () => {
    const rng = new Rng(7, 1);
    const thresholds = [0, -0, 1, -1, 0.1, -0.1, 1e-40, -1e-40, 3.4028234663852886e38, -3.4028234663852886e38];
    for (let k = 0; k < 2000; k++) {
      const magnitude = 10 ** (rng.next() * 20 - 10);
      thresholds.push((rng.next() < 0.5 ? -1 : 1) * magnitude);
      thresholds.push(Math.fround(thresholds[thresholds.length - 1])); // thresholds that are float32 values themselves
    }
    let checked = 0;
    for (const t of thresholds) {
      const exported = exportThreshold(t);
      // every double within a few steps of the exported threshold, of t, and of the float32 midpoints around it
      const anchors = [exported, t, Math.fround(t)];
      for (const anchor of anchors) {
        for (let s = -3; s <= 3; s++) {
          const x = doubleStep(anchor, s);
          if (!Number.isFinite(x)) continue;
          expect(x <= exported, `t=${t} x=${x}`).toBe(Math.fround(x) <= t);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(80_000);
  });

  it('moves a threshold only as far as the float32 rounding allows', () => {
    // 0.5 is a float32 with an even last bit: halfway to the next float32 still rounds to it
    expect(exportThreshold(0.5)).toBe(0.5 + 2 ** -25);
    // 1 + 2^-23 has an odd last bit: the midpoint rounds up, so the double just below it
    const a = 1 + 2 ** -23;
    expect(exportThreshold(a)).toBeLessThan(a + 2 ** -24);
    expect(Math.fround(exportThreshold(a))).toBe(a);
  });
});
