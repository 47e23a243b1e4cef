/**
 * The explorer stays responsive while it trains (issue 16, part 3), measured in Debian's Chromium at the defaults:
 * the main thread is busy at most 25 % of the wall time (Chromium's ThreadTime metric over DevTools: its CPU time,
 * which other processes on a loaded machine do not inflate) and the 95th percentile of the main-thread time of a
 * frame of a progress render (the page's own measurement, uPlot's deferred commit included; wall time) is at most
 * 16 ms. The numbers are printed with the machine's load average, which the wall-time ones depend on.
 */

import { loadavg } from "node:os";
import { describe, expect, it } from "vitest";
import { servedInChromium } from "./helpers.js";

interface Hooks {
  grokedge: { renderTimes(): { frames: number[]; renders: number[] } };
}

/** The q-quantile of `xs` (nearest rank). */
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1];

describe("explorer responsiveness while training (Chromium)", () => {
  const { open } = servedInChromium();

  it("keeps the main thread ≤ 25 % busy and the p95 progress render ≤ 16 ms at the defaults", async () => {
    const page = await open();
    await page.waitForSelector("#theory-draw:not(:has-text('solving'))", { timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    /** Chromium's main-thread metrics, in seconds: TaskDuration (wall time in tasks), ThreadTime (its CPU time) */
    const metrics = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const get = (name: string) => metrics.find((m) => m.name === name)!.value;
      return { task: get("TaskDuration"), cpu: get("ThreadTime") };
    };
    const hook = () =>
      page.evaluate(() => {
        return (window as unknown as Hooks).grokedge.renderTimes();
      });
    await page.click("#play");
    await page.waitForTimeout(500); // past the first renders (chart layout, fonts)
    const before = await hook();
    const m0 = await metrics();
    const wall0 = Date.now();
    await page
      .waitForSelector('#run-status[data-state="done"]', { timeout: 4_000, state: "attached" })
      .catch(() => undefined); // a slow machine is still training after 4 s: measure those 4 s
    const m1 = await metrics();
    const wall = (Date.now() - wall0) / 1000;
    const after = await hook();
    const frames = after.frames.slice(before.frames.length);
    const renders = after.renders.slice(before.renders.length);
    const rate = Number(await page.getAttribute("#run-status", "data-rate"));
    const busyCpu = (m1.cpu - m0.cpu) / wall;
    const busyTask = (m1.task - m0.task) / wall;
    const p95 = quantile(frames, 0.95);
    const p95Render = quantile(renders, 0.95);
    const ms = (v: number) => v.toFixed(1);
    console.log(
      `responsiveness: main thread busy ${ms(100 * busyCpu)} % (CPU time; ${ms(100 * busyTask)} % in tasks, wall) ` +
        `over ${ms(wall)} s; ${renders.length} renders (${ms(renders.length / wall)}/s) in ${frames.length} frames; ` +
        `per render p95 ${ms(p95Render)} ms, median ${ms(quantile(renders, 0.5))} ms; ` +
        `per frame p95 ${ms(p95)} ms, median ${ms(quantile(frames, 0.5))} ms, max ${ms(Math.max(...frames))} ms; ` +
        `worker ${Math.round(rate)} epochs/s; load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
    expect(renders.length).toBeGreaterThan(3);
    expect(renders.length / wall).toBeLessThanOrEqual(11); // at most ~10 renders a second
    expect(busyCpu).toBeLessThanOrEqual(0.25);
    // the unit that holds up a click is a frame: a render spreads its work over up to seven (the whole render's p95,
    // its frames' wall times summed, is printed: on a loaded machine preemption inflates it, see the note)
    expect(p95).toBeLessThanOrEqual(16);
    await page.close();
  }, 120_000);
});
