/**
 * NumPy's .npy format (version 1.0 written; 1.0, 2.0 and 3.0 read) for a matrix of float64 (or float32, widened)
 * values: the magic "\x93NUMPY", a version, a little-endian header length, a Python-literal header
 * {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), } padded to a multiple of 64 bytes, then the data.
 * Pure byte building and parsing; the caller reads and writes files.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** A row-major n × d matrix. */
export interface NpyMatrix {
  values: Float64Array;
  n: number;
  d: number;
}

/** An n × d float64 matrix (row-major values) as .npy bytes, version 1.0, '<f8', C order. */
export function encodeNpy(values: Float64Array, n: number, d: number): Uint8Array {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${n}, ${d}), }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const header = `${dict}${" ".repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(MAGIC.length + 4 + header.length + 8 * n * d);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) body.setFloat64(8 * i, values[i], true);
  return out;
}

/** Parse .npy bytes of a 1-D (n values: n × 1) or 2-D float64/float32 array; throws Error with the reason. */
export function decodeNpy(bytes: Uint8Array): NpyMatrix {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error("not a .npy file (no \\x93NUMPY magic)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`unsupported .npy version ${major}.${bytes[7]}`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error("truncated .npy header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error("malformed .npy header");
  const width = { "<f8": 8, "<f4": 4 }[descr];
  if (width === undefined)
    throw new Error(`dtype ${descr} is not supported (use little-endian float64 '<f8' or float32 '<f4')`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((k) => !Number.isSafeInteger(k) || k < 0)) {
    throw new Error(`shape (${shapeText}) is not a 1-D or 2-D array`);
  }
  const [n, d] = shape.length === 1 ? [shape[0], 1] : shape;
  const body = start + headerLen;
  if (bytes.length - body !== n * d * width) {
    throw new Error(`${bytes.length - body} data bytes for shape (${n}, ${d}) of ${descr} (expected ${n * d * width})`);
  }
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      // C order: element (i, j) at i·d + j; Fortran order: at j·n + i
      const k = fortran === "True" ? j * n + i : i * d + j;
      values[i * d + j] = width === 8 ? view.getFloat64(body + 8 * k, true) : view.getFloat32(body + 4 * k, true);
    }
  }
  return { values, n, d };
}
