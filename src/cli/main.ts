#!/usr/bin/env node
/** The `grokedge` command line. Bad input: one line `error: …` on stderr and exit code 2, never a stack trace. */

import { Command, CommanderError } from "commander";
import { UsageError } from "../config/schema.js";
import { registerCritical } from "./criticalCommand.js";
import { registerExport } from "./exportCommand.js";
import { registerFigure } from "./figureCommand.js";
import { registerPlot } from "./plotCommand.js";
import { registerReport } from "./reportCommand.js";
import { exitWithLauncher } from "./safeExit.js";
import { registerSweep } from "./sweepCommand.js";
import { registerTheory } from "./theoryCommands.js";
import { registerToy1d } from "./toy1dCommand.js";
import { registerTrain } from "./trainCommand.js";
import { VERSION } from "./version.js";
import { registerWorker } from "./workerCommand.js";

function buildProgram(): Command {
  const program = new Command("grokedge")
    .description(
      "Grokking at the edge of linear separability (Beck, Levi, Bar-Sinai, ICML 2025): train, plot, reproduce",
    )
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride();
  registerTrain(program);
  registerFigure(program);
  registerPlot(program);
  registerReport(program);
  registerExport(program);
  registerTheory(program);
  registerToy1d(program);
  registerSweep(program);
  registerCritical(program);
  registerWorker(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0); // a command may set a non-zero status without failing (figure --check)
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its one-line message (or the help / version text)
      const benign = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(err.code);
      return benign || err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.syscall === "string" && typeof e.code === "string") {
      // the system refused an operation (a full disk, an I/O error): not a bug of ours, one line, exit 1
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`error: internal: ${e.message ?? String(err)}\n`);
    if (process.env.GROKEDGE_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

/**
 * Output that cannot be written. A reader that stops early (`grokedge … | head`) closes the pipe: that is not an error
 * of ours, exit 0 quietly. Any other failure (`> /dev/full`: ENOSPC, EIO) loses the output: one line on stderr, exit 1,
 * no stack trace.
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code === "EPIPE") process.exit(0);
  try {
    process.stderr.write(`error: cannot write the output to stdout: ${err.message}\n`);
  } finally {
    process.exit(1);
  }
}
process.stdout.on("error", onStdoutError);

exitWithLauncher(); // a relaunched child (safeExit.ts) dies with its launcher
process.exitCode = await main(process.argv);
