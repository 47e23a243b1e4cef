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
import { Worker } from "node:worker_threads";
import { NO_CONCURRENT_JIT } from "../train/kernelThreads.js";

/** The launcher's pid, handed to the relaunched child so that it can tell when it has been orphaned. */
const PARENT_ENV = "GROKEDGE_LAUNCHER_PID";

/**
 * Runs this same command again in a child Node started with the flag, sharing stdin/stdout/stderr, and resolves to
 * its exit code (128 + signal number when a signal ended it). SIGINT, SIGTERM and SIGHUP sent to this process are
 * passed on, so a scheduler or Ctrl-C stops the run, not only its launcher; a SIGKILL of the launcher ends the child
 * too (exitWithLauncher). `extraFlags`: more Node flags for the child (the figure command's --expose-gc).
 */
export function relaunchSafeForThreads(extraFlags: readonly string[] = []): Promise<number> {
  const args = [...process.execArgv, NO_CONCURRENT_JIT, ...extraFlags, ...process.argv.slice(1)];
  const env = { ...process.env, [PARENT_ENV]: String(process.pid) };
  const child = spawn(process.execPath, args, { stdio: "inherit", env });
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

/**
 * In a relaunched child: end this process at once (SIGKILL, as its launcher got) when the launcher is gone. A SIGKILL
 * of the launcher cannot be forwarded, and an orphan would go on training, holding gigabytes, and write its results
 * later. A watchdog thread checks the parent pid twice a second while the main thread is busy training; it keeps the
 * process alive for nothing (unref).
 */
export function exitWithLauncher(): void {
  const launcher = process.env[PARENT_ENV];
  if (launcher === undefined) return;
  delete process.env[PARENT_ENV]; // not for this process's own children
  const code = `
    const { workerData } = require("node:worker_threads");
    setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, "SIGKILL"); }, 500);
  `;
  const watchdog = new Worker(code, { eval: true, workerData: Number(launcher) });
  watchdog.unref();
}
