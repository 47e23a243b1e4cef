/**
 * "Your data": a CSV dropped on (or chosen in) the training tab, read and parsed in the page with the CLI's own rules
 * (src/config/ownData.ts: the parser behind `train --data`), never uploaded and never in the URL. Optional labels (a
 * second CSV, ±1 or 0/1, one per row) and the labelled form (`labelled-bias`). Problems show as one line.
 */

import {
  checkCsvSize,
  checkNotConstant,
  type OwnDataset,
  ownDataConfig,
  ownDataFields,
  parseCsvMatrix,
  parseLabelsCsv,
} from "../../src/config/ownData.js";
import type { RunConfig } from "../../src/config/run.js";
import { UsageError } from "../../src/config/schema.js";
import { BROWSER_LIMITS, checkBrowserLimits, type OwnDataNames } from "../../src/web/state.js";
import { h } from "./dom.js";

/** The user's points as the page holds them, with the names of the files they came from. */
export interface OwnData {
  data: OwnDataset;
  names: OwnDataNames;
}

const DATA = "data file";
const LABELS = "labels file";

/** A file's text, refused above the page's size limit before it is read. */
async function readCsv(file: File, flag: string): Promise<string> {
  checkCsvSize(file.size, flag, file.name, BROWSER_LIMITS.csvBytes, "the CLI reads larger files (train --data)");
  return file.text();
}

/** Parse the chosen files into points (and labels), checked as `train --data` checks them and against the limits. */
async function parseFiles(dataFile: File, labelsFile: File | null, bias: "on" | "off", run: RunConfig) {
  const data: OwnDataset = checkNotConstant(
    parseCsvMatrix(await readCsv(dataFile, DATA), DATA, dataFile.name),
    DATA,
    dataFile.name,
  );
  checkBrowserLimits(ownDataConfig(run, data));
  if (labelsFile) {
    data.y = parseLabelsCsv(await readCsv(labelsFile, LABELS), data.n, LABELS, labelsFile.name, `the ${DATA}`);
    data.biasFree = bias === "off";
  }
  const names = { data: dataFile.name, labels: labelsFile?.name ?? null, labelledBias: bias };
  return { data, names };
}

/** The panel; `onChange` receives the new data (null: back to the configuration's draw). */
export function dataDrop(run: () => RunConfig, onChange: (own: OwnData | null) => void) {
  let dataFile: File | null = null;
  let labelsFile: File | null = null;
  let own: OwnData | null = null;
  const fileInput = h("input", { type: "file", id: "data-file", accept: ".csv,text/csv" });
  const labelsInput = h("input", { type: "file", id: "labels-file", accept: ".csv,text/csv" });
  const biasField = ownDataFields[0];
  const bias = h("select", { id: "data-bias", title: biasField.help }, h("option", {}, "on"), h("option", {}, "off"));
  const status = h("p", { class: "status", id: "data-status", role: "status", "data-state": "none" });
  const show = (state: string, text: string) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  const clear = () => {
    dataFile = labelsFile = own = null;
    fileInput.value = labelsInput.value = "";
    show("none", "Training on the configuration's draw.");
    onChange(null);
  };
  const load = async () => {
    if (!dataFile) return;
    try {
      own = await parseFiles(dataFile, labelsFile, bias.value as "on" | "off", run());
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      if (own) {
        own = null; // what was loaded before is not what the visitor chose: back to the draw
        onChange(null);
      }
      show("error", `error: ${err.message}`);
      return;
    }
    const { n, d } = own.data;
    const labels = own.names.labels ? `, labels ${own.names.labels}, bias ${own.names.labelledBias}` : "";
    show(
      "loaded",
      `Training on ${own.names.data} (N = ${n}, d = ${d}${labels}): kept in this page only — not uploaded, not in the URL; a reload returns to the draw.`,
    );
    onChange(own);
  };
  fileInput.addEventListener("change", () => {
    dataFile = fileInput.files?.[0] ?? null;
    void load();
  });
  labelsInput.addEventListener("change", () => {
    labelsFile = labelsInput.files?.[0] ?? null;
    void load();
  });
  bias.addEventListener("change", () => void load());
  const element = h(
    "fieldset",
    { class: "drop", id: "data-drop" },
    h("legend", {}, "Your data (stays in this page)"),
    h("p", {}, "Drop a CSV here: one point per row, comma-separated numbers, no header. It fixes N and d."),
    h("label", { for: "data-file" }, "points "),
    fileInput,
    h("label", { for: "labels-file" }, "labels (optional, ±1 or 0/1) "),
    labelsInput,
    h("label", { for: "data-bias" }, "labelled: bias "),
    bias,
    h("button", { type: "button", id: "data-clear", onclick: clear }, "Use the draw"),
    status,
  );
  element.addEventListener("dragover", (e) => {
    e.preventDefault();
    element.classList.add("over");
  });
  element.addEventListener("dragleave", () => element.classList.remove("over"));
  element.addEventListener("drop", (e) => {
    e.preventDefault();
    element.classList.remove("over");
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    dataFile = file;
    void load();
  });
  show("none", "Training on the configuration's draw.");
  return { element, current: () => own };
}
