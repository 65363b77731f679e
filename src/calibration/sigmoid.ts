// Sigmoid (Platt) calibration, as scikit-learn's _sigmoid_calibration that
// CalibratedClassifierCV(method='sigmoid') fits: P = 1 / (1 + exp(a s + b)),
// a and b minimising the log loss against Platt's smoothed targets
// (y (n+ + 1) / (n+ + 2) + (1 - y) / (n- + 2)). The problem is convex in
// (a, b); Newton's method with a backtracking step reaches the same minimum
// scikit-learn's BFGS does, in a handful of steps.

export interface SigmoidCalibrator {
  readonly kind: 'sigmoid';
  readonly a: number;
  readonly b: number;
}

/** log(1 + exp(t)) without overflow. */
const softplus = (t: number) => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));

export function fitSigmoid(scores: ArrayLike<number>, labels: ArrayLike<number>): SigmoidCalibrator {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i] ? 1 : 0;
  const neg = n - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const target = Array.from({ length: n }, (_, i) => (labels[i] ? hi : lo));
  // loss(a, b) = sum t log(1 + e^z) + (1 - t) log(1 + e^-z), z = a s + b, P = 1 / (1 + e^z)
  const loss = (a: number, b: number) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const z = a * scores[i] + b;
      l += target[i] * softplus(z) + (1 - target[i]) * softplus(-z);
    }
    return l;
  };
  let a = 0;
  let b = Math.log((neg + 1) / (pos + 1));
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      const q = 1 / (1 + Math.exp(-(a * s + b))); // = 1 - P
      const d = q - (1 - target[i]);
      const w = q * (1 - q);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(ga) + Math.abs(gb) > 1e-12) || !(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-10) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const gained = current - next;
    current = next;
    if (gained <= 1e-13 * Math.max(1, Math.abs(current))) break;
  }
  return { kind: 'sigmoid', a, b };
}

export function applySigmoid(c: SigmoidCalibrator, score: number): number {
  return 1 / (1 + Math.exp(c.a * score + c.b));
}
