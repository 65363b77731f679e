// NumPy .npy (format 1.0) for float32 row-major matrices: the binary cache of
// parsed text files, chosen because numpy.load reads it as is. Only '<f4', C
// order, 2-D is supported; that is all persodata writes.
import { denseMatrix, type DenseMatrix } from '../core/dense-matrix.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Serialises a matrix as .npy 1.0; the header is padded so data starts on a 64-byte boundary. */
export function encodeNpy(matrix: DenseMatrix): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${matrix.nRows}, ${matrix.nCols}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + matrix.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength), 10 + header.length);
  return out;
}

/**
 * Reads a .npy written by encodeNpy (or numpy.save of a 2-D C-order float32
 * array). Returns undefined when the bytes are not such a file, so a damaged
 * cache is simply rebuilt. The matrix copies the data into its own buffer.
 */
export function decodeNpy(bytes: Uint8Array): DenseMatrix | undefined {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b) || bytes[6] !== 1) return undefined;
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + 10, Math.min(headerLength, bytes.length - 10)).toString(
    'latin1',
  );
  const match = /'descr':\s*'<f4'.*'fortran_order':\s*False.*'shape':\s*\((\d+),\s*(\d+),?\)/.exec(header);
  if (!match) return undefined;
  const nRows = Number(match[1]);
  const nCols = Number(match[2]);
  const start = 10 + headerLength;
  if (bytes.length !== start + nRows * nCols * 4) return undefined;
  const data = new Float32Array(nRows * nCols);
  new Uint8Array(data.buffer).set(bytes.subarray(start));
  return denseMatrix(nRows, nCols, data);
}
