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

/** The current phase: its total and its pace (units per second, 0 before any time has passed) since it began. */
class Phase {
  private start: number;
  private base = 0;
  constructor(
    private readonly now: () => number,
    public total: number,
  ) {
    this.start = now();
  }
  /** A new total starts a new phase at `done`; returns whether it did. */
  advance(done: number, total?: number): boolean {
    if (total === undefined || total === this.total) return false;
    this.total = total;
    this.start = this.now();
    this.base = done;
    return true;
  }
  rate(done: number): number {
    const seconds = (this.now() - this.start) / 1000;
    return seconds > 0 ? (done - this.base) / seconds : 0;
  }
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
  const phase = new Phase(() => performance.now(), total);
  bar.start(total, 0, { rate: "0" });
  return {
    update(done, newTotal) {
      // a restart also resets the bar's own ETA buffer
      if (phase.advance(done, newTotal)) bar.start(phase.total, done, { rate: "0" });
      bar.update(done, { rate: phase.rate(done).toFixed(0) });
    },
    stop: () => bar.stop(),
  };
}

export interface LineSink {
  /** milliseconds */
  now: () => number;
  write: (line: string) => void;
  /** at most one line per this many milliseconds */
  everyMs: number;
}

const STDERR_LINES: LineSink = {
  now: () => performance.now(),
  write: (line) => process.stderr.write(line),
  everyMs: 10_000,
};

/** The plain lines `label: P% (done/total unit), E s elapsed, ETA R s`: elapsed since the start, ETA at the phase's pace. */
export function plainProgress(label: string, total: number, unit: string, sink: LineSink = STDERR_LINES): Progress {
  const start = sink.now();
  let last = start;
  const phase = new Phase(sink.now, total);
  return {
    update(done, newTotal) {
      phase.advance(done, newTotal);
      const t = sink.now();
      if (t - last < sink.everyMs) return;
      last = t;
      const rate = phase.rate(done);
      const eta = rate > 0 ? (phase.total - done) / rate : Number.NaN;
      const pct = ((100 * done) / phase.total).toFixed(1);
      const elapsed = ((t - start) / 1000).toFixed(0);
      sink.write(`${label}: ${pct}% (${done}/${phase.total} ${unit}), ${elapsed} s elapsed, ETA ${eta.toFixed(0)} s\n`);
    },
    stop() {},
  };
}
