/**
 * The phase-diagram tab: a (λ, σ) grid of small runs computed in a worker, each cell coloured by its outcome, with
 * the λ = ½ line and Wendel's finite-N P(separable) above it. Clicking (or Enter on) a cell opens that run. Its state
 * is in results.ts, its drawing in diagram.ts.
 */

import { GROK_FACTOR, OUTCOME_TEXT, type Outcome, phaseCells } from "../../../src/web/phase.js";
import type { ReplyOf } from "../../../src/web/protocol.js";
import type { WebState } from "../../../src/web/state.js";
import { type ControlGroup, controlGroup } from "../controls.js";
import { h } from "../dom.js";
import type { TabContext } from "../tabContext.js";
import type { Send, WorkerLink } from "../workerLink.js";
import { phaseControls } from "./controls.js";
import { drawDiagram, OUTCOME_COLOUR } from "./diagram.js";
import { cellLabel, cellResult, type Progress, progressText, type Results, resultsCsv } from "./results.js";

export class PhaseTab {
  readonly element: HTMLElement;
  private readonly controls: ControlGroup<WebState>;
  private readonly progress = h("p", { class: "status", id: "phase-status", "aria-live": "polite" });
  private readonly cancelBtn = h(
    "button",
    { type: "button", id: "phase-cancel", onclick: () => this.stop() },
    "Cancel",
  );
  private readonly holder = h("div", { class: "phase-svg" });
  private readonly send: Send<"phase">;
  private id = 0;
  private results: Results = [];
  /** the settings the results are of */
  private key = "";
  private svgElement: SVGSVGElement | null = null;
  /** the cells' rectangles, updated in place as results arrive (so keyboard focus stays where it is) */
  private rects: SVGRectElement[] = [];
  /** computing: the job is being computed (false: finished, cancelled, or paused while the tab is hidden) */
  private job: Progress = { computing: false, since: 0, doneAtSince: 0 };

  /** `phase`: the worker that computes the grid */
  constructor(
    private readonly ctx: TabContext,
    phase: WorkerLink,
  ) {
    this.controls = controlGroup("Phase diagram", phaseControls(ctx), ctx.state());
    this.element = this.layout();
    this.send = phase.connect("phase", (msg) => this.receive(msg));
  }

  /** One row per run (every draw of every cell). */
  csv(): string {
    return resultsCsv(this.results, this.ctx.state());
  }

  /** every cell's result over its draws (null while any draw is pending) */
  cellResults() {
    const draws = this.ctx.state().view.phaseDraws;
    return Array.from({ length: this.results.length / draws }, (_, k) => cellResult(this.results, k, draws));
  }

  svg(): string {
    return this.svgElement ? new XMLSerializer().serializeToString(this.svgElement) : "";
  }

  refresh(st: WebState): void {
    this.controls.refresh(st);
    if (st.view.tab === "phase" && jobKey(st) !== this.key) this.start();
  }

  /** the tab is shown: start the grid, or resume it where leaving the tab paused it */
  show(): void {
    if (jobKey(this.ctx.state()) !== this.key) this.start();
    else if (!this.job.computing) this.resume();
  }

  /** the tab is hidden: pause the grid (no work for a view nobody sees) */
  hide(): void {
    this.stop();
  }

  private layout(): HTMLElement {
    const runBtn = h("button", { type: "button", id: "phase-run", onclick: () => this.start() }, "Run grid");
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
    const note = h(
      "p",
      { class: "limits" },
      `Each cell is one GD run of the page's other settings (η, loss, ‖S₀‖, b₀, seed, thresholds) at the grid's N and epochs; "groks" means the population accuracy crossed more than ${GROK_FACTOR}× later than the training accuracy. Click a cell to open its run.`,
    );
    const buttons = h("div", { class: "buttons" }, runBtn, this.cancelBtn);
    return h(
      "div",
      { class: "tab-train" },
      h("aside", { class: "side" }, buttons, this.progress, this.controls.element, note),
      h("section", { class: "main" }, this.holder, legend),
    );
  }

  private start(): void {
    const st = this.ctx.state();
    this.key = jobKey(st);
    this.results = phaseCells(st.run, st.view).flatMap((c) => c.draws.map(() => null));
    this.id++;
    this.draw();
    this.resume();
  }

  /** Compute the runs not yet done (from the first missing one; runs are cell-major, draws within a cell). */
  private resume(): void {
    const from = this.results.indexOf(null);
    if (from < 0) return;
    const st = this.ctx.state();
    this.send({ kind: "phase", id: this.id, configs: phaseCells(st.run, st.view).flatMap((c) => c.draws), from });
    this.job = { computing: true, since: performance.now(), doneAtSince: from };
    this.renderProgress();
  }

  /** Stop computing (Cancel, or the tab was left); resume() carries on from the next missing cell. */
  private stop(): void {
    if (!this.job.computing) return;
    this.send({ kind: "phaseStop", id: this.id });
    this.job.computing = false;
    this.renderProgress();
  }

  private receive(msg: ReplyOf<"phase">): void {
    if (msg.id !== this.id) return;
    if (msg.kind === "error") this.progress.textContent = `error: ${msg.message}`;
    if (msg.kind !== "phaseCell") return;
    this.results[msg.index] = { outcome: msg.outcome, finalPopAcc: msg.finalPopAcc, ...msg.accuracy };
    if (this.results.indexOf(null) < 0) this.job.computing = false;
    this.paintCell(Math.floor(msg.index / this.ctx.state().view.phaseDraws));
    this.renderProgress();
  }

  /** Colour and label one cell from its draws' results. */
  private paintCell(index: number): void {
    const rect = this.rects[index];
    if (!rect) return;
    const v = this.ctx.state().view;
    const r = cellResult(this.results, index, v.phaseDraws);
    rect.setAttribute("fill", r ? OUTCOME_COLOUR[r.outcome] : "#eee");
    const label = cellLabel(this.results, index, v);
    rect.setAttribute("aria-label", label);
    rect.firstElementChild!.textContent = label;
  }

  private renderProgress(): void {
    const total = this.results.length;
    const done = this.results.filter((r) => r !== null).length;
    this.progress.textContent = progressText(this.results, this.ctx.state().view.phaseDraws, this.job);
    this.progress.dataset.done = String(done === total && total > 0);
    this.cancelBtn.disabled = !this.job.computing;
  }

  private draw(): void {
    const { svg, rects } = drawDiagram(this.ctx.state().view, (index) => this.openCell(index));
    this.holder.replaceChildren(svg);
    this.svgElement = svg;
    this.rects = rects;
    for (let k = 0; k < rects.length; k++) this.paintCell(k);
    this.renderProgress();
  }

  private openCell(index: number): void {
    const st = this.ctx.state();
    const cell = phaseCells(st.run, st.view)[index];
    this.ctx.update({ ...st, run: cell.config, view: { ...st.view, tab: "train" } });
  }
}

/** What a grid's results depend on: the run settings and the phase-diagram view settings. */
function jobKey(st: WebState): string {
  return JSON.stringify([st.run, Object.entries(st.view).filter(([k]) => k.startsWith("phase"))]);
}
