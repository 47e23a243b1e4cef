/** The bootstrap and interval options shared by `sweep export --aggregate` and `critical`. */

import type { Command } from "commander";
import { commandFields } from "../config/commandOptions.js";
import { parseOption } from "../config/schema.js";
import { defaultIntervalOptions, type IntervalOptions } from "../experiments/aggregate.js";

/** --level, --resamples and --boot-seed (addBootstrapOptions), and --interval. */
export interface IntervalFlags {
  interval?: string;
  level?: string;
  resamples?: string;
  bootSeed?: string;
}

/** --level, --resamples and --boot-seed (read by intervalOptions). */
export function addBootstrapOptions(cmd: Command, resamplesHelp: string, resamples: string): Command {
  return cmd
    .option("--level <p>", commandFields.level.help, "0.95")
    .option("--resamples <k>", resamplesHelp, resamples)
    .option("--boot-seed <s>", commandFields.bootSeed.help, "0");
}

/** The interval of `sweep export --aggregate` (and the bootstrap of `critical`), checked by the schema. */
export function intervalOptions(opts: IntervalFlags): IntervalOptions {
  const { interval, level, resamples, bootSeed } = commandFields;
  return {
    method: parseOption(interval, opts.interval ?? interval.default),
    level: parseOption(level, opts.level ?? defaultIntervalOptions.level),
    resamples: parseOption(resamples, opts.resamples ?? defaultIntervalOptions.resamples),
    seed: parseOption(bootSeed, opts.bootSeed ?? 0),
  };
}
