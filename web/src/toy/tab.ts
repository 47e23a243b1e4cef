/**
 * The 1-D model tab (SPEC §4): the solvable two-point model's curves to t ≫ 1e10 (computed in log space by the
 * library, in a worker), its grokking times against the large-σ law, and the law √log(t*_gen/t*_tr) ≈ |log(1−2λ)|/√2.
 * Its drawing is in charts.ts and summary.ts.
 */

import type { ReplyOf } from "../../../src/web/protocol.js";
import type { WebState } from "../../../src/web/state.js";
import type { ToyView } from "../../../src/web/toyView.js";
import { cellWidth, type LineChart } from "../charts.js";
import { type ControlGroup, controlGroup } from "../controls.js";
import { h } from "../dom.js";
import type { TabContext } from "../tabContext.js";
import type { Send, WorkerLink } from "../workerLink.js";
import { drawToyCharts, mountToyCharts } from "./charts.js";
import { toyControls } from "./controls.js";
import { renderSummary, toyCsv } from "./summary.js";

export class ToyTab {
  readonly element: HTMLElement;
  /** empty until mounted */
  readonly charts: LineChart[] = [];
  private readonly controls: ControlGroup<WebState>;
  private readonly summary = h("div", { class: "theory", id: "toy-summary" }, "computing…");
  private readonly cells = Array.from({ length: 4 }, (_, k) => h("div", { class: "chart", id: `toy-chart-${k}` }));
  private readonly send: Send<"toy">;
  private shown: ToyView | null = null;
  private id = 0;
  /** the settings last sent */
  private computed = "";

  /** `worker`: the worker that computes the model */
  constructor(
    private readonly ctx: TabContext,
    worker: WorkerLink,
  ) {
    this.controls = controlGroup("1-D model", toyControls(ctx), ctx.state());
    const intro = h(
      "p",
      { class: "limits" },
      "Two points x₁ = −σ, x₂ = σ(1−2λ), exponential loss, gradient flow; solved in conformal time and carried in log space, so t reaches 1e100 and losses 1e-90. λ < ½ is inseparable.",
    );
    this.element = h(
      "div",
      { class: "tab-train" },
      h("aside", { class: "side" }, this.controls.element, intro),
      h("section", { class: "main" }, this.summary, h("div", { class: "charts" }, ...this.cells)),
    );
    this.send = worker.connect("toy", (msg) => this.receive(msg));
  }

  mount(): void {
    this.charts.push(...mountToyCharts(this.cells, this.width()));
    if (this.shown) this.render();
  }

  /** Ask the worker for the model at the state's settings, unless they are the ones last asked for. */
  compute(): void {
    const key = JSON.stringify(this.ctx.state().toy);
    if (key === this.computed) return;
    this.computed = key;
    this.summary.textContent = "computing…";
    this.send({ kind: "toy", id: ++this.id, toy: this.ctx.state().toy });
  }

  csv(): string {
    return toyCsv(this.shown);
  }

  /** the model's data as last received */
  view(): ToyView | null {
    return this.shown;
  }

  refresh(s: WebState): void {
    this.controls.refresh(s);
  }

  resize(): void {
    for (const c of this.charts) c.resize(this.width());
  }

  private width(): number {
    return cellWidth(this.cells[0]);
  }

  private receive(msg: ReplyOf<"toy">): void {
    if (msg.id !== this.id) return;
    if (msg.kind === "error") this.summary.textContent = `error: ${msg.message}`;
    if (msg.kind !== "toy") return;
    this.shown = msg.view;
    this.render();
  }

  private render(): void {
    if (!this.shown || !this.charts.length) return;
    drawToyCharts(this.charts, this.shown, this.ctx.state().toy);
    renderSummary(this.summary, this.shown, this.ctx.state().toy);
  }
}
