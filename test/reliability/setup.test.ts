// The README's test command works on a fresh machine: scripts/setup.sh installs the tests' Debian packages, once,
// and CI uses the same script (issue 17, part 4).
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const SETUP = join(ROOT, "scripts/setup.sh");

describe("scripts/setup.sh", () => {
  it("is what the README's test command and .ci/run call", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8").split("\n");
    expect(readme[4]).toMatch(/^scripts\/setup\.sh && npm ci && npm test +# /);
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    expect(ci).toMatch(/^scripts\/setup\.sh$/m);
    expect(ci).not.toMatch(/apt-get/);
  });

  it("skips apt entirely when every package is present (the tests ran after it, so they are)", () => {
    // apt-get on PATH is a stub that records its calls: none may happen
    const bin = tempDir();
    const log = join(bin, "calls");
    writeFileSync(join(bin, "apt-get"), `#!/bin/sh\necho "$@" >> ${log}\n`);
    chmodSync(join(bin, "apt-get"), 0o755);
    const r = spawnSync("bash", [SETUP], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("setup: every package the tests need is present\n");
    expect(() => readFileSync(log)).toThrow(/ENOENT/);
  });

  it("runs apt-get update once, then installs only what is missing, non-interactively", () => {
    // a PATH without redis-server and munged (a copy of the rest), apt-get a stub
    const bin = tempDir();
    const log = join(bin, "calls");
    writeFileSync(join(bin, "apt-get"), `#!/bin/sh\necho "$DEBIAN_FRONTEND $@" >> ${log}\n`);
    chmodSync(join(bin, "apt-get"), 0o755);
    for (const tool of ["slurmctld", "slurmd", "sbatch", "id", "env"]) {
      const where = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      expect(where, tool).not.toBe("");
      writeFileSync(join(bin, tool), `#!/bin/sh\nexec ${where} "$@"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    writeFileSync(join(bin, "sudo"), '#!/bin/sh\nexec "$@"\n'); // as a non-root user it would ask sudo
    chmodSync(join(bin, "sudo"), 0o755);
    const bash = spawnSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();
    const r = spawnSync(bash, [SETUP], { encoding: "utf8", env: { PATH: bin } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^setup: installing munge redis-server\n/);
    expect(readFileSync(log, "utf8")).toBe(
      "noninteractive update -q\nnoninteractive install -y -q munge redis-server\n",
    );
  });
});
