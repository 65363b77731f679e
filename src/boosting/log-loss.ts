// Binary log loss for boosting on raw scores F (log-odds): gradients,
// hessians, the baseline score and the mean loss. The boosting loop is gbdt.ts.

/** Log-odds of the positive share (weighted by class, when given): the constant that minimises log loss. */
export function baselineScore(y: Uint8Array, classWeights?: readonly [number, number]): number {
  let positives = 0;
  for (const label of y) positives += label;
  const [w0, w1] = classWeights ?? [1, 1];
  const p = (w1 * positives) / (w1 * positives + w0 * (y.length - positives));
  return Math.log(p / (1 - p));
}

/**
 * g = p - y and h = p (1 - p) with p = sigmoid(F), for rows [0, n); each
 * times its class's weight when `classWeights` is given (--class-weight).
 */
export function logLossGradients(
  raw: Float64Array,
  y: Uint8Array,
  gradients: Float32Array,
  hessians: Float32Array,
  classWeights?: readonly [number, number],
): void {
  if (classWeights) {
    const [w0, w1] = classWeights;
    for (let i = 0; i < raw.length; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      const w = y[i] === 1 ? w1 : w0;
      gradients[i] = w * (p - y[i]);
      hessians[i] = w * p * (1 - p);
    }
    return;
  }
  for (let i = 0; i < raw.length; i++) {
    const p = 1 / (1 + Math.exp(-raw[i]));
    gradients[i] = p - y[i];
    hessians[i] = p * (1 - p);
  }
}

/** Mean of log(1 + e^F) - y F, overflow-safe. */
export function meanLogLoss(raw: Float64Array, y: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i];
    sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
  }
  return sum / raw.length;
}
