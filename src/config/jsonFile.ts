/**
 * JSON files the user writes (configs, sweep specs, figure records): parsed strictly. A syntax error is one line
 * naming the file, the line and the column; a key given twice in one object is refused with the key named (JSON.parse
 * would silently keep the last).
 */

import { readFileSync } from "node:fs";
import { UsageError } from "./schema.js";

/** Where offset `i` of `text` is, as "line L, column C" (1-based). */
function lineColumn(text: string, i: number): string {
  const before = text.slice(0, i).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

class JsonSyntax extends Error {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {
    super(reason);
  }
}

/** Check `text` is one JSON value with no object key repeated; throws JsonSyntax with the offending offset. */
export function checkJson(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (reason: string): never => {
    throw new JsonSyntax(reason, i);
  };
  const describe = () => (i >= text.length ? "the end of the file" : `"${text[i]}"`);
  const expectChar = (c: string) => {
    if (text[i] !== c) fail(`expected "${c}" but found ${describe()}`);
    i++;
  };
  const string = (): string => {
    const start = i;
    expectChar('"');
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail("a control character inside a string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("a bad \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail("a bad escape");
      }
      i++;
    }
    expectChar('"');
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const keys = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        const at = i;
        const key = string();
        if (keys.has(key)) throw new JsonSyntax(`duplicate key ${JSON.stringify(key)}`, at);
        keys.add(key);
        ws();
        expectChar(":");
        value();
        ws();
        if (text[i] !== ",") {
          expectChar("}");
          return;
        }
        i++;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] !== ",") {
          expectChar("]");
          return;
        }
        i++;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    literal.lastIndex = i;
    const m = literal.exec(text);
    if (!m) fail(`unexpected ${describe()}`);
    i += (m as RegExpExecArray)[0].length;
  };
  value();
  ws();
  if (i < text.length) fail(`unexpected ${describe()} after the value`);
}

/** Parse JSON `text` from `where` (a file, for messages); every problem is a one-line UsageError. */
export function parseJsonText(text: string, where: string): unknown {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    checkJson(body);
  } catch (err) {
    if (!(err instanceof JsonSyntax)) throw err;
    const what = err.reason.startsWith("duplicate key") ? "has a" : "is not valid JSON:";
    throw new UsageError(`${where} ${what} ${err.reason} at ${lineColumn(body, err.at)}`);
  }
  return JSON.parse(body);
}

/** Read and parse a JSON file; `what` names it in messages (e.g. `--config file "run.json"`). */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${what} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseJsonText(text, what);
}
