/**
 * The phase-diagram tab: a (λ, σ) grid of small runs computed in a worker, each cell coloured by its outcome, with
 * the λ = ½ line and Wendel's finite-N P(separable) above it. Clicking (or Enter on) a cell opens that run.
 */

import { parseObject, UsageError } from "../../src/config/schema.js";
import { OUTCOME_COLOURS } from "../../src/core/palette.js";
import { wendelProbability } from "../../src/theory/wendel.js";
import {
  GROK_FACTOR,
  gridDimensions,
  gridSigmas,
  majorityOutcome,
  OUTCOME_TEXT,
  OUTCOMES,
  type Outcome,
  phaseCells,
} from "../../src/web/phase.js";
import type { Reply } from "../../src/web/protocol.js";
import type { ViewConfig, WebState } from "../../src/web/state.js";
import { viewFields } from "../../src/web/state.js";
import { type ControlSpec, controlGroup } from "./controls.js";
import { fmt, h } from "./dom.js";
import type { TabContext } from "./trainTab.js";

export const OUTCOME_COLOUR: Record<Outcome, string> = OUTCOME_COLOURS;

interface CellResult {
  outcome: Outcome;
  finalPopAcc: number;
  trainEpoch: number | null;
  genEpoch: number | null;
}

function phaseControls(ctx: TabContext): ControlSpec<WebState>[] {
  const spec = (flag: string, label: string): ControlSpec<WebState> => {
    const field = viewFields.find((f) => f.flag === flag)!;
    return {
      id: `ctl-${flag.replace(".", "-")}`,
      label,
      title: field.help,
      type: "number",
      get: (s) => String((s.view as unknown as Record<string, number>)[field.key]),
      set: (v) => {
        try {
          const parsed = parseObject(viewFields, { [flag]: v }, (f) => f.flag, "the controls");
          const view = { ...ctx.state().view, ...parsed } as ViewConfig;
          if (!(view.phaseLambdaMin < view.phaseLambdaMax && view.phaseSigmaMin < view.phaseSigmaMax)) {
            return "each range needs min < max";
          }
          ctx.update({ ...ctx.state(), view });
          return null;
        } catch (err) {
          if (err instanceof UsageError) return err.message;
          throw err;
        }
      },
    };
  };
  return [
    spec("phase.N", "N per cell"),
    spec("phase.epochs", "epochs per cell"),
    spec("phase.cells", "cells per axis"),
    spec("phase.draws", "draws per cell"),
    spec("phase.lambda-min", "λ min"),
    spec("phase.lambda-max", "λ max"),
    spec("phase.sigma-min", "σ min"),
    spec("phase.sigma-max", "σ max"),
  ];
}

