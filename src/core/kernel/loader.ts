/**
 * Loading the WASM SIMD128 loss kernel: its bytes (the generated module, embedded as base64 so that src/core does no
 * I/O), compiled once per Kernel (core/kernel/kernel.ts), and instances of it on a memory of their own.
 */

import { WASM_KERNEL_BASE64, WASM_KERNEL_SHARED_BASE64 } from "../wasmKernelBytes.generated.js";
import type { KernelExports } from "./abi.js";

/** The subset of the WebAssembly JS API used here (lib ES2023 does not declare it; the runtime may lack it). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** The compiled kernel and the API that instantiates it. */
export interface LoadedKernel {
  readonly api: WasmApi;
  readonly module: object;
}

function decodeBase64(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const value = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0;
  let nBits = 0;
  let k = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | value[clean.charCodeAt(i)];
    nBits += 6;
    if (nBits >= 8) {
      nBits -= 8;
      out[k++] = (bits >> nBits) & 0xff;
    }
  }
  return out;
}

/** The bytes compiled, or null where they do not validate (no SIMD128) or compilation is refused. */
function compile(api: WasmApi, base64: string): object | null {
  try {
    const bytes = decodeBase64(base64);
    // validate() is false where SIMD128 is unsupported. Synchronous compilation: fine in Node and in workers
    // (a browser's main thread refuses modules over 4 KB synchronously; the kernel then falls back to TypeScript).
    return api.validate(bytes) ? new api.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** The kernel compiled for a private memory; null where it cannot run (no WebAssembly, no SIMD128, refused). */
export function loadKernel(): LoadedKernel | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  const module = compile(api, WASM_KERNEL_BASE64);
  return module === null ? null : { api, module };
}

/** The same kernel compiled against a shared memory (for helper threads); null: unavailable. */
export function loadSharedModule(k: LoadedKernel): object | null {
  return compile(k.api, WASM_KERNEL_SHARED_BASE64);
}

/** An instance of `module` (default: k's) on `memory`. */
export function instantiate(k: LoadedKernel, memory: WasmMemory, module: object = k.module): KernelExports {
  return new k.api.Instance(module, { env: { memory } }).exports as KernelExports;
}
