import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run.js";
import { defaultToy1dConfig } from "../../src/config/toy1d.js";
import { runTraining } from "../../src/train/run.js";
import { phaseCells } from "../../src/web/phase.js";
import type { Reply, Request } from "../../src/web/protocol.js";
import { defaultState, webRunDefaults } from "../../src/web/state.js";
import { createWorkerCore } from "../../src/web/workerCore.js";

const config = (values: Record<string, unknown>) =>
  resolveRunConfig([{ values, namer: (f) => f.flag, where: "test" }], webRunDefaults);

/** A worker core whose yields run when `drain` is called; replies collected in order. */
function core() {
  const replies: Reply[] = [];
  const queue: (() => void)[] = [];
  const handle = createWorkerCore(
    (reply) => replies.push(reply),
    (fn) => queue.push(fn),
  );
  const drain = () => {
    while (queue.length) queue.shift()!();
  };
  return { replies, send: (req: Request) => handle(req), drain };
}

describe("the explorer's worker core, through the one protocol", () => {
  it("trains in slices and streams runTraining's checkpoints to the run client", () => {
    const c = config({ N: 60, lambda: 0.45, sigma: 3, epochs: 2000, seed: 3 });
    const w = core();
    w.send({ client: "run", kind: "start", id: 7, config: c });
    w.send({ client: "run", kind: "play", id: 7, until: c.epochs });
    w.drain();
    expect(w.replies.every((r) => r.client === "run" && r.kind === "progress" && r.id === 7)).toBe(true);
    const rows = w.replies.flatMap((r) => (r.kind === "progress" ? r.slice.snapshots.map((s) => s.row) : []));
    expect(rows).toEqual(runTraining(c).checkpoints);
    const last = w.replies.at(-1);
    expect(last?.kind === "progress" && last.slice.done && !last.running).toBe(true);
  });

  it("ignores play and step of an older run, and steps to the next checkpoint", () => {
    const c = config({ N: 40, lambda: 0.5, epochs: 500 });
    const w = core();
    w.send({ client: "run", kind: "start", id: 2, config: c });
    w.send({ client: "run", kind: "play", id: 1, until: 500 });
    w.send({ client: "run", kind: "step", id: 1 });
    w.drain();
    expect(w.replies).toHaveLength(1); // the initial checkpoint only
    w.send({ client: "run", kind: "step", id: 2 });
    const step = w.replies[1];
    expect(step.kind === "progress" && step.slice.snapshots.map((s) => s.row.epoch)).toEqual([1]);
  });

  it("answers each client under its own tag: theory, 1-D model, phase cells, errors", () => {
    const w = core();
    const c = config({ N: 40, lambda: 0.4, epochs: 100 });
    w.send({ client: "theory", kind: "theory", id: 3, config: c });
    w.send({ client: "toy", kind: "toy", id: 3, toy: { ...defaultToy1dConfig, perDecade: 2 } });
    const st = defaultState();
    const configs = phaseCells(st.run, { ...st.view, phaseN: 20, phaseEpochs: 50, phaseCells: 2 }).flatMap(
      (x) => x.draws,
    );
    w.send({ client: "phase", kind: "phase", id: 3, configs, from: 2 });
    w.drain();
    expect(w.replies.map((r) => [r.client, r.kind, r.id])).toEqual([
      ["theory", "theory", 3],
      ["toy", "toy", 3],
      ["phase", "phaseCell", 3],
      ["phase", "phaseCell", 3],
    ]);
    expect(w.replies.slice(2).map((r) => r.kind === "phaseCell" && r.index)).toEqual([2, 3]);
    w.send({ client: "toy", kind: "toy", id: 4, toy: { ...defaultToy1dConfig, tMin: Number.NaN } });
    expect(w.replies.at(-1)).toMatchObject({ client: "toy", kind: "error", id: 4 });
  });

  it("stops a phase job on phaseStop", () => {
    const w = core();
    const st = defaultState();
    const configs = phaseCells(st.run, { ...st.view, phaseN: 20, phaseEpochs: 50, phaseCells: 2 }).flatMap(
      (x) => x.draws,
    );
    w.send({ client: "phase", kind: "phase", id: 5, configs, from: 0 });
    w.send({ client: "phase", kind: "phaseStop", id: 5 });
    w.drain();
    expect(w.replies).toHaveLength(1);
  });
});
