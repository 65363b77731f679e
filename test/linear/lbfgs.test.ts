import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../src/linear/lbfgs.js';

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array) => {
      g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
      g[1] = 200 * (x[1] - x[0] * x[0]);
      return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
    };
    const r = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIter: 500, gtol: 1e-8 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });

  it('solves a quadratic exactly and stops at maxIter when told', () => {
    // f = Σ k (x_k - k)^2, minimum at x_k = k
    const f = (x: Float64Array, g: Float64Array) => {
      let v = 0;
      for (let k = 0; k < x.length; k++) {
        v += (k + 1) * (x[k] - k) ** 2;
        g[k] = 2 * (k + 1) * (x[k] - k);
      }
      return v;
    };
    const r = minimizeLbfgs(f, new Float64Array(10), { maxIter: 200, gtol: 1e-10 });
    r.x.forEach((v, k) => expect(v).toBeCloseTo(k, 8));
    const capped = minimizeLbfgs(f, new Float64Array(10), { maxIter: 2, gtol: 1e-10 });
    expect(capped).toMatchObject({ iterations: 2, converged: false });
  });
});
