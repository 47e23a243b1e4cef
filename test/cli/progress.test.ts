import { describe, expect, it } from "vitest";
import { plainProgress } from "../../src/cli/progress.js";

describe("progress lines: the ETA of a phase comes from that phase's own pace", () => {
  /** A progress on a fake clock; `tick(ms, done, total)` sets the clock, then reports. */
  const clocked = () => {
    let t = 0;
    const lines: string[] = [];
    const p = plainProgress("figure 1", 1, "work units", {
      now: () => t,
      write: (l) => lines.push(l),
      everyMs: 10_000,
    });
    const tick = (ms: number, done: number, total: number) => {
      t = ms;
      p.update(done, total);
    };
    return { lines, tick };
  };

  it("one phase: ETA = elapsed × (total − done) / done", () => {
    const { lines, tick } = clocked();
    tick(0, 0, 100);
    tick(20_000, 50, 100);
    expect(lines).toEqual(["figure 1: 50.0% (50/100 work units), 20 s elapsed, ETA 20 s\n"]);
  });

  it("a new total starts a new phase: the slow first phase no longer inflates the second one's ETA", () => {
    const { lines, tick } = clocked();
    tick(0, 0, 1000);
    tick(400_000, 999, 1000); // 400 s of training runs
    tick(401_000, 1, 232); // the theory phase begins: 232 draws
    tick(451_000, 41, 232); // 40 draws in 50 s → 191 left at 0.8 draws/s
    // Counting from the figure's start (the code before this test) printed 451 × 191 / 41 ≈ 2101 s.
    expect(lines.at(-1)).toBe("figure 1: 17.7% (41/232 work units), 451 s elapsed, ETA 239 s\n");
  });

  it("writes at most one line per interval, and no ETA before the phase has progressed", () => {
    const { lines, tick } = clocked();
    tick(0, 0, 10);
    tick(5_000, 0, 10);
    expect(lines).toEqual([]);
    tick(10_000, 0, 10);
    tick(15_000, 5, 10);
    tick(20_000, 5, 10);
    expect(lines).toEqual([
      "figure 1: 0.0% (0/10 work units), 10 s elapsed, ETA NaN s\n",
      "figure 1: 50.0% (5/10 work units), 20 s elapsed, ETA 20 s\n",
    ]);
  });
});
