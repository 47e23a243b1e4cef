/**
 * One `sweep run` at a time per sweep slice and store. The store keeps each cell once whatever happens (saveCell), but
 * two runs of the same slice started together would each compute every cell; so a run claims its slice with a lock
 * file beside the store (created exclusively), and a second run refuses before any work. A lock left by a process that
 * is gone (kill -9, on this host) is taken over; one from another host names that host, since its liveness cannot be
 * checked from here.
 */

import { createHash } from "node:crypto";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { UsageError } from "../config/schema.js";

interface LockBody {
  pid: number;
  host: string;
  started: string;
}

/** The lock file of a slice of sweep `key` in the store at `dbPath` (beside it; one per slice). */
export function sweepLockPath(dbPath: string, key: string, slice: string): string {
  const id = createHash("sha256").update(`${key}\n${slice}`).digest("hex").slice(0, 16);
  return `${dbPath}.sweep-${id}.lock`;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // it exists, owned by someone else
  }
};

/** The lock's holder, or null when the lock is stale (its process gone from this host, or the file unreadable). */
function holder(path: string): LockBody | null {
  let body: LockBody;
  try {
    body = JSON.parse(readFileSync(path, "utf8")) as LockBody;
  } catch {
    return null; // killed between creating and writing it, or removed meanwhile
  }
  if (typeof body?.pid !== "number" || typeof body.host !== "string") return null;
  return body.host === hostname() && !alive(body.pid) ? null : body;
}

/**
 * Claim the slice `slice` ("0/1", "2/3") of sweep `name` (key `key`) in the store at `dbPath`, or throw a UsageError
 * naming the run that holds it. Returns the release, which is also run when the process exits.
 */
export function claimSweepSlice(dbPath: string, key: string, slice: string, name: string): () => void {
  const path = sweepLockPath(dbPath, key, slice);
  const body: LockBody = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(body), { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const other = holder(path);
      if (other !== null || attempt > 0) {
        const who = other ? `pid ${other.pid} on ${other.host} (since ${other.started})` : "another process";
        throw new UsageError(
          `sweep "${name}" (slice ${slice}) is already being run into this --db by ${who}: wait for it, or run another --shard; if that process is gone, delete ${path}`,
        );
      }
      unlinkSync(path); // stale: its process is gone
    }
  }
  const release = () => {
    process.off("exit", release);
    try {
      if ((JSON.parse(readFileSync(path, "utf8")) as LockBody).pid === process.pid) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on("exit", release);
  return release;
}
