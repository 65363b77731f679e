// Binary log loss for boosting on raw scores F (log-odds): gradients,
// hessians, the baseline score and the mean loss. The boosting loop is gbdt.ts.

/** Log-odds of the positive share: the constant that minimises log loss. */
export function baselineScore(y: Uint8Array): number {
  let positives = 0;
  for (const label of y) positives += label;
  const p = positives / y.length;
  return Math.log(p / (1 - p));
}

/** g = p - y and h = p (1 - p) with p = sigmoid(F), for rows [0, n). */
export function logLossGradients(
  raw: Float64Array,
  y: Uint8Array,
  gradients: Float32Array,
  hessians: Float32Array,
): void {
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
