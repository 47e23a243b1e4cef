/**
 * The 1-D model tab (SPEC §4): the solvable two-point model's curves to t ≫ 1e10 (computed in log space by the
 * library, in a worker), its grokking times against the large-σ law, and the law √log(t*_gen/t*_tr) ≈ |log(1−2λ)|/√2.
 */

import { toUserNames, UsageError } from "../../src/config/schema.js";
import { resolveToy1dConfig, toy1dFields } from "../../src/config/toy1d.js";
import { PARAMETER_COLOURS, ROLE_COLOURS } from "../../src/core/palette.js";
import { LARGE_SIGMA_LAW, predictedSqrtLogRatio } from "../../src/theory/toy1dGrokking.js";
import type { Reply } from "../../src/web/protocol.js";
import type { WebState } from "../../src/web/state.js";
import type { ToyView } from "../../src/web/toyView.js";
import { align, type LineChart, lineChart, type Marker } from "./charts.js";
import { type ControlSpec, controlGroup } from "./controls.js";
import { fmt, h } from "./dom.js";
import type { TabContext } from "./trainTab.js";

/** Ids of 1-D jobs start here, so the shared theory worker's replies can be routed. */
export const TOY_IDS = 1e9;

function toyControls(ctx: TabContext): ControlSpec<WebState>[] {
  const apply = (flag: string, v: string): string | null => {
    try {
      const current = {
        values: toUserNames(toy1dFields, ctx.state().toy),
        namer: (f: { flag: string }) => f.flag,
        where: "state",
      };
      const toy = resolveToy1dConfig([current, { values: { [flag]: v }, namer: (f) => f.flag, where: "the controls" }]);
      ctx.update({ ...ctx.state(), toy });
      return null;
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
  };
  const spec = (flag: string, label: string, title?: string): ControlSpec<WebState> => {
    const field = toy1dFields.find((f) => f.flag === flag)!;
    return {
      id: `toy-${flag}`,
      label,
      title: title ?? field.help,
      type: "number",
      get: (s) => String((s.toy as unknown as Record<string, number>)[field.key]),
      set: (v) => apply(flag, v),
    };
  };
  return [
    spec("lambda", "λ"),
    spec("sigma", "σ"),
    spec("lr", "η"),
    spec("s0", "S₀"),
    spec("b0", "b₀"),
    spec("epsilon", "loss threshold ε"),
    spec("acc-threshold", "acc. threshold"),
    spec("t-max", "t max"),
    spec("per-decade", "samples/decade"),
  ];
}

/** The tab; `post` goes to the theory worker. */
export function createToyTab(ctx: TabContext, post: (msg: unknown) => void) {
  const controls = controlGroup("1-D model", toyControls(ctx), ctx.state());
  const summary = h("div", { class: "theory", id: "toy-summary" }, "computing…");
  const cells = Array.from({ length: 4 }, (_, k) => h("div", { class: "chart", id: `toy-chart-${k}` }));
  const intro = h(
    "p",
    { class: "limits" },
    "Two points x₁ = −σ, x₂ = σ(1−2λ), exponential loss, gradient flow; solved in conformal time and carried in log space, so t reaches 1e100 and losses 1e-90. λ < ½ is inseparable.",
  );
  const element = h(
    "div",
    { class: "tab-train" },
    h("aside", { class: "side" }, controls.element, intro),
    h("section", { class: "main" }, summary, h("div", { class: "charts" }, ...cells)),
  );
  const charts: LineChart[] = [];
  let view: ToyView | null = null;
  let id = TOY_IDS;
  let computed = "";

  const width = () => Math.max(200, Math.floor(cells[0].clientWidth || 400) - 4);
  function mount(): void {
    const w = width();
    const t = "log10 t";
    charts.push(
      lineChart(cells[0], {
        title: "loss",
        xLabel: t,
        yLabel: "loss",
        log10Y: true,
        logX: false,
        width: w,
        syncKey: "toy",
        series: [
          { label: "train", color: ROLE_COLOURS.training },
          { label: "population", color: ROLE_COLOURS.population },
        ],
      }),
      lineChart(cells[1], {
        title: "population accuracy",
        xLabel: t,
        yLabel: "accuracy",
        logX: false,
        width: w,
        syncKey: "toy",
        yRange: [0.45, 1.02],
        series: [
          { label: "population", color: ROLE_COLOURS.population },
          { label: "train", color: ROLE_COLOURS.training },
        ],
      }),
      lineChart(cells[2], {
        title: "σS and b",
        xLabel: t,
        yLabel: "value",
        logX: false,
        width: w,
        syncKey: "toy",
        series: [
          { label: "σS", color: PARAMETER_COLOURS.sigmaNormS },
          { label: "b", color: PARAMETER_COLOURS.b },
        ],
      }),
      lineChart(cells[3], {
        title: "grokking-time law",
        xLabel: "log10(1−2λ)",
        yLabel: "√log(t*gen/t*tr)",
        logX: false,
        width: w,
        series: [
          { label: "measured (ε)", color: ROLE_COLOURS.population },
          { label: LARGE_SIGMA_LAW.sqrtLogRatio, color: "#555", dash: true },
        ],
      }),
    );
    if (view) render();
  }

  function compute(): void {
    const key = JSON.stringify(ctx.state().toy);
    if (key === computed) return;
    computed = key;
    summary.textContent = "computing…";
    post({ kind: "toy", id: ++id, toy: ctx.state().toy });
  }

  function receive(msg: Reply): void {
    if (msg.id !== id) return;
    if (msg.kind === "error") summary.textContent = `error: ${msg.message}`;
    if (msg.kind !== "toy") return;
    view = msg.view;
    render();
  }

  function render(): void {
    if (!view || !charts.length) return;
    const r = view.records;
    const x = r.map((p) => p.log10_t);
    const g = view.grokking;
    const l = g.loss;
    const marks: Marker[] = [];
    if (l.log10TTrain !== null && Number.isFinite(l.log10TTrain))
      marks.push({ axis: "x", value: l.log10TTrain, color: ROLE_COLOURS.training, label: "t*tr" });
    if (l.log10TGen !== null)
      marks.push({ axis: "x", value: l.log10TGen, color: ROLE_COLOURS.population, label: "t*gen" });
    if (g.prediction.log10TGen !== null)
      marks.push({ axis: "x", value: g.prediction.log10TGen, color: "#555", label: "law" });
    const s = ctx.state().toy;
    charts[0].set(
      [x, r.map((p) => p.log10_train_loss), r.map((p) => p.log10_pop_loss)],
      [...marks, { axis: "y", value: Math.log10(s.epsilon), color: "#888", label: `ε = ${s.epsilon}` }],
    );
    const trainAcc = r.map(
      (p) => (p.b - s.sigma * p.S < 0 ? 0.5 : 0) + ((1 - 2 * s.lambda) * s.sigma * p.S + p.b < 0 ? 0.5 : 0),
    );
    charts[1].set(
      [x, r.map((p) => p.pop_acc), trainAcc],
      [{ axis: "y", value: s.accThreshold, color: "#888", label: `threshold ${s.accThreshold}` }],
    );
    charts[2].set([x, r.map((p) => s.sigma * p.S), r.map((p) => p.b)], marks);
    const law = [...view.law].sort((a, b) => a.oneMinus2Lambda - b.oneMinus2Lambda);
    const here = Math.log10(1 - 2 * s.lambda);
    charts[3].set(
      align([
        { x: law.map((p) => Math.log10(p.oneMinus2Lambda)), y: law.map((p) => p.measured) },
        { x: law.map((p) => Math.log10(p.oneMinus2Lambda)), y: law.map((p) => p.predicted) },
      ]),
      Number.isFinite(here) ? [{ axis: "x", value: here, color: ROLE_COLOURS.population, label: "this λ" }] : [],
    );
    const p10 = (v: number | null) => (v === null ? "not reached" : Number.isFinite(v) ? `1e${fmt(v, 4)}` : "0");
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

  function csv(): string {
    const head = "log10_t,tau,S,b,log10_train_loss,log10_pop_loss,pop_acc";
    const rows = (view?.records ?? []).map((r) =>
      [r.log10_t, r.tau, r.S, r.b, r.log10_train_loss, r.log10_pop_loss, r.pop_acc].join(","),
    );
    return `${[head, ...rows].join("\n")}\n`;
  }

  return {
    element,
    charts,
    mount,
    compute,
    receive,
    csv,
    view: () => view,
    refresh: (s: WebState) => controls.refresh(s),
    resize() {
      for (const c of charts) c.resize(width());
    },
  };
}
