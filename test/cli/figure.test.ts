import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

describe("grokedge figure, plot and report", () => {
  const dir = tempDir();
  const db = join(dir, "runs.sqlite");
  const smoke = ["--size", "smoke", "--db", db, "--quiet"];

  it("figure 10 trains every (column, seed), stores the runs and writes SVG, PNG, CSV and JSON", () => {
    const r = grokedge(["figure", "10", ...smoke, "--workers", "2", "--out-dir", join(dir, "a")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/grokking time: first epoch with population accuracy ≥ 0.9/);
    expect(r.stdout).toMatch(/^(PASS|FAIL|UNSURE) +σ = 1: /m);
    const png = readFileSync(join(dir, "a", "fig10", "fig10.png"));
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(join(dir, "a", "fig10", "fig10.svg"), "utf8")).toMatch(/smoke size \(N = 100; the paper/);
    const meta = JSON.parse(readFileSync(join(dir, "a", "fig10", "fig10.json"), "utf8"));
    expect(meta.size).toBe("smoke");
    expect(meta.parameters.stated.sigma).toEqual([1, 5, 10]);
    expect(meta.table).toHaveLength(3);
    const csv = readFileSync(join(dir, "a", "fig10", "fig10.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv[0].startsWith("column,run_index,epoch,")).toBe(true);
  });

  it("gives the same numbers on one worker as on two (each run depends only on its seed and index)", () => {
    grokedge(["figure", "10", ...smoke, "--workers", "1", "--out-dir", join(dir, "b")]);
    const csv = (d: string) => readFileSync(join(dir, d, "fig10", "fig10.csv"), "utf8");
    expect(csv("b")).toBe(csv("a"));
  });

  it("--check exits 1 when a self-check does not pass (smoke size is too small to pass them)", () => {
    const r = grokedge(["figure", "10", ...smoke, "--check", "--out-dir", join(dir, "c")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/self-check\(s\) did not pass/);
  });

  it("plot redraws the newest stored Fig. 1 without training, with the same data as the figure", () => {
    const f = grokedge(["figure", "1", ...smoke, "--seeds", "2", "--out-dir", join(dir, "d")]);
    expect(f.code).toBe(0);
    const r = grokedge(["plot", "--db", db, "--out-dir", join(dir, "e")]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "e", "fig1", "fig1.png"))).toBe(true);
    const table = (d: string) => JSON.parse(readFileSync(join(dir, d, "fig1", "fig1.json"), "utf8")).table;
    expect(table("e")).toEqual(table("d"));
    expect(table("e")).toHaveLength(3);
  });

  it("figure 1 stratifies its draws by separability unless --sampling consecutive (smoke: N = 100, 4 seeds)", () => {
    const meta = (d: string) => JSON.parse(readFileSync(join(dir, d, "fig1", "fig1.json"), "utf8"));
    const args = ["figure", "1", ...smoke, "--panels", "left", "--seeds", "4"];
    expect(grokedge([...args, "--out-dir", join(dir, "s")]).code).toBe(0);
    // Wendel at N = 100: P(separable) = 0.34 at d = 48, 0.66 at d = 52, so round(4·P) = 1 and 3 separable draws
    const strat = meta("s");
    expect(strat.parameters.chosen.draws).toMatch(/^stratified by separability/);
    expect(strat.table.map((r: { separable: string }) => r.separable)).toEqual(["0/4", "1/4", "3/4"]);
    expect(grokedge([...args, "--sampling", "consecutive", "--out-dir", join(dir, "t")]).code).toBe(0);
    const cons = meta("t");
    expect(cons.parameters.chosen.draws).toMatch(/^consecutive/);
    expect(Object.values(cons.parameters.chosen.run_indices)).toEqual(Array(3).fill([0, 1, 2, 3]));
  });

  it("report gathers the drawn figures into one offline HTML page", () => {
    const r = grokedge(["report", "--out-dir", join(dir, "a")]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "a", "report", "index.html"), "utf8");
    expect(html).toMatch(/<section id="fig10">/);
    expect(html).toMatch(/<img alt="Fig. 10" src="data:image\/svg\+xml;base64,/);
    // side by side with the paper's account (SPEC §6), verdicts counted, parameters with their provenance
    expect(html).toContain("<b>Shows:</b> the Fig. 1 panels for σ ∈ {1, 5, 10}");
    expect(html).toMatch(/<b>Our verdicts:<\/b> <span class="PASS">\d+ PASS<\/span>/);
    expect(html).toContain('<tr><td class="prov">stated by the paper</td><td>sigma</td><td>[1,5,10]</td></tr>');
    expect(html).toMatch(/<td class="prov">chosen here<\/td>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!vega\.github\.io|www\.w3\.org)/);
  });

  it("rejects an unknown figure, a bad size, a missing store and an empty report folder with exit code 2", () => {
    const unknown = grokedge(["figure", "99", "--db", db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: figure must be one of 1, .* or "all" \(got "99"\)/);
    expect(grokedge(["figure", "10", "--size", "huge", "--db", db]).stderr).toMatch(
      /^error: --size must be one of smoke, laptop, paper \(got "huge"\)/,
    );
    expect(grokedge(["figure", "1", "--sampling", "random", "--db", db]).stderr).toMatch(
      /^error: --sampling must be one of stratified, consecutive \(got "random"\)\n$/,
    );
    const none = grokedge(["plot", "--db", join(dir, "none.sqlite")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--db must be an existing file/);
    const empty = grokedge(["report", "--out-dir", join(dir, "empty")]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--out-dir must hold drawn figures/);
  });
});
