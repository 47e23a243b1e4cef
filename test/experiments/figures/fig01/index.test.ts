import { describe, expect, it } from "vitest";
import { fig1 } from "../../../../src/experiments/figures/fig01/index.js";

// smoke size in this thread (workers = 1: the pool's worker file exists only in the compiled build)
const run = (panels: string[]) => fig1.run({ size: "smoke", workers: 1, panels });

describe("Fig. 1 recipe: the parameters, rows and extra follow the panel groups drawn", () => {
  it("right-top alone: the S_∞ panel's parameters only (nothing revealed), its rows, no training seconds", async () => {
    const r = await run(["right-top"]);
    expect(Object.keys(r.parameters)).toEqual(["stated", "chosen"]);
    expect(Object.keys(r.parameters.stated)).toEqual(["top"]);
    expect(new Set(r.rows.map((row) => row.panel))).toEqual(new Set(["s_inf"]));
    expect(Object.keys(r.extra?.seconds as object)).toEqual(["s_inf_sweep"]);
    expect(r.table).toBeUndefined();
  }, 60_000);

  it("right alone: the mid and bottom panels' revealed η and run length are said", async () => {
    const r = await run(["right"]);
    expect(Object.keys(r.parameters)).toEqual(["stated", "revealed", "chosen"]);
    expect(r.parameters.revealed).toHaveProperty("mid_bottom.lr", 0.1);
    expect(Object.keys(r.extra?.seconds as object)).toEqual(["s_inf_sweep", "training_sweep"]);
  }, 60_000);
});
