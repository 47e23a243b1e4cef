/**
 * Opening a results store's file: a regular file only; read-only stores opened in place, or from memory when their
 * medium cannot take a WAL store's -shm file; a path ATTACH can read for a merge.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import { UsageError } from "../config/schema.js";

/** A store path must be a regular file where it exists (not a device, a fifo or a folder). */
export function checkStoreFile(path: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return; // created when opened for writing; a reader's open reports a missing file
  }
  if (!st.isFile()) throw new UsageError(`"${path}" must be a regular file to be a results store`);
}

/** Open an existing store read-only in place; throws when the medium cannot take a WAL store's -shm file. */
function openInPlace(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.prepare("SELECT COUNT(*) FROM sqlite_master").get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** An open failure that a read-only medium explains (SQLite cannot create or lock the -shm file there). */
function readOnlyMediumError(err: unknown): boolean {
  return /^SQLITE_(READONLY|CANTOPEN)/.test((err as { code?: string }).code ?? "");
}

/**
 * The bytes of a store that cannot be opened in place (a WAL store on a read-only medium), as a rollback-journal
 * image (header bytes 18–19 set to 1) that SQLite opens from memory. Only when no -wal file holds commits not yet
 * in the main file: those could not be read without writing.
 */
function storeImage(path: string, err: unknown): Buffer {
  const wal = statSync(`${path}-wal`, { throwIfNoEntry: false });
  if (wal && wal.size > 0) throw err;
  const bytes = readFileSync(path);
  if (bytes.length >= 20) bytes.fill(1, 18, 20);
  return bytes;
}

/**
 * Open an existing store read-only. A WAL store on a read-only medium (a read-only mount, an archive) cannot create
 * its -shm file: it is then read into memory and opened from there, nothing written next to it.
 */
export function openReadOnly(path: string): Database.Database {
  try {
    return openInPlace(path);
  } catch (err) {
    if (!readOnlyMediumError(err)) throw err;
    return new Database(storeImage(path, err), { readonly: true });
  }
}

/** A path ATTACH can read: the store itself, or a temporary copy of it when its medium is read-only. */
export function attachable(path: string): { attach: string; done: () => void } {
  try {
    openInPlace(path).close();
    return { attach: path, done: () => {} };
  } catch (err) {
    if (!readOnlyMediumError(err)) throw err;
    const dir = mkdtempSync(join(tmpdir(), "grokedge-merge-"));
    const copy = join(dir, basename(path));
    writeFileSync(copy, storeImage(path, err));
    return { attach: copy, done: () => rmSync(dir, { recursive: true, force: true }) };
  }
}
