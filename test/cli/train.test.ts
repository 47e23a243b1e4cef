import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

const SMALL = ["--N", "40", "--d", "12", "--epochs", "300", "--test-size", "500", "--no-store", "--quiet"];

describe("grokedge train", () => {
  it("gives byte-identical output for the same seed, and different output for another seed", () => {
    const a = grokedge(["train", ...SMALL, "--seed", "7", "--format", "json"]);
    const b = grokedge(["train", ...SMALL, "--seed", "7", "--format", "json"]);
    const c = grokedge(["train", ...SMALL, "--seed", "8", "--format", "json"]);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it("writes {config, checkpoints, summary} with the documented checkpoint columns", () => {
    const r = grokedge(["train", ...SMALL, "--format", "json"]);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["config", "checkpoints", "summary"]);
    const columns = ["epoch", "t", "train_loss", "train_acc", "pop_loss", "pop_acc", "test_loss", "test_acc"];
    for (const c of [...columns, "norm_s", "sigma_norm_s", "b"]) expect(out.checkpoints[0]).toHaveProperty(c);
    expect(out.checkpoints[0].epoch).toBe(0);
    expect(out.checkpoints.at(-1).epoch).toBe(300);
    expect(out.summary.grokking.accuracy.definition).toMatch(/first epoch with population accuracy ≥ 0.9/);
    expect(out.config).toMatchObject({ N: 40, d: 12, epochs: 300 });
  });

  it("writes csv and jsonl with one record per checkpoint", () => {
    const csv = grokedge(["train", ...SMALL, "--format", "csv"])
      .stdout.trim()
      .split("\n");
    const jsonl = grokedge(["train", ...SMALL, "--format", "jsonl"])
      .stdout.trim()
      .split("\n");
    expect(csv[0].split(",").slice(0, 4)).toEqual(["epoch", "t", "log10_t", "train_loss"]);
    expect(csv.length - 1).toBe(jsonl.length);
    expect(JSON.parse(jsonl[0]).epoch).toBe(0);
  });

  it("reads back its own output config with --config and reproduces the run exactly", () => {
    const dir = tempDir();
    const first = grokedge(["train", ...SMALL, "--seed", "3", "--format", "json"]);
    writeFileSync(join(dir, "run.json"), JSON.stringify(JSON.parse(first.stdout).config));
    const again = grokedge(["train", "--config", join(dir, "run.json"), "--no-store", "--quiet", "--format", "json"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  it("writes --out atomically and records the run in the store", () => {
    const dir = tempDir();
    const db = join(dir, "store", "runs.sqlite");
    const out = join(dir, "run.csv");
    const r = grokedge([
      "train",
      "--N",
      "40",
      "--d",
      "12",
      "--epochs",
      "100",
      "--db",
      db,
      "--out",
      out,
      "--format",
      "csv",
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8").startsWith("epoch,t,log10_t,")).toBe(true);
    const list = grokedge(["export", "--db", db, "--list"]);
    expect(list.stdout).toMatch(/^train\t1 runs$/m);
    const rows = grokedge(["export", "--db", db]).stdout.trim().split("\n");
    expect(rows.length - 1).toBe(readFileSync(out, "utf8").trim().split("\n").length - 1);
  });

  it("--optimizer flow follows GD at η = 0.01 to O(η²) with far fewer gradient passes", () => {
    const args = [
      "train",
      "--N",
      "100",
      "--d",
      "48",
      "--epochs",
      "20000",
      "--test-size",
      "0",
      "--no-store",
      "--format",
      "json",
    ];
    const gd = JSON.parse(grokedge(args).stdout).summary;
    const flow = JSON.parse(grokedge([...args, "--optimizer", "flow"]).stdout).summary;
    expect(flow.final.t).toBeCloseTo(200, 9);
    expect(flow.final.epoch).toBe(20000);
    // the GD-equivalent flow (16 GD steps, then GD's modified equation): O(η²) ≈ 1e-4 from GD, plus rtol 1e-5
    expect(Math.abs(flow.final.pop_acc - gd.final.pop_acc)).toBeLessThan(1e-3);
    expect(Math.abs(flow.final.b - gd.final.b)).toBeLessThan(1e-3 * Math.abs(gd.final.b));
    expect(flow.gradient_evaluations).toBeLessThan(gd.gradient_evaluations / 2); // incl. the error-estimate rerun
    expect(flow.flow).toMatchObject({ integrator: "rkc", rtol: 1e-5 });
    // the achieved error is reported: rtol 1e-5 per step against a 100× looser rerun, which bounds it
    expect(flow.flow.error_estimate).toBeGreaterThan(0);
    expect(flow.flow.error_estimate).toBeLessThan(1e-2);
    // --error-estimate off: the same run without the rerun (the paper-size figures' setting)
    const alone = JSON.parse(grokedge([...args, "--optimizer", "flow", "--error-estimate", "off"]).stdout).summary;
    expect(alone.final).toEqual(flow.final);
    expect(alone.flow.error_estimate).toBeNull();
    expect(alone.flow.error_estimate_passes).toBe(0);
    expect(alone.gradient_evaluations).toBeLessThan(flow.gradient_evaluations);
  });

  it("prints the version and help with exit code 0", () => {
    expect(grokedge(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = grokedge(["train", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--lambda <value>/);
  });
});

describe("bad input: one line naming the parameter, exit code 2, nothing written", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "notjson.json"), "{ sigma: 1");
  writeFileSync(join(dir, "unknown.json"), JSON.stringify({ sigma: 2, temperature: 1 }));
  writeFileSync(join(dir, "array.json"), "[1, 2]");
  writeFileSync(join(dir, "badvalue.json"), JSON.stringify({ sigma: -3 }));
  writeFileSync(join(dir, "afile"), "x");
  const cases: [string[], RegExp][] = [
    [["--N", "-5"], /--N must be a positive integer \(got "-5"\)/],
    [["--N", "0"], /--N must be a positive integer/],
    [["--N", "abc"], /--N must be a positive integer \(got "abc"\)/],
    [["--N", "1.5"], /--N must be a positive integer/],
    [["--d", "0"], /--d must be a positive integer/],
    [["--lambda", "-0.1"], /--lambda must be a positive number/],
    [["--lambda", "NaN"], /--lambda must be a positive number \(got "NaN"\)/],
    [["--lambda", "0.4813"], /--lambda × --N must be a positive integer d \(got 0.4813 × 400 = 192.52\)/],
    [["--d", "10", "--lambda", "0.5"], /either d or lambda/],
    [["--sigma", "-1"], /--sigma must be a positive number \(got "-1"\)/],
    [["--sigma", "0"], /--sigma must be a positive number/],
    [["--sigma", "Infinity"], /--sigma must be a positive number/],
    [["--lr", "0"], /--lr must be a positive number/],
    [["--lr", "fast"], /--lr must be a positive number/],
    [["--epochs", "-1"], /--epochs must be an integer from 0/],
    [["--epochs", "1e3.5"], /--epochs must be an integer/],
    [["--acc-threshold", "1.2"], /--acc-threshold must be a number > 0 and < 1/],
    [["--loss-threshold", "0"], /--loss-threshold must be a positive number/],
    [["--seed", "-1"], /--seed must be an integer ≥ 0/],
    [["--seed", "2.5"], /--seed must be an integer ≥ 0/],
    [["--loss", "hinge"], /--loss must be one of logistic, exp \(got "hinge"\)/],
    [["--test-size", "-1"], /--test-size must be an integer ≥ 0/],
    [["--per-decade", "0"], /--per-decade must be an integer from 1 to 1000/],
    [["--s0", "-1"], /--s0 must be a number ≥ 0/],
    [["--b0", "abc"], /--b0 must be a finite number/],
    [["--format", "xml"], /--format must be one of json, jsonl, csv/],
    [["--config", join(dir, "missing.json")], /--config must be an existing JSON file/],
    [["--config", join(dir, "notjson.json")], /is not valid JSON/],
    [["--config", join(dir, "unknown.json")], /unknown key "temperature"/],
    [["--config", join(dir, "array.json")], /must hold a JSON object/],
    [["--config", join(dir, "badvalue.json")], /"sigma" in .*badvalue.json must be a positive number \(got -3\)/],
    [["--out", join(dir, "afile", "x.json")], /--out must be under a directory/],
    [["--out", `${dir}/`], /--out must be a file path, not a directory/],
    [["--foo", "1"], /unknown option '--foo'/],
  ];
  for (const [args, message] of cases) {
    it(`rejects ${args.join(" ")}`, () => {
      const out = join(dir, "should-not-exist.json");
      const db = join(dir, "should-not-exist.sqlite");
      const withOut = args.includes("--out") ? args : [...args, "--out", out];
      const r = grokedge(["train", "--epochs", "10", "--db", db, ...withOut]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(db)).toBe(false);
    });
  }
});

describe("the paper's data-model variants (SPEC §1, Figs. 15–16)", () => {
  const cases: [string, string[]][] = [
    ["power-law spectrum (α = 1.5, σ = 10)", ["--distribution", "powerlaw", "--alpha", "1.5", "--sigma", "10"]],
    ["per-coordinate mixture (±1, std 0.25, ×5)", ["--distribution", "mixture", "--sigma", "5"]],
    ["discriminative labels (r = 0.95)", ["--label-fraction", "0.95"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: the exact population accuracy matches a 20000-point test set within 4 standard errors`, () => {
      const r = grokedge([
        "train",
        "--N",
        "400",
        "--d",
        "180",
        "--epochs",
        "2000",
        "--test-size",
        "20000",
        "--no-store",
        "--format",
        "json",
        ...args,
      ]);
      expect(r.code).toBe(0);
      const { final } = JSON.parse(r.stdout).summary;
      const se = Math.sqrt((final.pop_acc * (1 - final.pop_acc)) / 20000); // binomial sampling error of the test set
      expect(Math.abs(final.test_acc - final.pop_acc)).toBeLessThan(4 * Math.max(se, 1e-4));
      expect(final.train_acc).toBeGreaterThan(0.9);
    });
  }

  it("refuses discriminative labels on a non-Gaussian distribution", () => {
    const r = grokedge(["train", "--distribution", "mixture", "--label-fraction", "0.9", "--no-store"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--label-fraction < 1 needs --distribution gaussian/);
  });
});

describe("--optimizer conformal (exponential loss, SPEC §3.5)", () => {
  it("agrees with --optimizer flow on the final state and reaches t = 1e100", () => {
    const args = [
      "train",
      "--N",
      "100",
      "--d",
      "30",
      "--sigma",
      "1",
      "--loss",
      "exp",
      "--test-size",
      "0",
      "--no-store",
      "--format",
      "json",
    ];
    const plain = ["--optimizer", "flow", "--gd-equivalent", "off", "--rtol", "1e-8", "--t-max", "1e6"];
    const flow = JSON.parse(grokedge([...args, ...plain]).stdout).summary.final;
    const conf = JSON.parse(grokedge([...args, "--optimizer", "conformal", "--t-max", "1e6"]).stdout).summary.final;
    // both integrate the same (plain) flow at rtol 1e-8: agreement to ~1e-7 relative
    expect(Math.abs(conf.norm_s / flow.norm_s - 1)).toBeLessThan(1e-6);
    expect(Math.abs(conf.b / flow.b - 1)).toBeLessThan(1e-6);
    const far = JSON.parse(grokedge([...args, "--optimizer", "conformal", "--t-max", "1e100"]).stdout).summary.final;
    expect(far.log10_t).toBeCloseTo(100, 9);
  });
});

describe("--optimizer adam (PyTorch semantics)", () => {
  it("shows Fig. 5's chance-level plateau before grokking at λ = 0.495, β = (0.8, 0.9), η = 3e-3", () => {
    const args = ["train", "--optimizer", "adam", "--beta1", "0.8", "--beta2", "0.9", "--lr", "0.003", "--N", "400"];
    const r = grokedge([
      ...args,
      "--lambda",
      "0.495",
      "--sigma",
      "1",
      "--seed",
      "1",
      "--epochs",
      "30000",
      "--test-size",
      "0",
      "--no-store",
      "--format",
      "json",
    ]);
    const out = JSON.parse(r.stdout);
    const acc = out.summary.grokking.accuracy;
    // the training set is fit within a few hundred epochs while the population accuracy is still near chance ...
    const atFit = out.checkpoints.filter((c: { epoch: number }) => c.epoch <= acc.trainEpoch).at(-1);
    expect(atFit.pop_acc).toBeLessThan(0.65);
    // ... and generalization comes about a decade later (an inseparable draw: the LP says so in adam.test.ts)
    expect(acc.genEpoch).toBeGreaterThan(5 * acc.trainEpoch);
    expect(out.summary.final.pop_acc).toBeGreaterThan(0.95);
  });
});

describe("inputs that used to slip through", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "not-a-store.sqlite"), "plain text");
  const cases: [string[], RegExp][] = [
    [["train", "--optimizer", "flow", "--epochs", "0"], /needs a horizon: --t-max > 0 or --epochs > 0/],
    [["train", "--distribution", "powerlaw", "--theory"], /--theory needs the constant-label Gaussian model/],
    [
      ["figure", "1", "--panels", "left,middle"],
      /--panels must be one or more of left, right, right-top \(got "left,middle"\)/,
    ],
    [
      ["figure", "10", "--panels", "left"],
      /--panels does not apply to figure 10: it has no panel groups \(got "left"\)/,
    ],
    [["export", "--db", join(dir, "not-a-store.sqlite")], /--db must be a grokedge results store/],
    [["plot", "--db", join(dir, "not-a-store.sqlite")], /--db must be a grokedge results store/],
    [["toy1d", "--sigma", "1e200"], /--sigma must be a number > 0 and ≤ 1000000/],
    [["toy1d", "--b0", "-800"], /--b0 must be a number ≥ -500 and ≤ 500/],
  ];
  for (const [args, message] of cases) {
    it(`rejects ${args.join(" ")} with exit code 2`, () => {
      const r = grokedge(args.includes("--db") ? args : [...args, "--db", join(dir, "s.sqlite")]);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    });
  }

  it("leaves a file that is not a results store untouched", () => {
    expect(readFileSync(join(dir, "not-a-store.sqlite"), "utf8")).toBe("plain text");
  });
});
