import { describe, expect, it } from "vitest";
import { plainProgress } from "../../src/cli/progress.js";

describe("progress lines: the ETA of a phase comes from that phase's own pace", () => {
  const clocked = () => {
    let t = 0;
    const lines: string[] = [];
    const p = plainProgress(
      "figure 1",
      1,
      "work units",
      () => t,
      (l) => lines.push(l),
      10_000,
    );
    return { p, lines, at: (ms: number) => (t = ms) };
  };

  it("one phase: ETA = elapsed × (total − done) / done", () => {
    const { p, lines, at } = clocked();
    at(0);
    p.update(0, 100);
    at(20_000);
    p.update(50, 100);
    expect(lines).toEqual(["figure 1: 50.0% (50/100 work units), 20 s elapsed, ETA 20 s\n"]);
  });

  it("a new total starts a new phase: the slow first phase no longer inflates the second one's ETA", () => {
    const { p, lines, at } = clocked();
    at(0);
    p.update(0, 1000);
    at(400_000);
    p.update(999, 1000); // 400 s of training runs
    at(401_000);
    p.update(1, 232); // the theory phase begins: 232 draws
    at(451_000);
    p.update(41, 232); // 40 draws in 50 s → 191 left at 0.8 draws/s
    // Counting from the figure's start would give 451 × 191 / 41 ≈ 2101 s, more than 8 times too long.
    expect(lines.at(-1)).toBe("figure 1: 17.7% (41/232 work units), 451 s elapsed, ETA 239 s\n");
  });

  it("writes at most one line per interval, and no ETA before the phase has progressed", () => {
    const { p, lines, at } = clocked();
    at(0);
    p.update(0, 10);
    at(5_000);
    p.update(3, 10);
    expect(lines).toEqual([]);
    at(10_000);
    p.update(0, 10);
    expect(lines).toEqual(["figure 1: 0.0% (0/10 work units), 10 s elapsed, ETA NaN s\n"]);
  });
});
