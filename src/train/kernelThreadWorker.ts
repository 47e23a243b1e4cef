/**
 * A helper thread of the loss kernel (train/kernelThreads.ts): sleeps on its control word, runs the blocks of a pass it
 * is handed on the shared WASM memory of an arena, and signals done. Blocking by design: it never returns to an event
 * loop, so new arenas (shared memories) arrive as messages read synchronously when it wakes.
 */

import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { type PassName, runPassJob } from "../core/kernel/abi.js";
import { CONTROL, decodeJobs, type KernelFn } from "./kernelThreadProtocol.js";

interface Attach {
  handle: number;
  memory: object;
  module: object;
}

/** The one WebAssembly constructor used here (lib ES2023 declares no WebAssembly). */
const { Instance } = (
  globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: object } } }
).WebAssembly;

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const ctrl = new Int32Array(control, 0, CONTROL.words);
const params = new Float64Array(control, CONTROL.paramsByte);
const kernels = new Map<number, Record<PassName, KernelFn>>();
Atomics.store(ctrl, CONTROL.started, 1); // the caller waits for this before waiting for a round
Atomics.notify(ctrl, CONTROL.started);

/** Polls of the control word before sleeping: a GD loop posts the next pass within microseconds, and waking from a
 * futex costs tens of them; an idle helper sleeps after ~SPIN polls. */
const SPIN = 20_000;

/** Longest single sleep (ms): waking now and then lets the process end this thread at exit (a thread parked in one
 * endless Atomics.wait could hold the process's exit forever, measured: 5 exits in 30 hung before this). */
const NAP_MS = 20;

let seen = 0;
for (;;) {
  for (let k = 0; k < SPIN && Atomics.load(ctrl, CONTROL.seq) === seen; k++);
  while (Atomics.load(ctrl, CONTROL.seq) === seen) Atomics.wait(ctrl, CONTROL.seq, seen, NAP_MS);
  const seq = Atomics.load(ctrl, CONTROL.seq);
  if (seq < 0) break;
  try {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const a = m.message as Attach;
      kernels.set(a.handle, new Instance(a.module, { env: { memory: a.memory } }).exports as never);
    }
    for (const j of decodeJobs(params)) {
      const k = kernels.get(j.memory); // the blocks of an X split over several memories name theirs
      if (k === undefined) throw new Error(`no arena ${j.memory}`);
      runPassJob(k, j);
    }
  } catch {
    Atomics.store(ctrl, CONTROL.failed, 1);
  }
  Atomics.store(ctrl, CONTROL.done, seq);
  Atomics.notify(ctrl, CONTROL.done);
  seen = seq;
}
port.close(); // nothing keeps this thread's event loop alive: it ends here
