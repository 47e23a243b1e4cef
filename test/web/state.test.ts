import { describe, expect, it } from "vitest";
import { defaultRunConfig, resolveRunConfig } from "../../src/config/run.js";
import {
  cliCommand,
  defaultState,
  lambdaText,
  parseQuery,
  stateToQuery,
  toyCliCommand,
  webRunDefaults,
  withRun,
} from "../../src/web/state.js";

describe("explorer state ⇄ URL", () => {
  it("round-trips the default state", () => {
    const s = defaultState();
    const q = stateToQuery(s);
    expect(q).toContain("lambda=0.48");
    expect(q).toContain("seed=2");
    const back = parseQuery(q);
    expect(back.error).toBeNull();
    expect(back.state).toEqual(s);
  });

  it("round-trips every kind of setting, seed included", () => {
    let s = defaultState();
    s = withRun(s, { N: 300, d: 149, sigma: 2.5, lr: 0.003, loss: "exp", optimizer: "adam", beta1: 0.8, seed: 12345 });
    s = withRun(s, { s0: 1.25, b0: -1, epochs: 777, "acc-threshold": 0.95, "test-size": 100, precision: "f32" });
    s = {
      ...s,
      toy: { ...s.toy, lambda: 0.49, sigma: 7 },
      view: { ...s.view, tab: "phase", grok: "loss", phaseN: 50 },
    };
    const back = parseQuery(`?${stateToQuery(s)}`);
    expect(back.error).toBeNull();
    expect(back.state).toEqual(s);
    expect(back.state.run.d).toBe(149);
  });

  it("uses the flag names as keys and validates through the schema", () => {
    const ok = parseQuery("lambda=0.52&N=400&sigma=5");
    expect(ok.state.run.d).toBe(208);
    const bad = parseQuery("lambda=0.4801&N=400");
    expect(bad.error).toMatch(/lambda/);
    expect(bad.state).toEqual(defaultState());
    expect(parseQuery("sigma=-1").error).toMatch(/sigma/);
    expect(parseQuery("colour=red").error).toMatch(/unknown key "colour"/);
    expect(parseQuery("toy.lambda=2").error).toMatch(/toy\.lambda/);
    expect(parseQuery("tab=nope").error).toMatch(/tab/);
  });

  it("names every problem of a bad URL and keeps its valid keys", () => {
    const r = parseQuery("sigma=-1&N=300&colour=red&phase.cells=4");
    expect(r.error).toMatch(/sigma/);
    expect(r.error).toMatch(/unknown key "colour"/);
    expect(r.state.run.n).toBe(300);
    expect(r.state.run.sigma).toBe(defaultState().run.sigma);
    expect(r.state.view.phaseCells).toBe(4);
  });

  it("shows λ as the shortest decimal that rounds back to d", () => {
    expect(lambdaText(400, 192)).toBe("0.48");
    expect(lambdaText(401, 192)).toBe("0.48"); // 0.48 × 401 = 192.48 rounds to 192; d/N = 0.47880299…
    expect(lambdaText(7, 3)).toBe("0.4"); // 2.8 rounds to 3
    for (const [n, d] of [
      [401, 192],
      [333, 160],
      [1000, 480],
      [7, 3],
      [20000, 1],
    ]) {
      expect(Math.max(1, Math.round(Number(lambdaText(n, d)) * n))).toBe(d);
    }
  });

  it("enforces the browser limits", () => {
    expect(parseQuery("N=30000&lambda=0.01").error).toMatch(/browser limit/);
    expect(parseQuery("epochs=100000000").error).toMatch(/browser limit/);
    expect(() => withRun(defaultState(), { N: 10000, d: 1000 })).toThrow(/N×d/);
  });

  it("copies as a CLI command that the CLI's schema resolves to the same RunConfig", () => {
    const s = withRun(defaultState(), { seed: 7, optimizer: "adam", beta2: 0.99 });
    const cmd = cliCommand(s.run);
    expect(cmd.startsWith("grokedge train --N 400 --lambda 0.48 ")).toBe(true);
    expect(cmd).toContain("--test-size 0");
    const argv = cmd.split(" ").slice(2);
    const values: Record<string, string> = {};
    for (let i = 0; i < argv.length; i += 2) values[argv[i].slice(2)] = argv[i + 1];
    const viaCli = resolveRunConfig([{ values, namer: (f) => `--${f.flag}`, where: "cmd" }], defaultRunConfig);
    expect(viaCli).toEqual(s.run);
    expect(webRunDefaults.testSize).toBe(0);
    expect(toyCliCommand(s.toy)).toMatch(/^grokedge toy1d --lambda 0.4995 --sigma 5 /);
  });
});
