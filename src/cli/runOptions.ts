/** The run-configuration flags, generated from the one schema (src/config/run.ts), and `--config FILE` loading. */

import { accessSync, closeSync, constants, existsSync, openSync, rmSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import type { Command } from "commander";
import { readJsonFile } from "../config/jsonFile.js";
import { type RawLayer, type RunConfig, resolveRunConfig, runFields } from "../config/run.js";
import { describeKind, type Field, fileNamer, flagNamer, UsageError } from "../config/schema.js";
import { NAME_MAX, tempPathFor, writeTarget } from "../store/atomicFile.js";
import { ResultsStore } from "../store/resultsStore.js";

/** Commander's attribute name for a flag ("test-size" → "testSize"). */
function attributeName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Commander's attribute name of a flag, as a type ("test-size" → "testSize"). */
type AttributeName<S extends string> = S extends `${infer H}-${infer C}${infer R}`
  ? `${H}${Uppercase<C>}${AttributeName<R>}`
  : S;

/** The values commander gives for the options of a field table: each one's text as typed, when given. */
export type FieldFlags<F extends readonly Field[]> = { [E in F[number] as AttributeName<E["flag"]>]?: string };

/** The run settings' flags and `--config FILE`, as commander gives them. */
export type RunFlags = FieldFlags<typeof runFields> & { config?: string };

/**
 * Add one string-valued option per schema field (validation happens in the schema, not in commander); the help shows
 * each field's default, or the command's own where `defaults` gives one.
 */
export function addFieldOptions(
  cmd: Command,
  fields: readonly Field[],
  defaults: Readonly<Record<string, unknown>> = {},
): Command {
  for (const f of fields) {
    const def = defaults[f.key] ?? f.default;
    const suffix = def === undefined ? "" : ` (default: ${def})`;
    cmd.option(`--${f.flag} <value>`, `${f.help}; ${describeKind(f.kind)}${suffix}`);
  }
  return cmd;
}

/** The raw flag values the user gave, keyed by the user's names. */
export function givenFieldValues<const F extends readonly Field[]>(
  opts: FieldFlags<F>,
  fields: F,
): Record<string, unknown> {
  const given: Record<string, unknown> = { ...opts };
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = given[attributeName(f.flag)];
    if (v !== undefined) out[f.flag] = v;
  }
  return out;
}

/** The keys of a run as `grokedge train --format json` writes it: its config is taken as a config file. */
const RUN_JSON_KEYS = ["config", "checkpoints", "summary"];

/** Read a JSON config file into a raw layer; every failure is a one-line UsageError. */
export function readConfigLayer(path: string): RawLayer {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(`--config must be an existing JSON file (got "${path}")`);
  }
  const parsed = readJsonFile(path, `--config file "${path}"`);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--config file "${path}" must hold a JSON object of settings (got ${JSON.stringify(parsed)})`);
  }
  const obj = parsed as Record<string, unknown>;
  const config = obj.config;
  const isRun = Object.keys(obj).every((k) => RUN_JSON_KEYS.includes(k));
  if (isRun && typeof config === "object" && config !== null && !Array.isArray(config)) {
    // a run written by `grokedge train --format json`: rerun its configuration
    return { values: config as Record<string, unknown>, namer: fileNamer(path), where: `the config of ${path}` };
  }
  return { values: obj, namer: fileNamer(path), where: path };
}

/** Resolve a RunConfig from `--config` (if any) overridden by flags. */
export function runConfigFromOptions(opts: RunFlags, base?: RunConfig, allocates = true): RunConfig {
  const layers: RawLayer[] = [];
  if (opts.config !== undefined) layers.push(readConfigLayer(opts.config));
  layers.push({ values: givenFieldValues(opts, runFields), namer: flagNamer, where: "the command line" });
  return resolveRunConfig(layers, base, allocates);
}

/** The nearest existing ancestor of a path (the path itself if it exists). */
function existingAncestor(full: string): string {
  let p = full;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * An output file, probed before any work so that nothing is computed only to be lost: a symlink is followed to its
 * real target; an existing device or fifo (written through, see store/atomicFile.ts) must be writable; otherwise every
 * name on the way must fit NAME_MAX, the nearest existing ancestor of its folder must be a writable directory, and
 * where the folder exists a temporary file of the very name the write will use is created and removed there.
 */
export function checkOutputPath(flag: string, path: string): string {
  const full = resolve(path);
  if (path.endsWith("/") || (existsSync(full) && statSync(full).isDirectory())) {
    throw new UsageError(`${flag} must be a file path, not a directory (got "${path}")`);
  }
  checkNameLengths(flag, full, path);
  const target = writeTarget(full, flag);
  if (target.kind === "through") {
    try {
      accessSync(target.path, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} must be writable, but "${path}" is not`);
    }
    return full;
  }
  checkNameLengths(flag, target.path, path);
  const dir = dirname(target.path);
  checkOutputDir(flag, dir, path);
  if (existsSync(dir)) probeWrite(flag, tempPathFor(target.path), path);
  return full;
}

/** Every name on the path fits NAME_MAX bytes. */
function checkNameLengths(flag: string, full: string, shown: string): void {
  const long = full.split(sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long !== undefined) {
    throw new UsageError(
      `${flag} has a name of ${Buffer.byteLength(long)} bytes, longer than the ${NAME_MAX} allowed (got "${shown}")`,
    );
  }
}

/** Create and remove `tmp`: the folder takes a file of that name (read-only mounts, quotas, name rules). */
function probeWrite(flag: string, tmp: string, shown: string): void {
  try {
    closeSync(openSync(tmp, "wx"));
    rmSync(tmp, { force: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EEXIST") return; // our own temporary name is taken by ourselves: the folder is writable
    throw new UsageError(`${flag} cannot be written (got "${shown}": ${e.code ?? e.message})`);
  }
}

/** An output directory: it or its nearest existing ancestor must be a directory. */
export function checkOutputDir(flag: string, dir: string, shown = dir): string {
  const full = resolve(dir);
  const anc = existingAncestor(full);
  if (!statSync(anc).isDirectory()) {
    throw new UsageError(`${flag} must be under a directory, but "${anc}" is a file (got "${shown}")`);
  }
  try {
    accessSync(anc, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} must be in a writable directory, but "${anc}" is not writable (got "${shown}")`);
  }
  return full;
}

/** A results store to read (plot, export): it must exist and be one; opened read-only. */
export function openStoreForReading(path: string): ResultsStore {
  const full = existingFile("--db", path);
  try {
    return new ResultsStore(full, { readonly: true });
  } catch (err) {
    throw new UsageError(`--db must be a grokedge results store (got "${path}": ${(err as Error).message})`);
  }
}

/** An input file that must exist (a results store to read, a data file). */
export function existingFile(flag: string, path: string): string {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isFile()) {
    throw new UsageError(`${flag} must be an existing file (got "${path}")`);
  }
  return full;
}
