/**
 * The training tab: controls, the live curves on log-time axes with the theory drawn on them, the (σ‖S‖, b) plane,
 * the histogram of projections, and the inspector of the state at a hovered (or chosen) checkpoint. Its state is in
 * runView.ts, its drawing in layout.ts, plots.ts and text.ts, its worker client in client.ts.
 */

import { ownDataConfig } from "../../../src/config/ownData.js";
import { cliCommand, ownDataCliCommand, type WebState, withRun } from "../../../src/web/state.js";
import { cellWidth, type LineChart } from "../charts.js";
import type { ControlGroup } from "../controls.js";
import { controlGroup } from "../controls.js";
import { dataDrop, type OwnData } from "../dataDrop.js";
import type { TabContext } from "../tabContext.js";
import { type TrainWorkers, trainClient } from "./client.js";
import { runControls } from "./controls.js";
import { type TrainLayout, trainLayout } from "./layout.js";
import { drawChart, drawRunHistogram, drawRunPlane, mountPlots, type TrainPlots } from "./plots.js";
import { asymptotes, blankRun, crossing, inspected, type RunView, type TrainReply, takeReply } from "./runView.js";
import { type RenderPlan, renderScheduler } from "./schedule.js";
import { renderInspector, renderStatus, renderTheory } from "./text.js";

export class TrainTab {
  readonly element: HTMLElement;
  /** the uPlot charts: loss, accuracy, σ‖S‖ and b (empty until mounted) */
  readonly charts: LineChart[] = [];
  private plots: TrainPlots | null = null;
  private run: RunView;
  private own: OwnData | null = null;
  private nextId = 1;
  private readonly layout: TrainLayout;
  private readonly controls: ControlGroup<WebState>;
  private readonly client: ReturnType<typeof trainClient>;
  private readonly scheduler = renderScheduler(
    () => this.run.running,
    () => this.plan(),
  );
  private readonly predicted = asymptotes();

  constructor(
    private readonly ctx: TabContext,
    workers: TrainWorkers,
  ) {
    this.run = blankRun(0, ctx.state().run);
    this.controls = controlGroup("Run", runControls(ctx), ctx.state());
    const drop = dataDrop(
      () => ctx.state().run,
      (next) => {
        this.own = next;
        this.restart();
        ctx.dataChanged();
      },
    );
    const actions = {
      play: () => this.play(),
      pause: () => this.pause(),
      step: () => this.step(),
      restart: () => this.restart(),
      newDraw: () => ctx.update(withRun(ctx.state(), { seed: ctx.state().run.seed + 1 })),
    };
    this.layout = trainLayout(actions, this.controls.element, drop.element);
    this.element = this.layout.element;
    this.client = trainClient(workers, (msg) => this.receive(msg));
    const slider = this.layout.slider;
    slider.addEventListener("input", () => {
      const k = Number(slider.value);
      this.run.inspect = k >= this.run.snapshots.length - 1 ? null : k;
      this.renderInspect();
    });
  }

  /** Create the plots (once the tab is in the page, so that they take its width). */
  mount(): void {
    this.plots = mountPlots(this.layout.cells, (idx) => this.hover(idx));
    this.charts.push(...this.plots.charts);
  }

  /** A new run of the state's configuration (resized to the dropped file when there is one); then play if asked. */
  restart(andPlay = false): void {
    const config = this.runConfig();
    this.run = blankRun(this.nextId++, config);
    this.client.start(this.run.id, config, this.own?.data);
    this.render();
    if (andPlay) this.play();
  }

  play(): void {
    if (this.run.last?.done) return;
    this.run.running = true;
    this.client.play(this.run.id, this.run.config.epochs);
    renderStatus(this.layout.status, this.run);
  }

  pause(): void {
    this.run.running = false;
    this.client.pause(this.run.id);
    renderStatus(this.layout.status, this.run);
  }

  step(): void {
    this.run.running = false;
    this.client.step(this.run.id);
  }

  get running(): boolean {
    return this.run.running;
  }

  refresh(s: WebState): void {
    this.controls.refresh(s);
  }

  /** Draw again (the grokking-time definition changed). */
  rerender(): void {
    this.scheduler.schedule();
  }

  /** main-thread time (ms) of every frame of a render, and of every whole render, for the responsiveness test */
  renderTimes() {
    return this.scheduler.times();
  }

