/** The training tab's text: the status line, the theory box (Wendel, this draw, grokking time) and the inspector. */

import { accuracyDefinition, lossDefinition } from "../../../src/train/grokking.js";
import type { WebTheory } from "../../../src/web/drawTheory.js";
import type { ViewConfig } from "../../../src/web/state.js";
import type { SliceResult, Snapshot } from "../../../src/web/trainer.js";
import { fmt, h } from "../dom.js";
import { crossing, type RunView } from "./runView.js";

/** Replace `el`'s children by `nodes` unless they read the same (no style and layout work for nothing). */
function replaceIfChanged(el: HTMLElement, ...nodes: HTMLElement[]): void {
  if (nodes.map((n) => n.textContent).join("") !== el.textContent) el.replaceChildren(...nodes);
}

/** An epoch for display: integers with thousands separators, gradient-flow times (fractional) to 4 digits. */
const epochText = (e: number) => (Number.isInteger(e) ? e.toLocaleString("en") : fmt(e));

/** The status line for the slice `last` (by default the latest); its data attributes are read by the tests. */
export function renderStatus(status: HTMLElement, run: RunView, last: SliceResult | null = run.last): void {
  const e = last?.epoch ?? 0;
  const state = last?.done ? (last.diverged ? "diverged" : "done") : run.running ? "running" : "paused";
  const speed =
    run.config.optimizer === "flow"
      ? "gradient flow, computed in one piece"
      : `${Math.round(run.rate).toLocaleString("en")} epochs/s`;
  status.textContent = `epoch ${e.toLocaleString("en")} / ${run.config.epochs.toLocaleString("en")} · ${state} · ${speed} · kernel ${run.backend || "…"}`;
  status.dataset.epoch = String(e);
  status.dataset.state = state;
  status.dataset.rate = String(run.rate);
}

/** What the theory says of the draw, in words. */
function drawText(t: WebTheory | null): string {
  if (!t) return "solving the draw…";
  if (t.separable === true) {
    return `separable (a hyperplane through the origin has every point on one side), so it memorises: margin M = ${fmt(t.margin)}, A_gen → ½[1+erf(1/(√2σM))] = ${fmt(t.predicted_final_pop_acc)}, b/‖S‖ → −1/M = ${fmt(t.predicted_b_over_norm_s)}, b ≈ −log t/(1+M²)`;
  }
  if (t.separable === false) {
    return `inseparable (no hyperplane through the origin has every point on one side), so it groks: S → S_∞ with σ‖S_∞‖ = ${fmt(t.sigma_s_inf_norm)}, b → −∞ like −log t, A_gen → 1`;
  }
  return t.note;
}

/** The grokking time so far, in words. */
function grokText(run: RunView, by: ViewConfig["grok"]): string {
  const { tr, gen } = crossing(run, by);
  if (run.last?.diverged) {
    return `diverged at epoch ${epochText(run.last.epoch)} (η = ${run.config.lr} is too large for this loss): no prediction is drawn from a diverged state`;
  }
  if (tr !== null && gen !== null) {
    return `${epochText(gen - tr)} epochs (train at ${epochText(tr)}, population at ${epochText(gen)})`;
  }
  return `train at ${tr === null ? "—" : epochText(tr)}, population ${gen === null ? "not yet" : `at ${epochText(gen)}`}`;
}

/** The theory box: Wendel's P(separable), what this draw does, the grokking time by the definition `by`. */
export function renderTheory(box: HTMLElement, run: RunView, by: ViewConfig["grok"]): void {
  const t = run.theory;
  const c = run.config;
  const def = by === "acc" ? accuracyDefinition(c.accThreshold) : lossDefinition(c.lossThreshold);
  replaceIfChanged(
    box,
    h(
      "div",
      {},
      h("b", {}, "Wendel: "),
      `P(separable | N=${c.n}, d=${c.d}${t && t.width > c.d ? " + 1 (the bias column)" : ""}, λ = d/N = ${fmt(c.d / c.n, 6)}) = ${fmt(t?.wendel_probability)} (large-N form ${fmt(t?.wendelLargeN)}; step at λ = ½)`,
    ),
    h("div", { id: "theory-draw" }, h("b", {}, "This draw: "), drawText(t)),
    h(
      "div",
      { id: "theory-grok" },
      h("b", {}, "Grokking time: "),
      grokText(run, by),
      h("span", { class: "def" }, ` — ${def}`),
    ),
  );
}

/** The inspector: the checkpoint's row, one cell a quantity. */
export function renderInspector(inspector: HTMLElement, snap: Snapshot): void {
  const r = snap.row;
  const cell = (k: string, v: string) =>
    h("div", {}, h("span", { class: "k" }, k), h("span", { class: "v", "data-key": k }, v));
  replaceIfChanged(
    inspector,
    cell("epoch", epochText(r.epoch)),
    cell("t = η·epoch", fmt(r.t)),
    cell("train loss", fmt(r.train_loss)),
    cell("pop. loss", fmt(r.pop_loss)),
    cell("train acc", fmt(r.train_acc)),
    cell("pop. acc", fmt(r.pop_acc, 6)),
    cell("σ‖S‖", fmt(r.sigma_norm_s)),
    cell("b", fmt(r.b)),
    cell("b/σ‖S‖", fmt(r.b_over_sigma_norm_s)),
  );
}
