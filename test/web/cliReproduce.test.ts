/** "Copy as CLI command" reproduces the page's numbers exactly: the page's stepper vs the built CLI. */
import { describe, expect, it } from "vitest";
import { cliCommand, parseQuery } from "../../src/web/state.js";
import { Trainer } from "../../src/web/trainer.js";
import { runCliCommand } from "./helpers.js";

describe("copy as CLI command", () => {
  for (const query of [
    "N=120&lambda=0.45&sigma=4&epochs=2000&seed=5",
    "N=100&lambda=0.52&sigma=2&epochs=500&optimizer=adam&beta1=0.8&beta2=0.9&loss=exp&s0=1&b0=-0.5",
  ]) {
    it(`reproduces the page's checkpoints bit for bit (${query})`, () => {
      const { state, error } = parseQuery(query);
      expect(error).toBeNull();
      const t = new Trainer(state.run);
      const rows = [];
      while (!t.done) rows.push(...t.advance(997).snapshots.map((s) => s.row));
      const cli = runCliCommand(cliCommand(state.run));
      expect(cli.checkpoints).toEqual(JSON.parse(JSON.stringify(rows))); // JSON: log10_t = −Infinity at epoch 0 reads null
    });
  }
});