  /** the run's checkpoints so far */
  rows() {
    return this.run.snapshots.map((s) => s.row);
  }

  /** `grokedge train …` reproducing the run (with `--data` for a dropped file) */
  cliCommand(): string {
    return this.own ? ownDataCliCommand(this.runConfig(), this.own.names) : cliCommand(this.ctx.state().run);
  }

  /** the canvas plots (the uPlot charts are in `charts`) */
  canvases(): HTMLCanvasElement[] {
    const p = this.plots!;
    return [p.plane.canvas, p.hist.canvas];
  }

  resize(): void {
    const p = this.plots;
    if (!p) return;
    const w = cellWidth(this.layout.cells[0]);
    for (const c of this.charts) c.resize(w);
    p.plane.resize(w);
    p.hist.resize(w);
    this.renderInspect();
  }

  /** The run's configuration: the state's, resized to the dropped file when there is one. */
  private runConfig() {
    return this.own ? ownDataConfig(this.ctx.state().run, this.own.data) : this.ctx.state().run;
  }

  /** A worker reply for this tab. */
  private receive(msg: TrainReply): void {
    if (takeReply(this.run, msg)) this.scheduler.schedule();
    else if (msg.id === this.run.id && msg.kind === "error") this.layout.status.textContent = `error: ${msg.message}`;
  }

  /**
   * A render: when the checkpoints, theory or crossings changed, seven frames (asymptotes; theory; loss, accuracy,
   * σ‖S‖ and b charts; plane; histogram, inspector and status), else the status line alone. The status is drawn
   * last, from the state the render began with: when it says "done", every chart shows the finished run.
   */
  private plan(): RenderPlan {
    const run = this.run;
    const shown = run.last;
    const grok = this.ctx.state().view.grok;
    const { tr, gen } = crossing(run, grok);
    const status = () => renderStatus(this.layout.status, this.run, shown);
    return {
      key: `${run.id}:${run.snapshots.length}:${run.theory !== null}:${tr}:${gen}:${shown?.diverged}:${grok}`,
      status,
      parts: [
        () => {
          this.predicted(this.run); // the asymptotes, when due, in a frame of their own
        },
        () => this.renderTheory(),
        () => this.renderChart(0),
        () => this.renderChart(1),
        () => this.renderChart(2),
        () => this.renderPlane(),
        () => {
          this.renderSnapshot();
          status();
        },
      ],
    };
  }

  /** Everything at once (a new run, a resize). */
  private render(): void {
    renderStatus(this.layout.status, this.run);
    this.renderTheory();
    for (let k = 0; k < this.charts.length; k++) this.renderChart(k);
    this.renderInspect();
  }

  private renderTheory(): void {
    renderTheory(this.layout.theoryBox, this.run, this.ctx.state().view.grok);
  }

  private renderChart(k: number): void {
    if (!this.charts.length) return;
    drawChart(this.charts[k], k, this.run, this.predicted(this.run), this.ctx.state().view.grok);
  }

  /** The plane, the histogram and the inspector at the inspected checkpoint. */
  private renderInspect(): void {
    this.renderPlane();
    this.renderSnapshot();
  }

  private renderPlane(): void {
    const pred = this.predicted(this.run);
    if (this.plots) drawRunPlane(this.plots.plane, this.run, pred);
  }

  private renderSnapshot(): void {
    const { slider, inspector } = this.layout;
    slider.max = String(Math.max(0, this.run.snapshots.length - 1));
    if (this.run.inspect === null) slider.value = slider.max;
    const snap = inspected(this.run);
    if (!snap) {
      inspector.textContent = "";
      return;
    }
    if (this.plots) drawRunHistogram(this.plots.hist, snap);
    renderInspector(inspector, snap);
  }

  /** The cursor moved over the charts (to the point `idx`, or off them): inspect that checkpoint. */
  private hover(idx: number | null): void {
    const data = this.charts[0]?.data;
    if (idx === null || !data) {
      if (this.run.inspect === null) return; // uPlot reports the (absent) cursor on every setData: nothing to redraw
      this.run.inspect = null;
    } else {
      const epoch = (data[0] as number[])[idx];
      const k = this.run.snapshots.findIndex((s) => s.row.epoch === epoch);
      this.run.inspect = k >= 0 ? k : null;
    }
    this.renderInspect();
  }
}
