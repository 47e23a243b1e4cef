/** Progress on stderr: a bar with rate and ETA on a terminal, a plain line every 10 s otherwise, nothing when quiet. */

import cliProgress from "cli-progress";

export interface Progress {
  /** `total` may be given when it becomes known (or changes) after the start */
  update(done: number, total?: number): void;
  stop(): void;
}

export function createProgress(label: string, total: number, quiet: boolean, unit = "epochs"): Progress {
  if (quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const start = performance.now();
    bar.start(total, 0, { rate: "0" });
    return {
      update(done, newTotal) {
        if (newTotal !== undefined && newTotal !== bar.getTotal()) bar.setTotal(newTotal);
        const rate = done / Math.max(1e-9, (performance.now() - start) / 1000);
        bar.update(done, { rate: rate.toFixed(0) });
      },
      stop: () => bar.stop(),
    };
  }
  return plainProgress(label, total, unit);
}

function plainProgress(label: string, initialTotal: number, unit: string): Progress {
  const start = performance.now();
  let last = start;
  let total = initialTotal;
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      const now = performance.now();
      if (now - last < 10_000) return;
      last = now;
      const elapsed = (now - start) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : Number.NaN;
      const pct = ((100 * done) / total).toFixed(1);
      process.stderr.write(
        `${label}: ${pct}% (${done}/${total} ${unit}), ${elapsed.toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s\n`,
      );
    },
    stop() {},
  };
}
