/** Progress on stderr: a bar with rate and ETA on a terminal, a plain line every 10 s otherwise, nothing when quiet. */

import cliProgress from "cli-progress";

export interface Progress {
  /**
   * `total` may be given when it becomes known after the start. A new total starts a new phase (a figure's training
   * runs, then its per-draw theory): rate and ETA count from then, as an earlier phase's pace says nothing of this one.
   */
  update(done: number, total?: number): void;
  stop(): void;
}

export function createProgress(label: string, total: number, quiet: boolean, unit = "epochs"): Progress {
  if (quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) return barProgress(label, total, unit);
  return plainProgress(label, total, unit);
}

function barProgress(label: string, total: number, unit: string): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase = { start: performance.now(), done: 0 };
  bar.start(total, 0, { rate: "0" });
  return {
    update(done, newTotal) {
      if (newTotal !== undefined && newTotal !== bar.getTotal()) {
        phase = { start: performance.now(), done };
        bar.start(newTotal, done, { rate: "0" }); // a restart also resets the bar's own ETA buffer
      }
      const rate = (done - phase.done) / Math.max(1e-9, (performance.now() - phase.start) / 1000);
      bar.update(done, { rate: rate.toFixed(0) });
    },
    stop: () => bar.stop(),
  };
}

/**
 * The plain lines: `label: P% (done/total unit), E s elapsed, ETA R s`, at most one per `everyMs` of `now()` (ms);
 * elapsed counts from the start, the ETA from the current phase's start at its own pace.
 */
export function plainProgress(
  label: string,
  initialTotal: number,
  unit: string,
  now: () => number = () => performance.now(),
  write: (line: string) => void = (line) => process.stderr.write(line),
  everyMs = 10_000,
): Progress {
  const start = now();
  let last = start;
  let total = initialTotal;
  let phase = { start, done: 0 };
  return {
    update(done, newTotal) {
      const t = now();
      if (newTotal !== undefined && newTotal !== total) {
        total = newTotal;
        phase = { start: t, done };
      }
      if (t - last < everyMs) return;
      last = t;
      const rate = (done - phase.done) / ((t - phase.start) / 1000);
      const eta = rate > 0 ? (total - done) / rate : Number.NaN;
      const pct = ((100 * done) / total).toFixed(1);
      write(
        `${label}: ${pct}% (${done}/${total} ${unit}), ${((t - start) / 1000).toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s\n`,
      );
    },
    stop() {},
  };
}
