/**
 * Helper threads for the loss kernel on Node (core/kernel/threads.ts KernelThreads): passes over a large X are cut into
 * blocks of rows, and each helper runs its blocks on the arena's shared WASM memory while the calling thread runs its
 * own; each block accumulates its own partial gradient, merged afterwards in a fixed order, so the numbers do not
 * depend on the thread count. The caller blocks (Atomics.wait) until the helpers are done: lossGradient stays
 * synchronous. For sweeps, run one training per core instead (experiments/pool.ts) and leave this off.
 *
 * Only in a process started with V8's --no-concurrent-recompilation: on Node 20 a process that ran passes on the
 * helpers hung at exit in roughly 1 run of 10 without it (measured: 2–9 of 40), the exit deadlock of nodejs/node#54918
 * (gdb: the main thread in Node's DrainTasks waiting for a concurrent TurboFan job, which waits for a garbage
 * collection only the main thread can run). `grokedge train` relaunches itself with the flag before turning helpers
 * on (cli/safeExit.ts); `npm run bench` starts with it.
 */

import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { PassJob } from "../core/kernel/abi.js";
import { defaultKernel, type Kernel } from "../core/kernel/kernel.js";
import { KERNEL_CHUNKS } from "../core/kernel/layout.js";
import type { WasmMemory } from "../core/kernel/loader.js";
import type { KernelThreads } from "../core/kernel/threads.js";
import { CONTROL, controlBytes, encodeJobs } from "./kernelThreadProtocol.js";

/** Polls of a helper's done word before sleeping on it. */
const SPIN = 20_000;

/** How long a pass waits for a helper thread to start before giving up with an error (ms): a helper that failed to
 * start (its error event cannot reach a caller blocked in Atomics.wait) must not hang the run. */
const START_TIMEOUT_MS = 60_000;

interface Helper {
  worker: Worker;
  port: MessagePort;
  ctrl: Int32Array;
  params: Float64Array;
  seq: number;
}

class NodeKernelThreads implements KernelThreads {
  /** started on the first attach: a run whose X is too small to split never starts a thread */
  private pool: Helper[] = [];
  private nextHandle = 0;
  /** passes that ran blocks on helpers */
  rounds = 0;

  constructor(readonly helpers: number) {}

  private start(): Helper[] {
    const url = new URL("./kernelThreadWorker.js", import.meta.url);
    return Array.from({ length: this.helpers }, () => {
      const control = new SharedArrayBuffer(controlBytes(KERNEL_CHUNKS));
      const { port1, port2 } = new MessageChannel();
      // execArgv: [] — the helpers need no Node options, and some of the parent's (--input-type) make a worker fail
      const worker = new Worker(url, { workerData: { control, port: port2 }, transferList: [port2], execArgv: [] });
      worker.unref(); // blocked in Atomics.wait between passes; never keeps the process alive
      port1.unref();
      return {
        worker,
        port: port1,
        ctrl: new Int32Array(control, 0, CONTROL.words),
        params: new Float64Array(control, CONTROL.paramsByte),
        seq: 0,
      };
    });
  }

  attach(memory: WasmMemory, module: object): number {
    if (this.pool.length === 0) this.pool = this.start();
    const handle = ++this.nextHandle;
    for (const h of this.pool) h.port.postMessage({ handle, memory, module });
    return handle;
  }

  run(jobs: readonly (readonly PassJob[])[], own: () => void): void {
    const busy = this.pool.filter((_, i) => (jobs[i]?.length ?? 0) > 0);
    this.pool.forEach((h, i) => {
      if ((jobs[i]?.length ?? 0) === 0) return;
      encodeJobs(h.params, jobs[i]);
      Atomics.store(h.ctrl, CONTROL.seq, ++h.seq);
      Atomics.notify(h.ctrl, CONTROL.seq);
    });
    own();
    if (busy.length > 0) this.rounds++;
    for (const h of busy) {
      awaitStart(h.ctrl);
      // poll briefly (the helper usually finishes about when this thread does), then sleep
      for (let k = 0; k < SPIN && Atomics.load(h.ctrl, CONTROL.done) !== h.seq; k++);
      for (let done = Atomics.load(h.ctrl, CONTROL.done); done !== h.seq; done = Atomics.load(h.ctrl, CONTROL.done)) {
        Atomics.wait(h.ctrl, CONTROL.done, done);
      }
      if (Atomics.load(h.ctrl, CONTROL.failed) !== 0) throw new Error("a loss-kernel helper thread failed");
    }
  }

  /**
   * Tell the helpers to leave their loop and end their threads (at exit, when replaced, or to release the memories
   * they hold); resolves when every one has exited. The next attach starts new helpers.
   */
  close(): Promise<void> {
    // ref'd while ending: an unref'd worker's exit would not keep the event loop alive for whoever awaits it
    const exited = this.pool.map((h) => {
      h.worker.ref();
      return new Promise<void>((resolve) => h.worker.once("exit", () => resolve()));
    });
    for (const h of this.pool) {
      Atomics.store(h.ctrl, CONTROL.seq, -1);
      Atomics.notify(h.ctrl, CONTROL.seq);
      h.port.close();
    }
    this.pool = [];
    return Promise.all(exited).then(() => undefined);
  }
}

/** Blocks until the helper with this control block has started, or throws after START_TIMEOUT_MS. */
function awaitStart(ctrl: Int32Array): void {
  const end = performance.now() + START_TIMEOUT_MS;
  while (Atomics.load(ctrl, CONTROL.started) === 0) {
    if (performance.now() > end) throw new Error("a loss-kernel helper thread did not start (after 60 s)");
    Atomics.wait(ctrl, CONTROL.started, 0, 100);
  }
}

let active: NodeKernelThreads | null = null;

/** The V8 flag a process must start with before it may use helpers (see the top of this file). */
export const NO_CONCURRENT_JIT = "--no-concurrent-recompilation";

/** Whether this process started with NO_CONCURRENT_JIT, so that helpers cannot hang its exit. */
export function startedSafeForThreads(): boolean {
  return process.execArgv.includes(NO_CONCURRENT_JIT);
}

/**
 * Use `threads` threads (the caller's plus threads − 1 helpers; default all cores) for passes over large X on `kernel`
 * (default: the shared one), from its next arena on (register before the first pass). 1 turns helpers off.
 */
export function enableKernelThreads(threads = availableParallelism(), kernel: Kernel = defaultKernel()): void {
  if (threads > 1 && !startedSafeForThreads()) {
    throw new Error(`kernel helper threads need Node started with ${NO_CONCURRENT_JIT} (Node 20's exit deadlock)`);
  }
  void active?.close();
  active = threads > 1 ? new NodeKernelThreads(threads - 1) : null;
  kernel.useThreads(active);
  if (active && !closeAtExit) {
    closeAtExit = true;
    process.once("exit", () => active?.close()); // helpers leave their loop, so the process never waits on them
  }
}

let closeAtExit = false;

/**
 * Release the kernel memories of finished runs: the helpers hold every shared memory they were handed (an X of 3 GB at
 * the paper's size) until their thread ends, so end them (new ones start with the next large X), then collect this
 * thread's garbage where the process exposes gc. Call between large runs.
 */
export async function releaseKernelMemory(): Promise<void> {
  await active?.close();
  (globalThis as { gc?: () => void }).gc?.();
}

/** Passes that ran blocks on helper threads since enableKernelThreads (0 when off): for tests and benchmarks. */
export function kernelThreadRounds(): number {
  return active?.rounds ?? 0;
}
