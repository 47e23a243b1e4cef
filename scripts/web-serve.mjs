// A tiny static server for the built explorer (dist/explorer/), on localhost only. Used by `npm run web`, the browser
// tests and `npm run web:shots`. Usage: node scripts/web-serve.mjs [--port 5173]
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
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
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
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
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://127.0.0.1:${p}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 5173);
  try {
    statSync(join(EXPLORER_DIR, "index.html"));
  } catch {
    console.error("dist/explorer/ is not built: run `npm run web` (or node scripts/web-build.mjs)");
    process.exit(1);
  }
  const { url } = await serveExplorer(EXPLORER_DIR, port);
  console.log(`grokedge explorer: ${url}  (Ctrl-C to stop)`);
}
