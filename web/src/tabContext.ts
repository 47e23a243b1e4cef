/** What a tab needs from the app (web/src/main.ts). */

import type { WebState } from "../../src/web/state.js";

export interface TabContext {
  state(): WebState;
  /** replace the state (URL updated); restart the run when the run config changed */
  update(next: WebState): void;
  /** the run's data changed (a dropped file): show its CLI command */
  dataChanged(): void;
}
