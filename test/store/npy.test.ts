import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "../../src/store/npy.js";

/** A .npy file as NumPy writes it: magic, version, header length, the header text, then raw little-endian values. */
function npyBytes(header: string, body: ArrayBuffer, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const total = pre + header.length;
  const padded = `${header}${" ".repeat((64 - ((total + 1) % 64)) % 64)}\n`;
  const out = new Uint8Array(pre + padded.length + body.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const v = new DataView(out.buffer);
  if (major === 1) v.setUint16(8, padded.length, true);
  else v.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) out[pre + i] = padded.charCodeAt(i);
  out.set(new Uint8Array(body), pre + padded.length);
  return out;
}

describe(".npy codec (NumPy format 1.0–3.0)", () => {
  it("round-trips every bit of a float64 matrix, the header padded to 64 bytes", () => {
    const X = Float64Array.from([0.1, -0, 1e-310, -2.5, Math.PI, 7]);
    const bytes = encodeNpy(X, 2, 3);
    expect((bytes.length - 6 * 8) % 64).toBe(0);
    const m = decodeNpy(bytes);
    expect([m.n, m.d]).toEqual([2, 3]);
    expect(Buffer.from(m.values.buffer).equals(Buffer.from(X.buffer))).toBe(true);
    expect(Object.is(m.values[1], -0)).toBe(true);
  });

  it("reads NumPy's Fortran order, float32 and version 2.0 headers, and a 1-D vector as one column", () => {
    const colMajor = Float64Array.from([1, 4, 2, 5, 3, 6]); // [[1,2,3],[4,5,6]] in Fortran order
    const f = decodeNpy(npyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", colMajor.buffer));
    expect(Array.from(f.values)).toEqual([1, 2, 3, 4, 5, 6]);
    const f32 = decodeNpy(
      npyBytes(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
        Float32Array.from([0.5, 1.5, -2]).buffer,
        2,
      ),
    );
    expect([f32.n, f32.d, ...f32.values]).toEqual([3, 1, 0.5, 1.5, -2]);
  });

  it("refuses other dtypes, a wrong data length and a file that is not .npy, naming the reason", () => {
    const ints = npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new ArrayBuffer(8));
    expect(() => decodeNpy(ints)).toThrow(/dtype <i8 is not supported/);
    const short = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new ArrayBuffer(24));
    expect(() => decodeNpy(short)).toThrow(/24 data bytes for shape \(2, 2\)/);
    expect(() => decodeNpy(new TextEncoder().encode("1,2,3\n4,5,6\n"))).toThrow(/not a .npy file/);
  });
});
