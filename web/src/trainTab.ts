/**
 * The training tab: controls, the live curves on log-time axes with the theory drawn on them, the (σ‖S‖, b) plane,
 * the histogram of projections, and the inspector of the state at a hovered (or chosen) checkpoint.
 */

import { ownDataConfig } from "../../src/config/ownData.js";
import type { RunConfig } from "../../src/config/run.js";
import { UsageError } from "../../src/config/schema.js";
import { PARAMETER_COLOURS, ROLE_COLOURS } from "../../src/core/palette.js";
import { accuracyDefinition, lossDefinition } from "../../src/train/grokking.js";
import { type AsymptotePoint, asymptote, type WebTheory } from "../../src/web/drawTheory.js";
import { PRESETS } from "../../src/web/presets.js";
import type { Reply } from "../../src/web/protocol.js";
import {
  BROWSER_LIMITS,
  cliCommand,
  lambdaText,
  ownDataCliCommand,
  type WebState,
  withRun,
} from "../../src/web/state.js";
import type { SliceResult, Snapshot } from "../../src/web/trainer.js";
import { drawHistogram, drawPlane, Frame } from "./canvasPlots.js";
import { align, type LineChart, lineChart, type Marker } from "./charts.js";
import { type ControlSpec, controlGroup } from "./controls.js";
import { dataDrop, type OwnData } from "./dataDrop.js";
import { fmt, h } from "./dom.js";
import { explainer, lineKey } from "./explainer.js";

/** What the tab needs from the app. */
export interface TabContext {
  state(): WebState;
  /** replace the state (URL updated); restart the run when the run config changed */
  update(next: WebState): void;
  /** the run's data changed (a dropped file): show its CLI command */
  dataChanged(): void;
}

const C = {
  train: ROLE_COLOURS.training,
  pop: ROLE_COLOURS.population,
  pred: "#555",
  b: PARAMETER_COLOURS.b,
  s: PARAMETER_COLOURS.sigmaNormS,
};

/** Replace `el`'s children by `nodes` unless they read the same (no style and layout work for nothing). */
function replaceIfChanged(el: HTMLElement, ...nodes: HTMLElement[]): void {
  if (nodes.map((n) => n.textContent).join("") !== el.textContent) el.replaceChildren(...nodes);
}

/** Longest wait between two renders while training (≤ 10 renders a second). */
export const RENDER_INTERVAL_MS = 100;

/** An epoch for display: integers with thousands separators, gradient-flow times (fractional) to 4 digits. */
const epochText = (e: number) => (Number.isInteger(e) ? e.toLocaleString("en") : fmt(e));

/** The run's data as the page holds it. */
interface RunView {
  id: number;
  config: RunConfig;
  snapshots: Snapshot[];
  last: SliceResult | null;
  theory: WebTheory | null;
  running: boolean;
  rate: number;
  backend: string;
  /** checkpoint index under inspection; null: follow the latest */
  inspect: number | null;
}

/**
 * Controls of the run, each applied through the schema (withRun) so the URL can only hold valid states. λ is kept as
 * typed while N changes (d = round(λN)); the field shows the typed λ while it still gives the state's d.
 */
