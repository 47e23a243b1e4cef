import { describe, expect, it } from "vitest";
import { parseJsonText } from "../../src/config/jsonFile.js";

describe("strict JSON files", () => {
  it("parses what JSON.parse parses, to the same value", () => {
    for (const text of [
      '{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "b": {}}',
      "[]",
      '"s"',
      " 0 ",
      '\uFEFF{"a":1}',
    ]) {
      expect(parseJsonText(text, "f")).toEqual(JSON.parse(text.replace(/^\uFEFF/, "")));
    }
  });

  it("refuses a key given twice in one object, naming it and where", () => {
    expect(() => parseJsonText('{"N": 20,\n "N": 30}', 'file "a.json"')).toThrow(
      'file "a.json" has a duplicate key "N" at line 2, column 2',
    );
    // the same key in two different objects is fine
    expect(parseJsonText('{"a": {"k": 1}, "b": {"k": 2}}', "f")).toEqual({ a: { k: 1 }, b: { k: 2 } });
    expect(() => parseJsonText('{"a": {"k": 1, "k": 2}}', "f")).toThrow(/duplicate key "k" at line 1, column 16/);
  });

  it("reports a syntax error on one line with its line and column", () => {
    const cases: [string, RegExp][] = [
      ['{"a":1,\n"b":}\n', /^f is not valid JSON: unexpected "}" at line 2, column 5$/],
      ['{"a":1', /^f is not valid JSON: expected "}" but found the end of the file at line 1, column 7$/],
      ["[1, 2] x", /^f is not valid JSON: unexpected "x" after the value at line 1, column 8$/],
      ["{'a': 1}", /^f is not valid JSON: expected """ but found "'" at line 1, column 2$/],
      ["[0x10]", /^f is not valid JSON: expected "]" but found "x"/],
    ];
    for (const [text, message] of cases) {
      let error = "";
      try {
        parseJsonText(text, "f");
      } catch (err) {
        error = (err as Error).message;
      }
      expect(error, text).toMatch(message);
      expect(error).not.toContain("\n");
    }
  });
});
