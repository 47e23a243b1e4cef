/** Progress on stderr: a bar with rate and ETA on a terminal, a plain line every 10 s otherwise, nothing when quiet. */

import cliProgress from "cli-progress";

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function createProgress(label: string, total: number, quiet: boolean): Progress {
  if (quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} epochs | {rate} epochs/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const start = performance.now();
    bar.start(total, 0, { rate: "0" });
    return {
      update(done) {
        const rate = done / Math.max(1e-9, (performance.now() - start) / 1000);
        bar.update(done, { rate: rate.toFixed(0) });
      },
      stop: () => bar.stop(),
    };
  }
  return plainProgress(label, total);
}

function plainProgress(label: string, total: number): Progress {
  const start = performance.now();
  let last = start;
  return {
    update(done) {
      const now = performance.now();
      if (now - last < 10_000) return;
      last = now;
      const elapsed = (now - start) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : Number.NaN;
      const pct = ((100 * done) / total).toFixed(1);
      process.stderr.write(
        `${label}: ${pct}% (${done}/${total} epochs), ${elapsed.toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s\n`,
      );
    },
    stop() {},
  };
}
