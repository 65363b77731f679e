// The one in-memory layout for feature matrices: row-major float32 plus shape.
// Readers produce it, models consume it; nothing here parses or computes.

/** Row-major matrix: value (row i, column j) is `data[i * nCols + j]`. */
export interface DenseMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly data: Float32Array;
}

export function denseMatrix(nRows: number, nCols: number, data?: Float32Array): DenseMatrix {
  const values = data ?? new Float32Array(nRows * nCols);
  if (values.length !== nRows * nCols) {
    throw new RangeError(`denseMatrix: ${values.length} values do not make ${nRows} x ${nCols}`);
  }
  return { nRows, nCols, data: values };
}

/** Copies the given rows, in the given order, into a new matrix. */
export function takeRows(matrix: DenseMatrix, rows: ArrayLike<number>): DenseMatrix {
  const { nCols } = matrix;
  const out = new Float32Array(rows.length * nCols);
  for (let k = 0; k < rows.length; k++) {
    const start = rows[k] * nCols;
    out.set(matrix.data.subarray(start, start + nCols), k * nCols);
  }
  return denseMatrix(rows.length, nCols, out);
}

/** Copies the given columns, in the given order: column k of the result is column columns[k] of `matrix`. */
export function takeColumns(matrix: DenseMatrix, columns: ArrayLike<number>): DenseMatrix {
  const { nRows, nCols } = matrix;
  const width = columns.length;
  const out = new Float32Array(nRows * width);
  for (let i = 0; i < nRows; i++) {
    const from = i * nCols;
    const to = i * width;
    for (let k = 0; k < width; k++) out[to + k] = matrix.data[from + columns[k]];
  }
  return denseMatrix(nRows, width, out);
}

/** Copies the given entries of a label vector. */
export function takeLabels(labels: Uint8Array, rows: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = labels[rows[k]];
  return out;
}
