// What `train --calibrate` and `--threshold-for` add to a model: a calibrator
// of its P(label 1), fitted on inner-cv out-of-fold scores, and a cut on the
// calibrated P(label 1) that maximises accuracy or balanced accuracy on them.
// The cut is applied by mapping P(label 1) piecewise-linearly so that the cut
// lands on 0.5 (order kept), for the formats whose metric thresholds at 0.5
// or at logit 0 (name-pred, logit); the probability formats are left calibrated.
import { ModelFileError } from '../util/errors.js';
import { applyIsotonic, type IsotonicCalibrator } from './isotonic.js';
import { applySigmoid, type SigmoidCalibrator } from './sigmoid.js';

export type Calibrator = IsotonicCalibrator | SigmoidCalibrator;
export const CALIBRATION_METHODS = ['sigmoid', 'isotonic'] as const;
export const THRESHOLD_METRICS = ['accuracy', 'balanced-accuracy'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

export interface Postprocess {
  readonly calibration?: Calibrator;
  /** Label 1 is predicted when the calibrated P(label 1) is above `cut`. */
  readonly threshold?: { readonly metric: ThresholdMetric; readonly cut: number };
}

export function calibrated(post: Postprocess | undefined, p: ArrayLike<number>): Float64Array {
  const c = post?.calibration;
  if (!c) return Float64Array.from(p);
  return Float64Array.from(p, (s) => (c.kind === 'isotonic' ? applyIsotonic(c, s) : applySigmoid(c, s)));
}

/** P(label 1) moved so that the stored cut sits at 0.5; identity without a threshold. */
export function thresholdShifted(post: Postprocess | undefined, p: Float64Array): Float64Array {
  const t = post?.threshold?.cut;
  if (t === undefined || !(t > 0 && t < 1)) return p;
  return p.map((v) => (v <= t ? (0.5 * v) / t : 0.5 + (0.5 * (v - t)) / (1 - t)));
}

/** The cut on `p` (predict label 1 above it) that maximises the metric; ties go to the cut nearest 0.5. */
export function bestCut(metric: ThresholdMetric, labels: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i] ? 1 : 0;
  const neg = n - pos;
  // cut below everything: all predicted 1
  let tp = pos;
  let tn = 0;
  const score = () => (metric === 'accuracy' ? (tp + tn) / n : 0.5 * (pos ? tp / pos : 0) + 0.5 * (neg ? tn / neg : 0));
  let best = { value: score(), cut: p[order[0]] - 1e-9 };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (labels[i]) tp--;
    else tn++;
    if (k + 1 < n && p[order[k + 1]] === p[i]) continue; // a cut falls only between distinct scores
    const cut = k + 1 < n ? (p[i] + p[order[k + 1]]) / 2 : p[i];
    const value = score();
    if (
      value > best.value + 1e-12 ||
      (Math.abs(value - best.value) <= 1e-12 && Math.abs(cut - 0.5) < Math.abs(best.cut - 0.5))
    )
      best = { value, cut };
  }
  return Math.min(Math.max(best.cut, 1e-6), 1 - 1e-6);
}

const isNumberList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks a model file's "postprocess" (absent in older files). */
export function postprocessFromJson(raw: unknown, fileName: string): Postprocess | undefined {
  if (raw === undefined) return undefined;
  const bad = (what: string) => new ModelFileError(`${fileName}: "postprocess" ${what}`);
  if (typeof raw !== 'object' || raw === null) throw bad('must be an object');
  const { calibration, threshold } = raw as Record<string, unknown>;
  let c: Calibrator | undefined;
  if (calibration !== undefined) {
    const k = calibration as Record<string, unknown>;
    // isotonic: at least one point, x increasing, y probabilities that never go down
    if (
      k.kind === 'isotonic' &&
      isNumberList(k.x) &&
      isNumberList(k.y) &&
      k.x.length === k.y.length &&
      k.x.length > 0 &&
      k.x.every((v, i) => i === 0 || v > (k.x as number[])[i - 1]) &&
      k.y.every((v, i) => v >= 0 && v <= 1 && (i === 0 || v >= (k.y as number[])[i - 1]))
    )
      c = { kind: 'isotonic', x: k.x, y: k.y };
    else if (k.kind === 'sigmoid' && typeof k.a === 'number' && typeof k.b === 'number' && Number.isFinite(k.a + k.b))
      c = { kind: 'sigmoid', a: k.a, b: k.b };
    else
      throw bad(
        'has a calibration that is neither isotonic (x increasing, y in [0, 1] never decreasing, as many of each, at least one) nor sigmoid (finite a, b)',
      );
  }
  let t: Postprocess['threshold'];
  if (threshold !== undefined) {
    const h = threshold as Record<string, unknown>;
    if (
      !(THRESHOLD_METRICS as readonly unknown[]).includes(h.metric) ||
      typeof h.cut !== 'number' ||
      !(h.cut > 0 && h.cut < 1)
    )
      throw bad('has a threshold that is not { metric, cut in (0, 1) }');
    t = { metric: h.metric as ThresholdMetric, cut: h.cut };
  }
  return { calibration: c, threshold: t };
}
