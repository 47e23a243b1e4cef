/**
 * Kernel helper threads (train/kernelThreads.ts) only in a process that can always exit.
 *
 * Node 20 can deadlock at exit (nodejs/node#54918, open): the main thread waits in NodePlatform::DrainTasks for every
 * platform task, while a concurrent TurboFan job waits for a garbage collection that only the main thread can run.
 * A process whose main thread spends its time in Atomics.wait for helpers hit it in about 1 exit of 10 in our
 * measurements (gdb-confirmed); with V8's --no-concurrent-recompilation there is no such job and it never hung. The
 * flag must be given when the process starts (V8 builds its compile dispatcher then), so a command that wants
 * helpers relaunches itself once with the flag: one extra Node start (~0.1 s), and only for an X large enough to split.
 */

import { spawn } from "node:child_process";
import { constants } from "node:os";
import { NO_CONCURRENT_JIT } from "../train/kernelThreads.js";

/**
 * Runs this same command again in a child Node started with the flag, sharing stdin/stdout/stderr, and resolves to
 * its exit code (128 + signal number when a signal ended it). SIGINT, SIGTERM and SIGHUP sent to this process are
 * passed on, so a scheduler or Ctrl-C stops the run, not only its launcher.
 */
export function relaunchSafeForThreads(): Promise<number> {
  const args = [...process.execArgv, NO_CONCURRENT_JIT, ...process.argv.slice(1)];
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve) => {
    child.on("error", (err) => {
      process.stderr.write(`error: cannot start ${process.execPath}: ${err.message}\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
