// persodata reads features as float32 and sends a row left when
// fround(x) <= threshold. LightGBM and ONNX Runtime read doubles and send it
// left when x <= threshold. exportThreshold gives, for one of our thresholds,
// the double t' with x <= t' exactly when fround(x) <= threshold, for every
// double x: so an exported tree decides every row as ours does, whether the
// other engine reads our float32 values or the original text's doubles.
//
// Let a be the largest float32 <= threshold, b the next float32 up. A double
// rounds to a float32 <= a below the midpoint m = (a + b) / 2 (exact in a
// double), and at m itself when the tie goes to a (round half to even: a's
// last bit is 0). So t' is m, or the double just below m.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The float32 bits of a float32 value, and the value of float32 bits. */
function bitsOf(value: number): number {
  f32[0] = value;
  return u32[0];
}
function valueOf(bits: number): number {
  u32[0] = bits;
  return f32[0];
}

/** The next float32 above `a` (a finite float32); 2^128 above the largest. */
function nextFloat32Up(a: number): number {
  if (a === 0) return valueOf(1); // +0 and -0: the smallest positive subnormal
  const bits = bitsOf(a);
  const next = a > 0 ? valueOf(bits + 1) : valueOf(bits - 1);
  return next === Number.POSITIVE_INFINITY ? 2 ** 128 : next;
}

/** The float32 just below `a` (a finite float32). */
function nextFloat32Down(a: number): number {
  if (a === 0) return -valueOf(1);
  const bits = bitsOf(a);
  return a > 0 ? valueOf(bits - 1) : valueOf(bits + 1);
}

/** The double just below `x` (x finite and not 0). */
function previousDouble(x: number): number {
  f64[0] = x;
  u64[0] = x > 0 ? u64[0] - 1n : u64[0] + 1n;
  return f64[0];
}

/** Our threshold (float32 comparison) as a threshold on doubles; see the header. */
export function exportThreshold(threshold: number): number {
  let a = Math.fround(threshold);
  if (a === Number.POSITIVE_INFINITY) a = valueOf(0x7f7fffff);
  else if (a > threshold) a = nextFloat32Down(a);
  if (!Number.isFinite(a)) return a; // below every float32: nothing goes left
  const midpoint = (a + nextFloat32Up(a)) / 2;
  const tieGoesToA = (bitsOf(a) & 1) === 0;
  return tieGoesToA ? midpoint : previousDouble(midpoint);
}
