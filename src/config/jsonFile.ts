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
  const scan = new JsonScanner(text);
  scan.value();
  scan.ws();
  if (scan.i < text.length) scan.fail(`unexpected ${scan.describe()} after the value`);
}

/** A recursive-descent reader of JSON that only checks: `i` is the offset reached. */
class JsonScanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && " \t\n\r".includes(this.text[this.i])) this.i++;
  }

  fail(reason: string): never {
    throw new JsonSyntax(reason, this.i);
  }

  describe(): string {
    return this.i >= this.text.length ? "the end of the file" : `"${this.text[this.i]}"`;
  }

  expectChar(c: string): void {
    if (this.text[this.i] !== c) this.fail(`expected "${c}" but found ${this.describe()}`);
    this.i++;
  }

  string(): string {
    const { text } = this;
    const start = this.i;
    this.expectChar('"');
    while (this.i < text.length && text[this.i] !== '"') {
      if (text.charCodeAt(this.i) < 0x20) this.fail("a control character inside a string");
      if (text[this.i] === "\\") {
        this.i++;
        if (text[this.i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 1, this.i + 5))) this.fail("a bad \\u escape");
          this.i += 4;
        } else if (!'"\\/bfnrt'.includes(text[this.i] ?? "")) this.fail("a bad escape");
      }
      this.i++;
    }
    this.expectChar('"');
    return JSON.parse(text.slice(start, this.i)) as string;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === "{") this.object();
    else if (c === "[") this.array();
    else if (c === '"') this.string();
    else this.literal();
  }

  /** true, false, null or a number. */
  literal(): void {
    const literal = /true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    literal.lastIndex = this.i;
    const m = literal.exec(this.text);
    if (!m) this.fail(`unexpected ${this.describe()}`);
    this.i += (m as RegExpExecArray)[0].length;
  }

  /** An object; a key given twice is refused at the second. */
  object(): void {
    this.i++;
    const keys = new Set<string>();
    this.ws();
    if (this.text[this.i] === "}") {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const at = this.i;
      const key = this.string();
      if (keys.has(key)) throw new JsonSyntax(`duplicate key ${JSON.stringify(key)}`, at);
      keys.add(key);
      this.ws();
      this.expectChar(":");
      this.value();
      if (!this.more("}")) return;
    }
  }

  array(): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === "]") {
      this.i++;
      return;
    }
    do this.value();
    while (this.more("]"));
  }

  /** After a member: true past a comma, false past the closing `close`. */
  private more(close: string): boolean {
    this.ws();
    if (this.text[this.i] !== ",") {
      this.expectChar(close);
      return false;
    }
    this.i++;
    return true;
  }
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
