#!/usr/bin/env node
// The code census of issue 18: lines per folder, the largest files and functions, `as unknown as` casts and import
// cycles over src/ and web/src/. `node scripts/census.mjs [--json]`. The limits it reports against (400 lines a file,
// 80 a function) are those test/layers.test.ts enforces; the AssemblyScript kernel (assembly/) is outside both.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const ROOTS = ["src", "web/src"];
const FILE_LIMIT = 400;
const FUNCTION_LIMIT = 80;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every function-like node's span in lines, named by its nearest declaration. */
function functionSpans(path, text) {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const spans = [];
  const line = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  const nameOf = (node) => {
    if (node.name && ts.isIdentifier(node.name)) return node.name.text;
    const p = node.parent;
    if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name)
      return p.name.getText(sf);
    if (ts.isConstructorDeclaration(node)) return "constructor";
    return "(anonymous)";
  };
  const visit = (node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const lines = line(node.getEnd()) - line(node.getStart(sf)) + 1;
      spans.push({ name: nameOf(node), lines, line: line(node.getStart(sf)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return spans;
}

/** Relative imports (static, dynamic and `export … from`) resolved to files, for the cycle search. */
function importsOf(path, text) {
  const out = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)) {
    const target = resolve(dirname(path), m[1]).replace(/\.js$/, ".ts");
    out.push(target);
  }
  return out;
}

/** Tarjan's strongly connected components; a component of more than one file is an import loop. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const found = [];
  const strong = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!info.has(w)) {
        strong(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) found.push(comp);
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) strong(v);
  return found;
}

export function census(root = ROOT) {
  const all = ROOTS.flatMap((r) => files(join(root, r)));
  const perFolder = {};
  const fileLines = [];
  const fns = [];
  const graph = new Map();
  let casts = 0;
  for (const path of all) {
    const text = readFileSync(path, "utf8");
    const rel = relative(root, path);
    const n = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    const folder = rel.startsWith("web/") ? "web/src" : rel.split("/").slice(0, 2).join("/");
    perFolder[folder] = (perFolder[folder] ?? 0) + n;
    fileLines.push({ file: rel, lines: n });
    for (const f of functionSpans(path, text)) fns.push({ file: rel, ...f });
    casts += (text.match(/as unknown as/g) ?? []).length;
    graph.set(path, importsOf(path, text));
  }
  fileLines.sort((a, b) => b.lines - a.lines);
  fns.sort((a, b) => b.lines - a.lines);
  return {
    perFolder,
    total: fileLines.reduce((s, f) => s + f.lines, 0),
    largestFiles: fileLines.slice(0, 10),
    filesOverLimit: fileLines.filter((f) => f.lines > FILE_LIMIT),
    largestFunctions: fns.slice(0, 10),
    functionsOverLimit: fns.filter((f) => f.lines > FUNCTION_LIMIT),
    asUnknownAs: casts,
    importCycles: cycles(graph).map((c) => c.map((p) => relative(root, p)).sort()),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const c = census();
  if (process.argv.includes("--json")) console.log(JSON.stringify(c, null, 2));
  else {
    console.log(`lines: ${c.total}`);
    for (const [k, v] of Object.entries(c.perFolder).sort()) console.log(`  ${k.padEnd(20)} ${v}`);
    console.log(`files over ${FILE_LIMIT} lines: ${c.filesOverLimit.length}`);
    for (const f of c.filesOverLimit) console.log(`  ${f.lines}  ${f.file}`);
    console.log(`functions over ${FUNCTION_LIMIT} lines: ${c.functionsOverLimit.length}`);
    for (const f of c.functionsOverLimit) console.log(`  ${f.lines}  ${f.file}:${f.line} ${f.name}`);
    console.log("largest functions:");
    for (const f of c.largestFunctions.slice(0, 5)) console.log(`  ${f.lines}  ${f.file}:${f.line} ${f.name}`);
    console.log(`as unknown as: ${c.asUnknownAs}`);
    console.log(`import cycles: ${c.importCycles.length}`);
    for (const cyc of c.importCycles) console.log(`  ${cyc.join(" <-> ")}`);
  }
}
