import { describe, expect, it } from "vitest";
import { constantLabelRows, parseCsvMatrix, parseLabelsCsv, resolveOwnData } from "../../src/config/ownData.js";
import { UsageError } from "../../src/config/schema.js";

describe("own data: the parser shared by train --data and the explorer", () => {
  it("reads rows of decimals exactly (shortest round-trip text gives the same bits), blank lines and CRLF skipped", () => {
    const values = [0.1, -2e-300, 1 / 3, -0, 5e300, 12];
    const text = `${values.slice(0, 3).map(String).join(",")}\r\n\n${["-0", "5e300", "12"].join(", ")}\n`;
    const m = parseCsvMatrix(text, "--data", "x.csv");
    expect([m.n, m.d]).toEqual([2, 3]);
    expect(Array.from(m.X)).toEqual(values);
    expect(Object.is(m.X[3], -0)).toBe(true);
  });

  it("refuses hex, Infinity and NaN cells, naming the flag, the cell and the file", () => {
    for (const cell of ["0x10", "Infinity", "NaN", "1e999", ""]) {
      expect(() => parseCsvMatrix(`1,${cell}\n`, "data file", "f.csv")).toThrow(
        new UsageError(
          `data file values must be finite decimal numbers, e.g. -1.5 or 2e-3 (got "${cell}" at row 1, column 2 of "f.csv")`,
        ),
      );
    }
  });

  it("labels: 0/1 read as −1/+1; constant labels refused", () => {
    expect(Array.from(parseLabelsCsv("0\n1\n1\n", 3, "--labels", "y.csv", "--data"))).toEqual([-1, 1, 1]);
    expect(() => parseLabelsCsv("1\n1\n", 2, "--labels", "y.csv", "--data")).toThrow(/must not be constant/);
  });

  it("constant-label rows: −y_i(x_i, 1) with the bias, −y_i x_i without, x_i unlabelled", () => {
    const X = Float64Array.from([1, 2, 3, 4]);
    const y = Float64Array.from([1, -1]);
    expect(Array.from(constantLabelRows({ X, y, n: 2, d: 2 }).rows.X)).toEqual([-1, -2, -1, 3, 4, 1]);
    expect(Array.from(constantLabelRows({ X, y, n: 2, d: 2, biasFree: true }).rows.X)).toEqual([-1, -2, 3, 4]);
    expect(constantLabelRows({ X, n: 2, d: 2 }).rows.X).toBe(X);
  });

  it("--labelled-bias is on by default and takes on or off only", () => {
    expect(resolveOwnData({})).toEqual({ labelledBias: "on" });
    expect(resolveOwnData({ "labelled-bias": "off" })).toEqual({ labelledBias: "off" });
    expect(() => resolveOwnData({ "labelled-bias": "no" })).toThrow(
      '--labelled-bias must be one of on, off (got "no")',
    );
  });
});
