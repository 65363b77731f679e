// --class-weight for every model (gbdt, forest, logistic), as scikit-learn's
// class_weight: each row's loss (gbdt's gradients and hessians, the forest's
// impurity counts, logistic's log loss) is multiplied by its class's weight.
// `balanced` gives class c the weight n / (2 n_c), scikit-learn's
// compute_class_weight('balanced'), worked out on the rows a model is fitted on.
import type { TextParam } from './params.js';

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const PAIR = new RegExp(`^(${NUMBER}),(${NUMBER})$`);

/** True for `none`, `balanced` or two positive finite weights `w0,w1` (class 0, then class 1). */
export function isClassWeight(text: string): boolean {
  if (text === 'none' || text === 'balanced') return true;
  const m = PAIR.exec(text);
  return m !== null && [m[1], m[2]].every((v) => Number.isFinite(Number(v)) && Number(v) > 0);
}

export const CLASS_WEIGHT_PARAM = {
  type: 'text',
  flag: '--class-weight',
  default: 'none',
  valueName: 'w',
  check: isClassWeight,
  expected: 'none, balanced, or two positive weights for class 0 and class 1 such as 1,3',
  help: "weight of each class's rows in the loss, as scikit-learn's class_weight: balanced (n / (2 n_class), from the rows fitted on) or w0,w1 for label 0 and label 1 (1 = real)",
} as const satisfies TextParam;

/** The two classes' weights for `spec` on labels `y`; undefined for none (every row 1). */
export function classWeightsFor(spec: string, y: Uint8Array): readonly [number, number] | undefined {
  if (spec === 'none') return undefined;
  if (spec === 'balanced') {
    let positives = 0;
    for (const label of y) positives += label;
    const negatives = y.length - positives;
    // a fit needs both classes (checked before): both counts are >= 1
    return [y.length / (2 * negatives), y.length / (2 * positives)];
  }
  const m = PAIR.exec(spec);
  if (!m || !isClassWeight(spec)) throw new RangeError(`class weight ${spec}: expected ${CLASS_WEIGHT_PARAM.expected}`);
  return [Number(m[1]), Number(m[2])];
}
