/** The 1-D tab's text: the regime and the grokking times against the large-σ law; and the curve as CSV. */

import type { Toy1dConfig } from "../../../src/config/toy1d.js";
import { LARGE_SIGMA_LAW, predictedSqrtLogRatio } from "../../../src/theory/toy1dGrokking.js";
import type { ToyView } from "../../../src/web/toyView.js";
import { fmt, h } from "../dom.js";

/** A log10 time as 1e…; "not reached" when null. */
const p10 = (v: number | null) => (v === null ? "not reached" : Number.isFinite(v) ? `1e${fmt(v, 4)}` : "0");

/** The summary of the model at settings `s`. */
export function renderSummary(summary: HTMLElement, view: ToyView, s: Toy1dConfig): void {
  const g = view.grokking;
  const l = g.loss;
  summary.replaceChildren(
    h("div", {}, h("b", {}, "Regime: "), view.regime),
    h(
      "div",
      { id: "toy-grok" },
      h("b", {}, "Grokking time (loss ε): "),
      `t*tr = ${p10(l.log10TTrain)}, t*gen = ${p10(l.log10TGen)}; √log(t*gen/t*tr) = ${fmt(l.sqrtLogRatio)} vs ${LARGE_SIGMA_LAW.sqrtLogRatio} = ${fmt(view.law.length ? predictedSqrtLogRatio(s.lambda) : null)}`,
      h("span", { class: "def" }, ` — ${l.definition}`),
    ),
    h(
      "div",
      {},
      h("b", {}, "Large-σ law: "),
      `t*tr = ${LARGE_SIGMA_LAW.tTrain} = ${p10(g.prediction.log10TTrain)}, t*gen = ${LARGE_SIGMA_LAW.tGen} = ${p10(g.prediction.log10TGen)}`,
    ),
    h(
      "div",
      {},
      h("b", {}, `Grokking time (accuracy ${g.accuracy.threshold}): `),
      `t_tr = ${p10(g.accuracy.log10TTrain)}, t_gen = ${p10(g.accuracy.log10TGen)}`,
    ),
  );
}

/** The curve, one row per sample. */
export function toyCsv(view: ToyView | null): string {
  const head = "log10_t,tau,S,b,log10_train_loss,log10_pop_loss,pop_acc";
  const rows = (view?.records ?? []).map((r) =>
    [r.log10_t, r.tau, r.S, r.b, r.log10_train_loss, r.log10_pop_loss, r.pop_acc].join(","),
  );
  return `${[head, ...rows].join("\n")}\n`;
}