function runControls(ctx: TabContext): ControlSpec<WebState>[] {
  let typedLambda: number | null = null;
  const shownLambda = (r: RunConfig) =>
    typedLambda !== null && Math.max(1, Math.round(typedLambda * r.n)) === r.d
      ? String(typedLambda)
      : lambdaText(r.n, r.d);
  const apply = (values: Record<string, unknown>): string | null => {
    try {
      ctx.update(withRun(ctx.state(), values));
      return null;
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
  };
  const num = (id: string, label: string, flag: string, get: (r: RunConfig) => number, title?: string) =>
    ({
      id,
      label,
      title,
      type: "number",
      get: (s) => String(get(s.run)),
      set: (v) => apply({ [flag]: v }),
    }) as ControlSpec<WebState>;
  /** A select over one run field, whose schema key is also its flag. */
  const select = <K extends "loss" | "optimizer" | "precision">(
    id: string,
    label: string,
    key: K,
    options: readonly RunConfig[K][],
    title?: string,
  ): ControlSpec<WebState> => ({
    id,
    label,
    title,
    type: "select",
    options,
    get: (s) => s.run[key],
    set: (v) => apply({ [key]: v }),
  });
  return [
    {
      id: "ctl-N",
      label: "N",
      title: "number of training points (λ is kept)",
      type: "number",
      get: (s) => String(s.run.n),
      set: (v) => {
        const n = Number(v);
        const run = ctx.state().run;
        const lambda = Number(shownLambda(run));
        typedLambda = lambda;
        return apply({ N: v, d: Number.isInteger(n) && n > 0 ? Math.max(1, Math.round(lambda * n)) : undefined });
      },
    },
    {
      id: "ctl-lambda",
      label: "λ = d/N",
      title: "d = round(λN); kept as typed when N changes",
      type: "number",
      slider: { min: 0.01, max: 0.99, step: 0.005 },
      get: (s) => shownLambda(s.run),
      set: (v) => {
        const lambda = Number(v);
        if (!(v !== "" && lambda > 0)) return `λ must be a positive number (got "${v}")`;
        typedLambda = lambda;
        return apply({ d: Math.max(1, Math.round(lambda * ctx.state().run.n)) });
      },
    },
    {
      ...num("ctl-sigma", "σ", "sigma", (r) => r.sigma, "input std σ"),
      slider: { min: 0.1, max: 100, step: 0.05, log: true },
    },
    {
      ...num("ctl-lr", "η", "lr", (r) => r.lr, "learning rate"),
      slider: { min: 1e-4, max: 10, step: 0.05, log: true },
    },
    select("ctl-loss", "loss", "loss", ["logistic", "exp"]),
    select(
      "ctl-optimizer",
      "optimizer",
      "optimizer",
      ["gd", "adam", "flow"],
      "gd: gradient descent; adam: PyTorch's Adam; flow: gradient flow (adaptive ODE, computed in one piece)",
    ),
    { ...num("ctl-beta1", "Adam β1", "beta1", (r) => r.beta1), disabled: (s) => s.run.optimizer !== "adam" },
    { ...num("ctl-beta2", "Adam β2", "beta2", (r) => r.beta2), disabled: (s) => s.run.optimizer !== "adam" },
    {
      ...num("ctl-s0", "‖S₀‖", "s0", (r) => r.s0, "norm of the random initial S"),
      slider: { min: 0, max: 5, step: 0.05 },
    },
    { ...num("ctl-b0", "b₀", "b0", (r) => r.b0, "initial bias"), slider: { min: -5, max: 5, step: 0.1 } },
    num("ctl-seed", "seed", "seed", (r) => r.seed, "draw of the data and of S₀"),
    num("ctl-epochs", "epochs", "epochs", (r) => r.epochs, "run to this epoch"),
    select(
      "ctl-precision",
      "X storage",
      "precision",
      ["f64", "f32"],
      "f64, or f32: the draw rounded to float32 (half the memory), every sum still in float64",
    ),
    num("ctl-acc", "acc. threshold", "acc-threshold", (r) => r.accThreshold),
    num("ctl-eps", "loss threshold ε", "loss-threshold", (r) => r.lossThreshold),
    {
      id: "ctl-grok",
      label: "grokking time by",
      type: "select",
      options: ["acc", "loss"],
      title: "acc: accuracy ≥ threshold; loss: loss ≤ ε",
      get: (s) => s.view.grok,
      set: (v) => {
        ctx.update({ ...ctx.state(), view: { ...ctx.state().view, grok: v as "acc" | "loss" } });
        return null;
      },
    },
  ];
}

/** The tab. `post` sends to the training worker; `postTheory` to the theory worker. */
export function createTrainTab(ctx: TabContext, post: (msg: unknown) => void, postTheory: (msg: unknown) => void) {
  let run: RunView = blankRun(0, ctx.state().run);
  const controls = controlGroup("Run", runControls(ctx), ctx.state());
  const status = h("p", { class: "status", id: "run-status", "aria-live": "polite" });
  const theoryBox = h("div", { class: "theory", id: "theory" });
  const inspector = h("div", { class: "inspector", id: "inspector" });
  const slider = h("input", {
    type: "range",
    id: "inspect",
    min: "0",
    max: "0",
    value: "0",
    "aria-label": "inspect checkpoint",
  });
  const btn = (id: string, label: string, onclick: () => void, title: string) =>
    h("button", { id, type: "button", onclick, title }, label);
  const buttons = h(
    "div",
    { class: "buttons" },
    btn("play", "▶ Play", () => play(), "run to the set epoch (space)"),
    btn("pause", "❚❚ Pause", () => pause(), "pause"),
    btn("step", "Step", () => step(), "advance to the next checkpoint"),
    btn("reset", "Reset", () => restart(), "same draw, same initialisation, epoch 0"),
    btn("newdraw", "New draw", () => newDraw(), "next seed: new data and S₀"),
  );
  const limits = h(
    "p",
    { class: "limits" },
    `Browser limits: N ≤ ${BROWSER_LIMITS.n}, N·d ≤ ${BROWSER_LIMITS.elements.toExponential(0)}, epochs ≤ ${BROWSER_LIMITS.epochs.toExponential(0)}; the draw's theory is solved for N·d ≤ 4e5. The CLI has no such limits.`,
  );
  const presets = h(
    "fieldset",
    { class: "presets", id: "presets" },
    h("legend", {}, "Presets (each a link)"),
    h(
      "ul",
      {},
      ...PRESETS.map((p) =>
        h("li", {}, h("a", { href: `?${p.query}`, id: `preset-${p.id}`, title: p.shows }, p.label)),
      ),
    ),
  );
  let own: OwnData | null = null;
  const drop = dataDrop(
    () => ctx.state().run,
    (next) => {
      own = next;
      restart();
      ctx.dataChanged();
    },
  );
  const side = h("aside", { class: "side" }, buttons, status, drop.element, presets, controls.element, limits);
  const grid = h("div", { class: "charts" });
  const cells = Array.from({ length: 5 }, (_, k) => h("div", { class: "chart", id: `chart-${k}` }));
  grid.append(...cells);
  const main = h(
    "section",
    { class: "main" },
    explainer(),
    theoryBox,
    grid,
    lineKey(),
    h("div", { class: "inspect-row" }, h("label", { for: "inspect" }, "Inspect checkpoint"), slider),
    inspector,
  );
  const element = h("div", { class: "tab-train" }, side, main);

  const width = () => Math.max(200, Math.floor(cells[0].clientWidth || 400) - 4);
  const sync = "train";
  const onCursor = (idx: number | null) => hover(idx);
  const charts: LineChart[] = [];
  let plane: Frame;
  let hist: Frame;
  const mount = () => {
    const w = width();
    // the three time plots share their x axis, cursor and the train / population series
    const common = { xLabel: "epochs", logX: true, width: w, syncKey: sync, onCursor };
    // a fresh array per chart: uPlot writes its defaults into the series objects it is given
    const trainPop = () => [
      { label: "train", color: C.train },
      { label: "population", color: C.pop },
      { label: "pop. (predicted)", color: C.pop, dash: true },
    ];
    charts.push(
      lineChart(cells[0], { ...common, title: "loss", yLabel: "loss (nats)", log10Y: true, series: trainPop() }),
      lineChart(cells[1], {
        ...common,
        title: "accuracy",
        yLabel: "accuracy (fraction correct)",
        yRange: [0.45, 1.02],
        series: trainPop(),
      }),
      lineChart(cells[2], {
        ...common,
        title: "σ‖S‖ and b",
        yLabel: "σ‖S‖, b (logit units)",
        series: [
          { label: "σ‖S‖", color: C.s },
          { label: "b", color: C.b },
          { label: "σ‖S‖ (pred.)", color: C.s, dash: true },
          { label: "b (pred.)", color: C.b, dash: true },
        ],
      }),
    );
    plane = new Frame(cells[3], w, 300, "trajectory in the (σ‖S‖, b) plane over the population accuracy");
    hist = new Frame(cells[4], w, 300, "histogram of the training projections S·xᵢ/‖S‖");
  };

  function blankRun(id: number, config: RunConfig): RunView {
    return { id, config, snapshots: [], last: null, theory: null, running: false, rate: 0, backend: "", inspect: null };
  }

  let nextId = 1;
  /** The run's configuration: the state's, resized to the dropped file when there is one. */
  const runConfig = () => (own ? ownDataConfig(ctx.state().run, own.data) : ctx.state().run);
  function restart(andPlay = false): void {
    const config = runConfig();
    const data = own?.data;
    run = blankRun(nextId++, config);
    post({ kind: "start", id: run.id, config, data });
    postTheory({ kind: "theory", id: run.id, config, data });
    render();
    if (andPlay) play();
  }
  function play(): void {
    if (run.last?.done) return;
    run.running = true;
    post({ kind: "play", id: run.id, until: run.config.epochs });
    renderStatus();
  }
  function pause(): void {
    run.running = false;
    post({ kind: "pause", id: run.id });
    renderStatus();
  }
  function step(): void {
    run.running = false;
    post({ kind: "step", id: run.id });
  }
  function newDraw(): void {
    ctx.update(withRun(ctx.state(), { seed: ctx.state().run.seed + 1 }));
  }

  /** A worker reply for this tab. */
  function receive(msg: Reply): void {
    if (msg.id !== run.id) return;
    if (msg.kind === "progress") {
      run.snapshots.push(...msg.slice.snapshots);
      run.last = msg.slice;
      // the worker says when it stopped by itself; a progress message already in flight when the visitor pressed
      // Pause still says "running" and must not undo the pause
      run.running = run.running && msg.running;
      run.rate = msg.epochsPerSecond;
      run.backend = msg.backend;
      schedule();
    } else if (msg.kind === "theory") {
      run.theory = msg.theory;
      schedule();
    } else if (msg.kind === "error") {
      status.textContent = `error: ${msg.message}`;
    }
  }

  function crossing(): { tr: number | null; gen: number | null } {
    const c = run.last ? (ctx.state().view.grok === "acc" ? run.last.accuracy : run.last.loss) : null;
    return { tr: c?.trainEpoch ?? null, gen: c?.genEpoch ?? null };
  }

  /**
   * Render at most once per RENDER_INTERVAL_MS, in animation frames, however many progress messages arrived (the
   * worker sends ~25 a second). A render whose checkpoints, theory or crossings changed is spread over seven frames
   * (asymptotes; theory; loss, accuracy, σ‖S‖ and b charts; plane; histogram, inspector and status), so that no frame
   * holds the main thread for long; otherwise it is the status line alone (late in a run, checkpoints being
   * log-spaced, most messages bring a new epoch count and nothing else). The status is drawn last, from the state
   * the render began with: when it says "done", every chart shows the finished run.
   */
  let scheduled = false;
  let lastRender = Number.NEGATIVE_INFINITY;
  let drawn = "";
  /** something changed while a render was under way: render again after it */
  let again = false;
  function schedule(): void {
    if (scheduled) {
      again = true;
      return;
    }
    scheduled = true;
    const wait = run.running ? Math.max(0, lastRender + RENDER_INTERVAL_MS - performance.now()) : 0;
    setTimeout(() => {
      lastRender = performance.now();
      again = false; // what arrived so far is in this render
      const shown = run.last;
      const { tr, gen } = crossing();
      const key = `${run.id}:${run.snapshots.length}:${run.theory !== null}:${tr}:${gen}:${shown?.diverged}:${ctx.state().view.grok}`;
      const status = () => renderStatus(shown);
      const parts =
        key === drawn
          ? [status]
          : [
              () => {
                predicted(); // the asymptotes, when due, in a frame of their own
              },
              renderTheory,
              () => renderChart(0),
              () => renderChart(1),
              () => renderChart(2),
              renderPlane,
              () => {
                renderSnapshot();
                status();
              },
            ];
      drawn = key;
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
  /** main-thread time (ms) of every frame of a render, and of every whole render (its frames summed) */
  const frameMs: number[] = [];
  const renderMs: number[] = [];

  /** Everything at once (a new run, a resize). */
  function render(): void {
    renderStatus();
    renderTheory();
    for (let k = 0; k < charts.length; k++) renderChart(k);
    renderInspect();
  }

  /** The status line for the slice `last` (by default the latest). */
  function renderStatus(last = run.last): void {
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

  function renderTheory(): void {
    const t = run.theory;
    const { tr, gen } = crossing();
    const c = run.config;
    const def = ctx.state().view.grok === "acc" ? accuracyDefinition(c.accThreshold) : lossDefinition(c.lossThreshold);
    const draw = !t
      ? "solving the draw…"
      : t.separable === true
        ? `separable (a hyperplane through the origin has every point on one side), so it memorises: margin M = ${fmt(t.margin)}, A_gen → ½[1+erf(1/(√2σM))] = ${fmt(t.predicted_final_pop_acc)}, b/‖S‖ → −1/M = ${fmt(t.predicted_b_over_norm_s)}, b ≈ −log t/(1+M²)`
        : t.separable === false
          ? `inseparable (no hyperplane through the origin has every point on one side), so it groks: S → S_∞ with σ‖S_∞‖ = ${fmt(t.sigma_s_inf_norm)}, b → −∞ like −log t, A_gen → 1`
          : t.note;
    replaceIfChanged(
      theoryBox,
      h(
        "div",
        {},
        h("b", {}, "Wendel: "),
        `P(separable | N=${c.n}, d=${c.d}${t && t.width > c.d ? " + 1 (the bias column)" : ""}, λ = d/N = ${fmt(c.d / c.n, 6)}) = ${fmt(t?.wendel_probability)} (large-N form ${fmt(t?.wendelLargeN)}; step at λ = ½)`,
      ),
      h("div", { id: "theory-draw" }, h("b", {}, "This draw: "), draw),
      h(
        "div",
        { id: "theory-grok" },
        h("b", {}, "Grokking time: "),
        run.last?.diverged
          ? `diverged at epoch ${epochText(run.last.epoch)} (η = ${c.lr} is too large for this loss): no prediction is drawn from a diverged state`
          : tr !== null && gen !== null
            ? `${epochText(gen - tr)} epochs (train at ${epochText(tr)}, population at ${epochText(gen)})`
            : `train at ${tr === null ? "—" : epochText(tr)}, population ${gen === null ? "not yet" : `at ${epochText(gen)}`}`,
        h("span", { class: "def" }, ` — ${def}`),
      ),
    );
  }

  /**
   * The long-time asymptotes, from the latest checkpoint when the run stops (done, paused, stepped) and, while it
   * trains, recomputed only once the epoch has doubled since the checkpoint they start from (~17 times in a run of
   * 1e5 epochs, not at every checkpoint: 41 population losses by quadrature each time). They always start on the
   * trajectory. None once the run diverged.
   */
  let pred: { key: string; from: number; points: AsymptotePoint[] } = { key: "", from: 0, points: [] };
  function predicted(): AsymptotePoint[] {
    const last = run.snapshots.at(-1)?.row;
    const key = `${run.id}:${run.theory !== null}:${run.last?.diverged === true}`;
    const fresh = key === pred.key && last && (last.epoch === pred.from || (run.running && last.epoch < 2 * pred.from));
    if (fresh) return pred.points;
    const ok = run.theory && last && last.epoch > 0 && !run.last?.diverged;
    const points = ok ? asymptote(run.theory!, run.config, last, Math.max(run.config.epochs, last.epoch) * 1000) : [];
    pred = { key, from: last?.epoch ?? 0, points };
    return points;
  }

  /** Draw time chart k (0: loss, 1: accuracy, 2: σ‖S‖ and b) from the checkpoints and the asymptotes. */
  function renderChart(k: number): void {
    if (!charts.length) return;
    const rows = run.snapshots.map((s) => s.row).filter((r) => r.epoch > 0);
    const x = rows.map((r) => r.epoch);
    const pred = predicted();
    const px = pred.map((p) => p.epoch);
    const { tr, gen } = crossing();
    const grok: Marker[] = [];
    if (tr !== null && tr > 0) grok.push({ axis: "x", value: tr, color: C.train, label: "train" });
    if (gen !== null && gen > 0) grok.push({ axis: "x", value: gen, color: C.pop, label: "population" });
    const c = run.config;
    const t = run.theory;
    if (k === 0) {
      charts[0].set(
        align([
          { x, y: rows.map((r) => r.log10_train_loss) },
          { x, y: rows.map((r) => r.log10_pop_loss) },
          { x: px, y: pred.map((p) => p.log10PopLoss) },
        ]),
        [...grok, { axis: "y", value: Math.log10(c.lossThreshold), color: "#888", label: `ε = ${c.lossThreshold}` }],
      );
    } else if (k === 1) {
      const markers: Marker[] = [
        ...grok,
        { axis: "y", value: c.accThreshold, color: "#888", label: `threshold ${c.accThreshold}` },
      ];
      if (t?.separable && t.predicted_final_pop_acc !== undefined)
        markers.push({ axis: "y", value: t.predicted_final_pop_acc, color: C.pop, label: "predicted end" });
      charts[1].set(
        align([
          { x, y: rows.map((r) => r.train_acc) },
          { x, y: rows.map((r) => r.pop_acc) },
          { x: px, y: pred.map((p) => p.popAcc) },
        ]),
        markers,
      );
    } else {
      const markers: Marker[] = [...grok];
      if (t?.sigma_s_inf_norm !== undefined)
        markers.push({ axis: "y", value: t.sigma_s_inf_norm, color: C.s, label: "σ‖S_∞‖" });
      charts[2].set(
        align([
          { x, y: rows.map((r) => r.sigma_norm_s) },
          { x, y: rows.map((r) => r.b) },
          { x: px, y: pred.map((p) => p.sigmaNormS) },
          { x: px, y: pred.map((p) => p.b) },
        ]),
        markers,
      );
    }
  }

  function inspected(): Snapshot | undefined {
    const i = run.inspect ?? run.snapshots.length - 1;
    return run.snapshots[Math.max(0, Math.min(i, run.snapshots.length - 1))];
  }

  /** The plane, the histogram and the inspector at the inspected checkpoint. */
  function renderInspect(): void {
    renderPlane();
    renderSnapshot();
  }

  function renderPlane(): void {
    const snap = inspected();
    const pred = predicted();
    const t = run.theory;
    if (plane) {
      drawPlane(plane, {
        trajectory: run.snapshots.map((s) => [s.row.sigma_norm_s, s.row.b]),
        asymptote: pred.map((p) => [p.sigmaNormS, p.b]),
        marker: snap ? [snap.row.sigma_norm_s, snap.row.b] : null,
        raySlope: t?.separable && t.margin ? -1 / (run.config.sigma * t.margin) : null,
      });
    }
  }

  function renderSnapshot(): void {
    slider.max = String(Math.max(0, run.snapshots.length - 1));
    if (run.inspect === null) slider.value = slider.max;
    const snap = inspected();
    if (!snap) {
      inspector.textContent = "";
      return;
    }
    const r = snap.row;
    if (hist) {
      const caption = snap.projections.length ? `at epoch ${r.epoch}` : "(recorded for GD and Adam only)";
      drawHistogram(hist, snap.projections, r.norm_s > 0 ? -r.b / r.norm_s : null, caption);
    }
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

  function hover(idx: number | null): void {
    const data = charts[0]?.data;
    if (idx === null || !data) {
      if (run.inspect === null) return; // uPlot reports the (absent) cursor on every setData: nothing to redraw
      run.inspect = null;
    } else {
      const epoch = (data[0] as number[])[idx];
      const k = run.snapshots.findIndex((s) => s.row.epoch === epoch);
      run.inspect = k >= 0 ? k : null;
    }
    renderInspect();
  }

  slider.addEventListener("input", () => {
    const k = Number(slider.value);
    run.inspect = k >= run.snapshots.length - 1 ? null : k;
    renderInspect();
  });

  return {
    element,
    charts,
    mount,
    receive,
    restart,
    play,
    pause,
    step,
    refresh: (s: WebState) => controls.refresh(s),
    rerender: schedule,
    /** main-thread time (ms) of every frame of a render, and of every whole render, for the responsiveness test */
    renderTimes: () => ({ frames: frameMs.slice(), renders: renderMs.slice() }),
    rows: () => run.snapshots.map((s) => s.row),
    /** `grokedge train …` reproducing the run (with `--data` for a dropped file) */
    cliCommand: () => (own ? ownDataCliCommand(runConfig(), own.names) : cliCommand(ctx.state().run)),
    /** the canvas plots (the uPlot charts are in `charts`) */
    canvases: () => [plane.canvas, hist.canvas],
    resize() {
      if (!plane) return;
      const w = width();
      for (const c of charts) c.resize(w);
      plane.resize(w);
      hist.resize(w);
      renderInspect();
    },
    get running() {
      return run.running;
    },
  };
}

export type TrainTab = ReturnType<typeof createTrainTab>;
