// The atomic writer never replaces what is not a regular file, follows symlinks, fsyncs, cleans up after killed
// writers and takes long names; the CLI probes --out before any work (issue 17, defects 1 and 3).
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tempPathFor, writeFileAtomic } from "../../src/store/atomicFile.js";
import { deadPid, grokedge, MAIN, tempDir } from "../helpers.js";

const fsyncs = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fsyncSync = (fd: number) => {
    fsyncs.count++;
    fs.fsyncSync(fd);
  };
  return { ...fs, default: { ...fs, fsyncSync }, fsyncSync };
});

const TINY = ["--N", "20", "--d", "5", "--epochs", "10", "--test-size", "10", "--no-store", "--quiet"];

describe("writeFileAtomic", () => {
  it("writes through a character device instead of replacing it", () => {
    const dir = tempDir();
    const dev = join(dir, "null");
    const made = spawnSync("mknod", [dev, "c", "1", "3"]);
    expect(made.status).toBe(0);
    writeFileAtomic(dev, "hello\n");
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(["null"]); // no temporary left either
  });

  it("writes through a fifo (a reader gets the data; the fifo stays a fifo)", () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // the same through our writer, from a child (a fifo blocks until read)
    const script = `import("${new URL("../../dist/store/atomicFile.js", import.meta.url).pathname}").then(m => m.writeFileAtomic(process.argv[1], "via writer\\n"))`;
    const both = spawnSync("sh", ["-c", `node -e '${script}' ${fifo} & cat ${fifo}; wait`], { encoding: "utf8" });
    expect(both.stdout).toBe("via writer\n");
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it("writes through a symlink to a real file: the link stays, its target gets the data", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "elsewhere"));
    const real = join(dir, "elsewhere", "real.json");
    writeFileSync(real, "old");
    symlinkSync(real, join(dir, "link.json"));
    writeFileAtomic(join(dir, "link.json"), "new");
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.json"))).toBe(real);
    expect(readFileSync(real, "utf8")).toBe("new");
    // a dangling link names the file to create
    symlinkSync("elsewhere/created.json", join(dir, "dangling.json"));
    writeFileAtomic(join(dir, "dangling.json"), "made");
    expect(lstatSync(join(dir, "dangling.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "elsewhere", "created.json"), "utf8")).toBe("made");
  });

  it("keeps the permissions of a file it replaces and fsyncs the file and its folder", () => {
    const dir = tempDir();
    const f = join(dir, "a.txt");
    writeFileSync(f, "old", { mode: 0o640 });
    const before = fsyncs.count;
    writeFileAtomic(f, "new");
    expect(readFileSync(f, "utf8")).toBe("new");
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(fsyncs.count - before).toBe(2);
  });

  it("removes temporaries left by dead writers of the same name, not those of live ones or other names", () => {
    const dir = tempDir();
    const f = join(dir, "result.json");
    const stale = tempPathFor(f, deadPid());
    const live = tempPathFor(f, process.ppid);
    const other = tempPathFor(join(dir, "other.json"), deadPid());
    for (const p of [stale, live, other]) writeFileSync(p, "partial");
    writeFileAtomic(f, "whole");
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(readFileSync(f, "utf8")).toBe("whole");
  });

  it("writes a 250-character name (its temporary name is cut to fit)", () => {
    const dir = tempDir();
    const f = join(dir, `${"é".repeat(10)}${"a".repeat(235)}`); // 255 bytes, 245 characters
    writeFileAtomic(f, "x");
    expect(readFileSync(f, "utf8")).toBe("x");
    const g = join(dir, "b".repeat(250));
    writeFileAtomic(g, "y");
    expect(readFileSync(g, "utf8")).toBe("y");
    expect(readdirSync(dir).sort()).toEqual([f, g].map((p) => p.slice(dir.length + 1)).sort());
  });
});

describe("--out is probed before any work", () => {
  it("train --out ./null (a device) and ./stdout (a link to fd 1) are written through, not replaced", () => {
    const dir = tempDir();
    expect(spawnSync("mknod", [join(dir, "null"), "c", "1", "3"]).status).toBe(0);
    symlinkSync("/proc/self/fd/1", join(dir, "stdout"));
    const a = grokedge(["train", ...TINY, "--out", "./null"], dir);
    expect(a.code).toBe(0);
    expect(statSync(join(dir, "null")).isCharacterDevice()).toBe(true);
    // through a shell pipe: Node's own child stdio is a socket, which cannot be opened by name (refused, exit 2)
    const b = spawnSync("sh", ["-c", `"${process.execPath}" "${MAIN}" train ${TINY.join(" ")} --out ./stdout | cat`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(b.status).toBe(0);
    expect(JSON.parse(b.stdout).config.N).toBe(20);
    const socket = grokedge(["train", ...TINY, "--out", "./stdout"], dir);
    expect(socket.code).toBe(2);
    expect(socket.stderr).toMatch(/^error: --out must not be a socket/);
    expect(lstatSync(join(dir, "stdout")).isSymbolicLink()).toBe(true);
  });

  it("train and toy1d take a 250-character --out", () => {
    const dir = tempDir();
    const name = "c".repeat(250);
    expect(grokedge(["train", ...TINY, "--out", name], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, name), "utf8")).config.d).toBe(5);
    const toy = grokedge(["toy1d", "--no-store", "--t-max", "1e3", "--out", `t${name.slice(1)}`], dir);
    expect(toy.code).toBe(0);
    expect(existsSync(join(dir, `t${name.slice(1)}`))).toBe(true);
  });

  it("export and sweep export take a 250-character --out", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "spec.json"),
      JSON.stringify({ name: "s", base: { N: 20, d: 5, epochs: 10, "test-size": 10 }, grid: { sigma: [1, 5] } }),
    );
    expect(grokedge(["sweep", "run", "spec.json", "--db", "s.sqlite", "--quiet"], dir).code).toBe(0);
    const a = "x".repeat(250);
    const e = grokedge(["export", "--db", "s.sqlite", "--out", a], dir);
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(join(dir, a), "utf8").split("\n")[0]).toMatch(/^run_id,run_group,lambda/);
    const b = "y".repeat(250);
    const s = grokedge(["sweep", "export", "s", "--db", "s.sqlite", "--out", b], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(dir, b), "utf8").split("\n")).toHaveLength(4); // header, 2 cells, final newline
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a name too long, a folder that is a file and a read-only folder with exit 2, before any work", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "x");
    const long = grokedge(["train", ...TINY, "--epochs", "100000000", "--out", "d".repeat(256)], dir);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/^error: --out has a name of 256 bytes, longer than the 255 allowed/);
    expect(long.stderr.trim().split("\n")).toHaveLength(1);
    const under = grokedge(["train", ...TINY, "--epochs", "100000000", "--out", "file/x.json"], dir);
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/--out must be under a directory, but ".*file" is a file/);
    const toy = grokedge(["toy1d", "--no-store", "--out", "e".repeat(300)], dir);
    expect(toy.code).toBe(2);
    expect(toy.stderr).toMatch(/--out has a name of 300 bytes/);
    const ro = grokedge(["train", ...TINY, "--epochs", "100000000", "--out", "/proc/version.json"], dir);
    expect(ro.code).toBe(2);
    expect(ro.stderr).toMatch(/^error: --out /);
  });

  it("figure and report: an out folder in the way of a file is a one-line exit-2 error, not EEXIST", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "fig3"), "in the way");
    const fig = grokedge(["figure", "3", "--out-dir", dir, "--db", join(dir, "s.sqlite"), "--quiet"]);
    expect(fig.code).toBe(2);
    expect(fig.stderr).toMatch(/^error: --out-dir must be under a directory, but ".*fig3" is a file/);
    expect(fig.stderr).not.toMatch(/EEXIST|internal/);
    expect(existsSync(join(dir, "s.sqlite"))).toBe(false); // nothing done
    const root = tempDir();
    mkdirSync(join(root, "fig3"));
    writeFileSync(join(root, "fig3", "fig3.json"), JSON.stringify({ figure: "3", title: "t", checks: [] }));
    writeFileSync(join(root, "fig3", "fig3.svg"), "<svg/>");
    writeFileSync(join(root, "report"), "in the way");
    const rep = grokedge(["report", "--out-dir", root]);
    expect(rep.code).toBe(2);
    expect(rep.stderr).toMatch(/^error: --out-dir must be under a directory, but ".*report" is a file/);
    expect(rep.stderr.trim().split("\n")).toHaveLength(1);
  });
});
