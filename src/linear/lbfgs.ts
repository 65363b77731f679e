// Limited-memory BFGS for smooth unconstrained minimisation, with a
// backtracking Armijo line search. Knows nothing of logistic regression:
// objectives come in as a function filling a gradient.
//
// Written by hand: fmin (the most used npm minimiser) has no L-BFGS, and
// optimization-js's minimize_L_BFGS has a fixed tolerance, no iteration cap,
// no line search (it accepts steps that raise f) and calls f and its gradient
// separately (two data passes where one will do). The stopping rules copy
// scipy's L-BFGS-B as scikit-learn calls it (gtol on the largest gradient
// entry, ftol = 64 * machine epsilon).

/** Returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIter: number;
  /** Stop when max |∇f| <= gtol. */
  readonly gtol: number;
  /** Stop when the relative decrease of f falls below ftol. */
  readonly ftol?: number;
  /** Number of correction pairs kept (default 10). */
  readonly memory?: number;
  /** Called after each iteration with (iteration, f, max |∇f|). */
  readonly onIteration?: (iter: number, value: number, gradMax: number) => void;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** Minimises `f` from `x0` (not modified). */
export function minimizeLbfgs(f: Objective, x0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 64 * Number.EPSILON;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let value = f(x, g);
  let evaluations = 1;
  if (maxAbs(g) <= opts.gtol) return { x, value, iterations: 0, evaluations, converged: true };

  for (let iter = 1; iter <= opts.maxIter; iter++) {
    // two-loop recursion: dir = -H g
    for (let i = 0; i < n; i++) dir[i] = -g[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], dir);
      axpy(-alpha[k], y[k], dir);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], dir);
      axpy(alpha[k] - beta, s[k], dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i];
      slope = dot(g, dir);
    }
    // backtracking Armijo search; the first step is scaled like scipy's
    let step = s.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let valueNew = Number.NaN;
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
      valueNew = f(xNew, gNew);
      evaluations++;
      if (valueNew <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(valueNew <= value)) return { x, value, iterations: iter, evaluations, converged: false };

    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i] - x[i];
      yk[i] = gNew[i] - g[i];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * dot(yk, yk)) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const decrease = (value - valueNew) / Math.max(Math.abs(value), Math.abs(valueNew), 1);
    x.set(xNew);
    g.set(gNew);
    value = valueNew;
    const gradMax = maxAbs(g);
    opts.onIteration?.(iter, value, gradMax);
    if (gradMax <= opts.gtol || decrease <= ftol) return { x, value, iterations: iter, evaluations, converged: true };
  }
  return { x, value, iterations: opts.maxIter, evaluations, converged: false };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}
