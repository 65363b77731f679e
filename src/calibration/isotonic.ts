// Isotonic calibration, as scikit-learn's IsotonicRegression(out_of_bounds=
// 'clip', y_min=0, y_max=1) that CalibratedClassifierCV(method='isotonic')
// fits: equal scores merged into one point (their mean label, their count as
// weight), pool-adjacent-violators for the non-decreasing fit, the points
// where the fit changes kept, and a new score mapped by linear interpolation
// between them, clipped at both ends.

export interface IsotonicCalibrator {
  readonly kind: 'isotonic';
  /** Ascending scores and the calibrated probability at each. */
  readonly x: number[];
  readonly y: number[];
}

export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>): IsotonicCalibrator {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // unique scores with their mean label and weight
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const s = scores[i];
    if (xs.length > 0 && xs[xs.length - 1] === s) {
      const k = xs.length - 1;
      ys[k] = (ys[k] * ws[k] + labels[i]) / (ws[k] + 1);
      ws[k] += 1;
    } else {
      xs.push(s);
      ys.push(labels[i]);
      ws.push(1);
    }
  }
  // pool adjacent violators over blocks (value, weight, first index)
  const value: number[] = [];
  const weight: number[] = [];
  const start: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    value.push(ys[k]);
    weight.push(ws[k]);
    start.push(k);
    while (value.length > 1 && value[value.length - 2] > value[value.length - 1]) {
      const w = weight[weight.length - 2] + weight[weight.length - 1];
      const v =
        (value[value.length - 2] * weight[weight.length - 2] + value[value.length - 1] * weight[weight.length - 1]) / w;
      value.splice(-2, 2, v);
      weight.splice(-2, 2, w);
      start.pop();
    }
  }
  const fitted = new Array<number>(xs.length);
  for (let b = 0; b < value.length; b++) {
    const end = b + 1 < start.length ? start[b + 1] : xs.length;
    for (let k = start[b]; k < end; k++) fitted[k] = Math.min(1, Math.max(0, value[b]));
  }
  // keep the first and last point of every flat run: the interpolation is the same
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    const flatBefore = k > 0 && fitted[k - 1] === fitted[k];
    const flatAfter = k + 1 < xs.length && fitted[k + 1] === fitted[k];
    if (flatBefore && flatAfter) continue;
    x.push(xs[k]);
    y.push(fitted[k]);
  }
  return { kind: 'isotonic', x, y };
}

export function applyIsotonic(c: IsotonicCalibrator, score: number): number {
  const { x, y } = c;
  if (x.length === 0) return 0.5;
  if (score <= x[0]) return y[0];
  if (score >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((score - x[lo]) * (y[hi] - y[lo])) / (x[hi] - x[lo]);
}
