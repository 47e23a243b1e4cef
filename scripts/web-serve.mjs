// A tiny static server for the built explorer (dist/explorer/), on localhost only. Used by `npm run web`, the browser
// tests and `npm run web:shots`. Usage: node scripts/web-serve.mjs [--port 5173] [--dir dist/explorer]
// A request it cannot decode gets 400, never a crash; a bad or busy port is one line `error: …` and exit 2.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const EXPLORER_DIR = fileURLToPath(new URL("../dist/explorer/", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** Serve `dir` on 127.0.0.1:`port` (0: an ephemeral port); resolves to { server, url }. */
export function serveExplorer(dir = EXPLORER_DIR, port = 0) {
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("bad request: the path is not valid percent-encoded UTF-8");
      return;
    }
    const rel = normalize(path === "/" ? "/index.html" : path).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, rel);
    let ok = file.startsWith(dir);
    try {
      ok = ok && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    createReadStream(file)
      .on("error", () => res.destroy())
      .pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://127.0.0.1:${p}/` });
    });
  });
}

/** The value after `flag` on the command line, if given. */
function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function usageError(message) {
  console.error(`error: ${message}`);
  process.exit(2);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const given = argValue("--port") ?? process.env.PORT ?? "5173";
  if (!/^[0-9]+$/.test(given) || Number(given) > 65535) {
    usageError(`--port must be an integer in 0…65535 (got "${given}")`);
  }
  const port = Number(given);
  const dir = argValue("--dir") === undefined ? EXPLORER_DIR : `${resolve(argValue("--dir"))}/`;
  try {
    statSync(join(dir, "index.html"));
  } catch {
    console.error(`${dir} is not built: run \`npm run web\` (or node scripts/web-build.mjs)`);
    process.exit(1);
  }
  try {
    const { url } = await serveExplorer(dir, port);
    console.log(`grokedge explorer: ${url}  (Ctrl-C to stop)`);
  } catch (err) {
    if (err.code === "EADDRINUSE") usageError(`--port ${port} is already in use on 127.0.0.1: give another --port`);
    if (err.code === "EACCES") usageError(`--port ${port} needs privileges to listen on: give a port above 1023`);
    throw err;
  }
}