const SVG_NS = "http://www.w3.org/2000/svg";
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The tab; `post` goes to the phase worker. */
export function createPhaseTab(ctx: TabContext, post: (msg: unknown) => void) {
  const controls = controlGroup("Phase diagram", phaseControls(ctx), ctx.state());
  const runBtn = h("button", { type: "button", id: "phase-run", onclick: () => start() }, "Run grid");
  const cancelBtn = h("button", { type: "button", id: "phase-cancel", onclick: () => stop() }, "Cancel");
  const progress = h("p", { class: "status", id: "phase-status", "aria-live": "polite" });
  const legend = h(
    "ul",
    { class: "legend" },
    ...(Object.keys(OUTCOME_COLOUR) as Outcome[]).map((o) =>
      h(
        "li",
        {},
        h("span", { class: "swatch", style: `background:${OUTCOME_COLOUR[o]}` }),
        h("b", {}, o),
        `: ${OUTCOME_TEXT[o]}`,
      ),
    ),
  );
  const holder = h("div", { class: "phase-svg" });
  const note = h(
    "p",
    { class: "limits" },
    `Each cell is one GD run of the page's other settings (η, loss, ‖S₀‖, b₀, seed, thresholds) at the grid's N and epochs; "groks" means the population accuracy crossed more than ${GROK_FACTOR}× later than the training accuracy. Click a cell to open its run.`,
  );
  const element = h(
    "div",
    { class: "tab-train" },
    h("aside", { class: "side" }, h("div", { class: "buttons" }, runBtn, cancelBtn), progress, controls.element, note),
    h("section", { class: "main" }, holder, legend),
  );
  let id = 0;
  let results: (CellResult | null)[] = [];
  let key = "";
  let svg: SVGSVGElement | null = null;
  /** the cells' rectangles, updated in place as results arrive (so keyboard focus stays where it is) */
  let rects: SVGRectElement[] = [];
  /** the job is being computed (false: finished, cancelled, or paused while the tab is hidden) */
  let computing = false;
  /** wall time (ms) at which the current stretch of computing began, and the cells done before it */
  let since = 0;
  let doneAtSince = 0;

  function jobKey(st: WebState): string {
    return JSON.stringify([st.run, Object.entries(st.view).filter(([k]) => k.startsWith("phase"))]);
  }

  function start(): void {
    const st = ctx.state();
    key = jobKey(st);
    results = phaseCells(st.run, st.view).flatMap((c) => c.draws.map(() => null));
    id++;
    draw();
    resume();
  }

  /** Compute the runs not yet done (from the first missing one; runs are cell-major, draws within a cell). */
  function resume(): void {
    const from = results.indexOf(null);
    if (from < 0) return;
    const st = ctx.state();
    post({ kind: "phase", id, configs: phaseCells(st.run, st.view).flatMap((c) => c.draws), from });
    computing = true;
    since = performance.now();
    doneAtSince = from;
    renderProgress();
  }

  /** Stop computing (Cancel, or the tab was left); resume() carries on from the next missing cell. */
  function stop(): void {
    if (!computing) return;
    post({ kind: "phaseStop", id });
    computing = false;
    renderProgress();
  }

  function receive(msg: Reply): void {
    if (msg.id !== id) return;
    if (msg.kind === "error") progress.textContent = `error: ${msg.message}`;
    if (msg.kind !== "phaseCell") return;
    results[msg.index] = { outcome: msg.outcome, finalPopAcc: msg.finalPopAcc, ...msg.accuracy };
    if (results.indexOf(null) < 0) computing = false;
    paintCell(Math.floor(msg.index / ctx.state().view.phaseDraws));
    renderProgress();
  }

  /** The runs of cell `index` (its draws). */
  const cellRuns = (index: number) => {
    const k = ctx.state().view.phaseDraws;
    return results.slice(index * k, (index + 1) * k);
  };

  /** A cell's result once all its draws are done: the most frequent outcome, its counts, the mean final accuracy. */
  function cellResult(index: number) {
    const runs = cellRuns(index);
    if (runs.some((r) => r === null)) return null;
    const done = runs as CellResult[];
    const { outcome, counts } = majorityOutcome(done.map((r) => r.outcome));
    const finalPopAcc = done.reduce((a, r) => a + r.finalPopAcc, 0) / done.length;
    return { outcome, counts, finalPopAcc, draws: done.length };
  }

  function cellLabel(index: number): string {
    const v = ctx.state().view;
    const n = v.phaseCells;
    const d = gridDimensions(v)[index % n];
    const sigma = gridSigmas(v)[Math.floor(index / n)];
    const r = cellResult(index);
    const where = `λ = ${fmt(d / v.phaseN)}, σ = ${fmt(sigma, 3)}`;
    if (!r) {
      const done = cellRuns(index).filter((x) => x !== null).length;
      return `${where}: pending${v.phaseDraws > 1 ? ` (${done} of ${v.phaseDraws} draws)` : ""}`;
    }
    const split =
      r.draws > 1
        ? ` (${r.draws} draws: ${OUTCOMES.filter((o) => r.counts[o] > 0)
            .map((o) => `${r.counts[o]} ${o}`)
            .join(", ")}), mean`
        : ",";
    return `${where}: ${r.outcome}${split} final population accuracy ${fmt(r.finalPopAcc)}`;
  }

  /** Colour and label one cell from its draws' results. */
  function paintCell(index: number): void {
    const rect = rects[index];
    if (!rect) return;
    const r = cellResult(index);
    rect.setAttribute("fill", r ? OUTCOME_COLOUR[r.outcome] : "#eee");
    const label = cellLabel(index);
    rect.setAttribute("aria-label", label);
    rect.firstElementChild!.textContent = label;
  }

  function renderProgress(): void {
    const done = results.filter((r) => r !== null).length;
    const total = results.length;
    const draws = ctx.state().view.phaseDraws;
    let text = draws > 1 ? `${done} / ${total} runs (${draws} draws per cell)` : `${done} / ${total} cells`;
    if (done < total && computing && done > doneAtSince) {
      const perCell = (performance.now() - since) / (done - doneAtSince);
      text += ` · about ${Math.ceil((perCell * (total - done)) / 1000)} s left`;
    } else if (done < total && !computing) text += " · paused (Run grid restarts, the tab resumes)";
    progress.textContent = text;
    progress.dataset.done = String(done === total && total > 0);
    cancelBtn.disabled = !computing;
  }

  function draw(): void {
    const st = ctx.state();
    const v = st.view;
    const ds = gridDimensions(v);
    const sigmas = gridSigmas(v);
    const n = v.phaseCells;
    const W = 640;
    const m = { l: 64, r: 16, t: 120, b: 48 };
    const cw = (W - m.l - m.r) / n;
    const ch = Math.min(cw, 40);
    const H = m.t + ch * n + m.b;
    const el = s("svg", {
      xmlns: SVG_NS,
      viewBox: `0 0 ${W} ${H}`,
      width: "100%",
      role: "group",
      "aria-label": "phase diagram",
      "font-family": "sans-serif",
      "font-size": 11,
    });
    el.append(s("rect", { width: W, height: H, fill: "white" }));
    el.append(
      s(
        "text",
        { x: W / 2, y: 14, "text-anchor": "middle", "font-size": 13, "font-weight": "bold" },
        `Outcome of GD after ${v.phaseEpochs} epochs, N = ${v.phaseN}`,
      ),
    );
    const lam = (x: number) =>
      m.l + ((x - v.phaseLambdaMin) / (v.phaseLambdaMax - v.phaseLambdaMin)) * (W - m.l - m.r - cw) + cw / 2;
    // Wendel strip: P(separable) against λ at this N
    const top = 28;
    const sh = 70;
    el.append(s("rect", { x: m.l, y: top, width: W - m.l - m.r, height: sh, fill: "none", stroke: "#aaa" }));
    const pts: string[] = [];
    for (
      let d = Math.max(1, Math.floor(v.phaseLambdaMin * v.phaseN));
      d <= Math.ceil(v.phaseLambdaMax * v.phaseN);
      d++
    ) {
      const x = Math.min(Math.max(lam(d / v.phaseN), m.l), W - m.r);
      pts.push(`${x.toFixed(1)},${(top + sh - wendelProbability(v.phaseN, d).probability * sh).toFixed(1)}`);
    }
    el.append(s("polyline", { points: pts.join(" "), fill: "none", stroke: "#333", "stroke-width": 1.5 }));
    el.append(s("text", { x: m.l + 4, y: top + 12 }, `Wendel P(separable), N = ${v.phaseN}`));
    el.append(
      s("text", { x: m.l - 4, y: top + 8, "text-anchor": "end" }, "1"),
      s("text", { x: m.l - 4, y: top + sh, "text-anchor": "end" }, "0"),
    );
    const gridTop = m.t;
    rects = [];
    sigmas.forEach((sigma, j) => {
      const y = gridTop + (n - 1 - j) * ch;
      el.append(s("text", { x: m.l - 4, y: y + ch / 2 + 4, "text-anchor": "end" }, fmt(sigma, 3)));
      ds.forEach((_d, i) => {
        const rect = s("rect", {
          x: m.l + i * cw + 1,
          y: y + 1,
          width: cw - 2,
          height: ch - 2,
          tabindex: 0,
          role: "button",
          class: "cell",
        });
        rect.append(s("title", {}));
        rects[j * n + i] = rect;
        const open = () => openCell(j * n + i);
        rect.addEventListener("click", open);
        rect.addEventListener("keydown", (e) => {
          if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") {
            e.preventDefault();
            open();
          }
        });
        el.append(rect);
      });
    });
    ds.forEach((d, i) => {
      const x = m.l + i * cw + cw / 2;
      el.append(s("text", { x, y: gridTop + n * ch + 14, "text-anchor": "middle" }, fmt(d / v.phaseN, 3)));
    });
    el.append(s("text", { x: W / 2, y: H - 8, "text-anchor": "middle" }, "λ = d/N"));
    el.append(
      s("text", { transform: `translate(14 ${gridTop + (n * ch) / 2}) rotate(-90)`, "text-anchor": "middle" }, "σ"),
    );
    if (v.phaseLambdaMin < 0.5 && v.phaseLambdaMax > 0.5) {
      const x = lam(0.5);
      el.append(
        s("line", {
          x1: x,
          x2: x,
          y1: top,
          y2: gridTop + n * ch,
          stroke: "#000",
          "stroke-dasharray": "5 3",
          "stroke-width": 1.5,
          "pointer-events": "none",
        }),
      );
      el.append(s("text", { x: x + 3, y: top + sh + 14, "pointer-events": "none" }, "λ = ½"));
    }
    holder.replaceChildren(el);
    svg = el;
    for (let k = 0; k < rects.length; k++) paintCell(k);
    renderProgress();
  }

  function openCell(index: number): void {
    const st = ctx.state();
    const cell = phaseCells(st.run, st.view)[index];
    ctx.update({ ...st, run: cell.config, view: { ...st.view, tab: "train" } });
  }

  /** One row per run (every draw of every cell). */
  function csv(): string {
    const st = ctx.state();
    const runs = phaseCells(st.run, st.view).flatMap((c) => c.draws);
    const head = "N,d,lambda,sigma,epochs,seed,outcome,final_pop_acc,train_epoch,gen_epoch";
    const rows = runs.map((c, k) => {
      const r = results[k];
      return [
        c.n,
        c.d,
        c.d / c.n,
        c.sigma,
        c.epochs,
        c.seed,
        r?.outcome ?? "",
        r?.finalPopAcc ?? "",
        r?.trainEpoch ?? "",
        r?.genEpoch ?? "",
      ].join(",");
    });
    return `${[head, ...rows].join("\n")}\n`;
  }

  return {
    element,
    receive,
    csv,
    /** every cell's result over its draws (null while any draw is pending) */
    results: () => Array.from({ length: results.length / ctx.state().view.phaseDraws }, (_, k) => cellResult(k)),
    svg: () => (svg ? new XMLSerializer().serializeToString(svg) : ""),
    refresh(st: WebState) {
      controls.refresh(st);
      if (st.view.tab === "phase" && jobKey(st) !== key) start();
    },
    /** the tab is shown: start the grid, or resume it where leaving the tab paused it */
    show() {
      if (jobKey(ctx.state()) !== key) start();
      else if (!computing) resume();
    },
    /** the tab is hidden: pause the grid (no work for a view nobody sees) */
    hide: stop,
  };
}
