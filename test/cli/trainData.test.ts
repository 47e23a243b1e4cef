import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { flipByLabels } from "../../src/core/distributions.js";
import { normalStream } from "../../src/core/rng.js";
import { encodeNpy } from "../../src/store/npy.js";
import { decideSeparability } from "../../src/theory/separability.js";
import { initialS } from "../../src/train/run.js";
import { trainTwoGaussian, twoGaussianDataset } from "../../src/train/twoGaussian.js";
import { grokedge, tempDir } from "../helpers.js";

/** A run as JSON, without the record of which files it read (the only field that may differ). */
function run(args: string[]): {
  config: Record<string, unknown>;
  checkpoints: unknown[];
  summary: Record<string, unknown>;
} {
  const r = grokedge(["train", ...args, "--no-store", "--quiet", "--format", "json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  delete out.summary.data;
  return out;
}

describe("train --data: your own matrix, with the numbers of the same matrix drawn internally", () => {
  it("a CSV saved by --save-data (with its test set) reproduces the run bit for bit (GD, N = 100)", () => {
    const dir = tempDir();
    const [X, T] = [join(dir, "X.csv"), join(dir, "T.csv")];
    const common = ["--epochs", "2000", "--seed", "3", "--run-index", "2"];
    const drawn = run([
      "--N",
      "100",
      "--lambda",
      "0.45",
      "--test-size",
      "64",
      ...common,
      "--save-data",
      X,
      "--save-test-data",
      T,
    ]);
    const own = run(["--data", X, "--test-data", T, ...common]);
    // JSON numbers print in their shortest round-trip form: equal text is equal bits
    expect(JSON.stringify(own)).toBe(JSON.stringify(drawn));
  });

  it("an NPY saved by --save-data reproduces a flow on an X drawn into kernel memory (N·d ≥ 2^18) bit for bit", () => {
    const dir = tempDir();
    const X = join(dir, "X.npy");
    const common = ["--optimizer", "flow", "--epochs", "10000", "--test-size", "0"];
    const drawn = run(["--N", "1000", "--d", "300", ...common, "--save-data", X]);
    expect(readFileSync(X).length).toBe(128 + 8 * 1000 * 300);
    expect(JSON.stringify(run(["--data", X, ...common]))).toBe(JSON.stringify(drawn));
  });

  it("labels flip points into constant-label form: a labelled draw's X and y reproduce its run", () => {
    const dir = tempDir();
    const [X, y] = [join(dir, "X.npy"), join(dir, "y.csv")];
    const common = ["--epochs", "1000", "--test-size", "0", "--label-fraction", "0.7"];
    const drawn = run(["--N", "120", "--d", "40", ...common, "--save-data", X, "--save-labels", y]);
    const labels = readFileSync(y, "utf8").trim().split("\n");
    expect(new Set(labels)).toEqual(new Set(["1", "-1"]));
    expect(JSON.stringify(run(["--data", X, "--labels", y, ...common]))).toBe(JSON.stringify(drawn));
    // 0/1 labels mean the same as −1/+1
    const y01 = join(dir, "y01.csv");
    writeFileSync(y01, labels.map((v) => (v === "1" ? "1" : "0")).join("\n"));
    expect(JSON.stringify(run(["--data", X, "--labels", y01, ...common]))).toBe(JSON.stringify(drawn));
  });

  it("describes the user's matrix with the theory: a set in a half-space is separable with its margin", () => {
    const dir = tempDir();
    const X = join(dir, "half.npy");
    writeFileSync(X, encodeNpy(Float64Array.from([1, 0, 2, 1, 1, -1, 3, 0.5]), 4, 2));
    const r = grokedge([
      "train",
      "--data",
      X,
      "--epochs",
      "100",
      "--theory",
      "--no-store",
      "--quiet",
      "--format",
      "json",
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.summary.theory.separable).toBe(true);
    expect(out.summary.theory.margin).toBeGreaterThan(0);
    expect(out.config.N).toBe(4);
    expect(out.summary.data.data).toBe(X);
  });

  it("--labelled-bias off trains the bias-free model: the same iterates as the two-Gaussian trainer, bit for bit", () => {
    const dir = tempDir();
    const [X, y] = [join(dir, "X.npy"), join(dir, "y.csv")];
    const p = { mu: 0.2, sigmaA: 0.05, sigmaB: 1 };
    const data = twoGaussianDataset(normalStream(5, 0, 0), 120, 47, p); // rows in R^48
    writeFileSync(X, encodeNpy(data.X, data.n, data.d));
    writeFileSync(y, `${Array.from(data.y).join("\n")}\n`);
    const args = ["--data", X, "--labels", y, "--lr", "0.1", "--epochs", "1500", "--seed", "4"];
    const own = run([...args, "--labelled-bias", "off"]) as { checkpoints: Record<string, number>[] };
    // the oracle: GD on w (no bias) from the run's own S_0 (SPEC §1's two-Gaussian trainer, train/twoGaussian.ts)
    const w0 = initialS({ ...defaultRunConfig, seed: 4, n: data.n, d: data.d });
    const ref = trainTwoGaussian(data, w0, p, { lr: 0.1, epochs: 1500, perDecade: defaultRunConfig.perDecade });
    expect(own.checkpoints.map((c) => c.epoch)).toEqual(ref.checkpoints.map((c) => c.epoch));
    for (const [k, c] of own.checkpoints.entries()) {
      expect(c.b).toBe(0); // b is fixed at 0
      expect(c.train_loss).toBe(ref.checkpoints[k].train_loss); // exact: the same passes on the same flipped rows
      expect(c.train_acc).toBe(ref.checkpoints[k].train_acc);
    }
    expect(own.checkpoints.at(-1)?.train_loss).toBeLessThan(own.checkpoints[0].train_loss); // it did train
    // with the bias kept, b moves and the iterates differ
    const withBias = run(args) as { checkpoints: Record<string, number>[] };
    expect(withBias.checkpoints.at(-1)?.b).not.toBe(0);
    expect(withBias.checkpoints.at(-1)?.train_loss).not.toBe(own.checkpoints.at(-1)?.train_loss);
  });

  it("--theory describes the form trained on: separability of rows −y_i x_i (bias-free) or −y_i(x_i, 1), as the LP", async () => {
    const dir = tempDir();
    const theory = (X: string, y: string, bias: string) => {
      const r = grokedge(
        ["train", "--data", X, "--labels", y, "--labelled-bias", bias, "--epochs", "10"].concat([
          "--theory",
          "--no-store",
          "--quiet",
          "--format",
          "json",
        ]),
      );
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).summary.theory;
    };
    // 1-D points 1..4 labelled −,−,+,+: a threshold separates them, no line through the origin does
    const [X1, y1] = [join(dir, "line.csv"), join(dir, "line-y.csv")];
    writeFileSync(X1, "1\n2\n3\n4\n");
    writeFileSync(y1, "-1\n-1\n1\n1\n");
    const on = theory(X1, y1, "on");
    expect(on.form).toMatch(/−y_i\(x_i, 1\)/);
    expect(on.separable).toBe(true);
    expect(on.margin).toBeGreaterThan(0);
    const off = theory(X1, y1, "off");
    expect(off.form).toMatch(/−y_i x_i \(labels flipped, bias-free/);
    expect(off.separable).toBe(false);
    expect(off.s_inf_norm).toBeGreaterThan(0);
    // random labels near the threshold λ = ½: each form's decision equals the exact LP's on its own rows
    const normal = normalStream(9, 0, 0);
    const [n, d] = [40, 19];
    const Xr = Float64Array.from({ length: n * d }, () => normal());
    const yr = Float64Array.from({ length: n }, () => (normal() > 0 ? 1 : -1));
    const [X2, y2] = [join(dir, "r.npy"), join(dir, "r-y.csv")];
    writeFileSync(X2, encodeNpy(Xr, n, d));
    writeFileSync(y2, `${Array.from(yr).join("\n")}\n`);
    for (const [bias, w] of [
      ["on", d + 1],
      ["off", d],
    ] as const) {
      const lp = await decideSeparability(flipByLabels(Xr, yr, n, d, bias === "on"), n, w);
      expect(theory(X2, y2, bias).separable, bias).toBe(lp.separable);
    }
  });

  it("refuses ragged, non-numeric, constant and mismatched files, and stray flags, with one line and exit 2", () => {
    const dir = tempDir();
    const f = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const good = f("good.csv", "1,2\n3,-4\n");
    const cases: [string[], RegExp][] = [
      [["--data", f("ragged.csv", "1,2\n3\n")], /--data rows must all have 2 values \(row 2/],
      [["--data", f("text.csv", "1,2\na,4\n")], /--data values must be finite decimal numbers.*"a" at row 2, column 1/],
      [["--data", f("const.csv", "0,0\n0,0\n")], /--data must not be constant/],
      [["--data", f("bad.npy", "not npy")], /--data must be a 2-D float64 or float32 .npy array \(not a .npy file/],
      [
        ["--data", good, "--labels", f("y3.csv", "1\n-1\n1\n")],
        /--labels must have one row per point of --data: 2 \(got 3/,
      ],
      [["--data", good, "--labels", f("y2.csv", "1\n2\n")], /--labels must be -1\/\+1 or 0\/1/],
      [
        ["--data", good, "--test-data", f("t3.csv", "1,2,3\n")],
        /--test-data must have 2 columns like --data \(got 3\)/,
      ],
      [["--data", good, "--N", "10"], /give either --data or --N/],
      [["--labels", good], /--labels needs --data/],
      [["--data", good, "--labelled-bias", "off"], /--labelled-bias needs --labels/],
      [
        ["--data", good, "--labels", f("y.csv", "1\n-1\n"), "--labelled-bias", "no"],
        /--labelled-bias must be one of on, off \(got "no"\)/,
      ],
      [
        ["--data", good, "--labels", join(dir, "y.csv"), "--labelled-bias", "off", "--b0", "1"],
        /fixes the bias b at 0: --b0 must be 0 \(got 1\)/,
      ],
      [
        ["--data", good, "--test-data", good, "--test-labels", f("t-y.csv", "1\n-1\n1\n")],
        /--test-labels must have one row per point of --test-data: 2 \(got 3/,
      ],
      [["--data", good, "--save-data", join(dir, "o.csv")], /not with --data/],
      [["--save-labels", join(dir, "y.csv")], /--save-labels needs labels/],
    ];
    for (const [args, message] of cases) {
      const r = grokedge(["train", ...args, "--epochs", "10", "--no-store"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
