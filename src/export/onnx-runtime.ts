// ONNX Runtime (onnxruntime-node, an optional peer dependency: its CPU build
// is some 280 MB on disk) running an exported graph on a matrix of ours.
import type * as OnnxRuntime from 'onnxruntime-node';
import type { DenseMatrix } from '../core/dense-matrix.js';
import { UsageError } from '../util/errors.js';

type Ort = typeof OnnxRuntime;

async function loadOnnxRuntime(): Promise<Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new UsageError(
      'checking an ONNX export needs ONNX Runtime, an optional dependency of persodata: install it beside persodata with `npm install onnxruntime-node` (set ONNXRUNTIME_NODE_INSTALL=skip to download nothing at install time), or leave out --check',
    );
  }
}

/** Rows per run: bounds the float64 copy handed to the runtime. */
const BATCH_ROWS = 65_536;

/** The graph's `probability` output for every row of X (input `X`, float64). */
export async function onnxPredict(bytes: Uint8Array, X: DenseMatrix, threads: number): Promise<Float64Array> {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  try {
    const out = new Float64Array(X.nRows);
    for (let start = 0; start < X.nRows; start += BATCH_ROWS) {
      const end = Math.min(X.nRows, start + BATCH_ROWS);
      const input = Float64Array.from(X.data.subarray(start * X.nCols, end * X.nCols));
      const result = await session.run({ X: new ort.Tensor('float64', input, [end - start, X.nCols]) }, [
        'probability',
      ]);
      out.set(result.probability.data as Float64Array, start);
    }
    return out;
  } finally {
    await session.release();
  }
}
