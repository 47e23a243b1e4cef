// The explorer's dev server survives an undecodable request (400), and a busy port is one line and exit 2
// (issue 17, defect 5).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";

const SCRIPT = new URL("../../scripts/web-serve.mjs", import.meta.url).pathname;
const { serveExplorer } = (await import(SCRIPT)) as {
  serveExplorer: (dir: string, port: number) => Promise<{ server: Server; url: string }>;
};

/** GET a raw path (sent as is, not normalised); resolves to the status code and body. */
function get(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url.replace(/\/$/, "")}${path}`, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += String(d);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("scripts/web-serve.mjs", () => {
  it("answers a path that is not valid percent-encoding with 400 and keeps serving", async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/index.html`, "<p>explorer</p>");
    const { server, url } = await serveExplorer(`${dir}/`, 0);
    try {
      const bad = await get(url, "/%E0%A4%A");
      expect(bad.status).toBe(400);
      const after = await get(url, "/");
      expect(after.status).toBe(200);
      expect(after.body).toBe("<p>explorer</p>");
    } finally {
      server.close();
    }
  });

  it("a busy port or a bad --port is one line on stderr and exit 2, no stack", async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/index.html`, "x");
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = spawnSync(process.execPath, [SCRIPT, "--port", String(port), "--dir", dir], { encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`error: --port ${port} is already in use on 127.0.0.1: give another --port\n`);
    } finally {
      blocker.close();
    }
    const bad = spawnSync(process.execPath, [SCRIPT, "--port", "http", "--dir", dir], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: --port must be an integer in 0…65535 (got "http")\n');
  });
});
