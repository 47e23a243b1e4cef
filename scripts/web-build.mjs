// Builds the explorer (web/) with Vite into dist/explorer/. Needs the WASM kernel's generated module
// (npm run build:wasm), which `npm run web` builds first.
import { existsSync } from "node:fs";
import { build } from "vite";

if (!existsSync(new URL("../src/core/wasmKernelBytes.generated.ts", import.meta.url))) {
  console.error("missing src/core/wasmKernelBytes.generated.ts: run `npm run build:wasm` first");
  process.exit(1);
}
await build({ configFile: new URL("../web/vite.config.ts", import.meta.url).pathname });
console.log("built dist/explorer/");
