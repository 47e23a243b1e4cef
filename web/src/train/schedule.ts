/**
 * Rendering while training: at most once per RENDER_INTERVAL_MS, in animation frames, however many progress messages
 * arrived (the worker sends ~25 a second). A render whose data changed (its plan's key differs from the last one
 * drawn) is spread over its parts, one frame each, so that no frame holds the main thread for long; otherwise it is
 * the status line alone (late in a run, checkpoints being log-spaced, most messages bring a new epoch count and
 * nothing else).
 */

/** Longest wait between two renders while training (≤ 10 renders a second). */
export const RENDER_INTERVAL_MS = 100;

/** One render, planned when it begins. */
export interface RenderPlan {
  /** what the full render shows; the same key as the last render's: only the status is drawn */
  key: string;
  status: () => void;
  /** the full render's parts, one frame each */
  parts: (() => void)[];
}

/** A scheduler: `schedule` asks for a render; `times` gives the main-thread time (ms) of every frame and render. */
export function renderScheduler(running: () => boolean, plan: () => RenderPlan) {
  let scheduled = false;
  let lastRender = Number.NEGATIVE_INFINITY;
  let drawn = "";
  /** something changed while a render was under way: render again after it */
  let again = false;
  /** main-thread time (ms) of every frame of a render, and of every whole render (its frames summed) */
  const frameMs: number[] = [];
  const renderMs: number[] = [];

  /** Run one part of a render, its duration recorded (uPlot commits in a microtask: the measurement ends after it). */
  function timed(part: () => void, total: { ms: number; left: number }): void {
    const t0 = performance.now();
    part();
    queueMicrotask(() => {
      const ms = performance.now() - t0;
      frameMs.push(ms);
      total.ms += ms;
      if (--total.left === 0) renderMs.push(total.ms);
    });
  }

  function schedule(): void {
    if (scheduled) {
      again = true;
      return;
    }
    scheduled = true;
    const wait = running() ? Math.max(0, lastRender + RENDER_INTERVAL_MS - performance.now()) : 0;
    setTimeout(() => {
      lastRender = performance.now();
      again = false; // what arrived so far is in this render
      const p = plan();
      const parts = p.key === drawn ? [p.status] : p.parts;
      drawn = p.key;
      const total = { ms: 0, left: parts.length };
      const frame = () => {
        timed(parts.shift()!, total);
        if (parts.length) requestAnimationFrame(frame);
        else {
          scheduled = false;
          if (again) schedule();
        }
      };
      requestAnimationFrame(frame);
    }, wait);
  }

  return { schedule, times: () => ({ frames: frameMs.slice(), renders: renderMs.slice() }) };
}
