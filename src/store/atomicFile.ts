/**
 * Whole-or-nothing file writes. A regular file (or a missing one) is written as a temporary sibling, fsynced, then
 * renamed over the target (atomic on POSIX), and the folder is fsynced. A symlink is followed: the real target is
 * replaced, in its own folder, and the link stays. Anything else that exists (a character device such as /dev/null, a
 * fifo, /proc/self/fd/1) is written through, never replaced. A directory or a socket is refused. Temporary files left
 * by killed writers (`.NAME.PID.tmp` of a dead PID) are removed by the next write of the same name.
 */

import {
  chmodSync,
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../config/schema.js";

/** The longest file name (in bytes) of the file systems we write to (ext4, xfs, btrfs, tmpfs: 255). */
export const NAME_MAX = 255;

/** How a target is written: atomically replaced at `path` (a regular or missing file) or written through. */
export interface WriteTarget {
  kind: "replace" | "through";
  /** the real file written (symlinks resolved for "replace"; the given path for "through") */
  path: string;
}

function statOrUndefined(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/** Follow a chain of symlinks whose end may not exist yet (a dangling link names the file to create). */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const st = statOrUndefined(p, false);
    if (!st?.isSymbolicLink()) {
      // the folder may itself hold links: resolve its existing part
      const dir = dirname(p);
      const realDir = statOrUndefined(dir, true) ? realpathSync(dir) : dir;
      return join(realDir, basename(p));
    }
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new UsageError(`cannot write "${path}": too many levels of symbolic links`);
}

/** What writing `path` will do; `flag` names the option in errors (e.g. "--out"). */
export function writeTarget(path: string, flag = "output"): WriteTarget {
  const full = resolve(path);
  const st = statOrUndefined(full, true);
  if (st?.isDirectory()) throw new UsageError(`${flag} must be a file path, not a directory (got "${path}")`);
  if (st?.isSocket()) throw new UsageError(`${flag} must not be a socket (got "${path}")`);
  if (st && !st.isFile()) return { kind: "through", path: full }; // a device, a fifo, a terminal: write into it
  return { kind: "replace", path: st ? realpathSync(full) : followLinks(full) };
}

/** Truncate a string to at most `bytes` bytes of UTF-8 without splitting a character. */
function truncateBytes(s: string, bytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** The temporary name's prefix for a target's name: `.NAME.` with NAME cut so that `.NAME.PID.tmp` fits NAME_MAX. */
function tempPrefix(name: string): string {
  return `.${truncateBytes(name, NAME_MAX - 2 - 10 - 4)}.`; // PIDs have at most 10 digits (2^32)
}

/** The temporary sibling of `path` for process `pid`. */
export function tempPathFor(path: string, pid = process.pid): string {
  return join(dirname(path), `${tempPrefix(basename(path))}${pid}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // someone else's live process
  }
}

/** Remove `.NAME.PID.tmp` siblings of `path` left by processes that no longer run. */
export function removeStaleTemps(path: string): void {
  const prefix = tempPrefix(basename(path));
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = name.slice(prefix.length, -".tmp".length);
    if (!/^[0-9]+$/.test(pid) || Number(pid) === process.pid || alive(Number(pid))) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a folder (EINVAL, EISDIR): the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = writeTarget(path);
  if (target.kind === "through") {
    writeFileSync(target.path, data); // O_WRONLY|O_CREAT|O_TRUNC on an existing device or fifo: never replaced
    return;
  }
  const real = target.path;
  const dir = dirname(real);
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(real);
  const tmp = tempPathFor(real);
  const previous = statOrUndefined(real, true);
  try {
    const fd = openSync(tmp, "w", 0o666);
    try {
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      if (previous) chmodSync(tmp, previous.mode & 0o7777); // a replaced file keeps its permissions
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, real);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}
