/** Labelled form controls bound to the state through a change handler that validates (returns an error or null). */

import { h } from "./dom.js";

/** One control: a number input or a select. `get` reads its value from the current state. */
export interface ControlSpec<S> {
  id: string;
  label: string;
  title?: string;
  type: "number" | "select";
  options?: readonly string[];
  step?: string;
  get(s: S): string;
  /** disabled for this state (e.g. Adam's β when the optimizer is GD) */
  disabled?(s: S): boolean;
  /** apply a new value; returns an error message to show, or null */
  set(value: string): string | null;
}

/** A bound control group: `refresh` re-reads every value from the state. */
export interface ControlGroup<S> {
  element: HTMLElement;
  refresh(s: S): void;
}

/** Render controls into a fieldset with a live error line. */
export function controlGroup<S>(legend: string, specs: ControlSpec<S>[], state: S): ControlGroup<S> {
  const error = h("p", { class: "error", role: "alert", "aria-live": "assertive" });
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const rows = specs.map((c) => {
    const input =
      c.type === "select"
        ? h("select", { id: c.id, name: c.id }, ...(c.options ?? []).map((o) => h("option", { value: o }, o)))
        : h("input", { id: c.id, name: c.id, type: "text", inputmode: "decimal", step: c.step, autocomplete: "off" });
    input.addEventListener("change", () => {
      const msg = c.set(input.value.trim());
      error.textContent = msg ?? "";
      input.setAttribute("aria-invalid", msg ? "true" : "false");
    });
    inputs.set(c.id, input);
    return h("div", { class: "ctl", title: c.title }, h("label", { for: c.id }, c.label), input);
  });
  const element = h("fieldset", {}, h("legend", {}, legend), ...rows, error);
  const refresh = (s: S) => {
    for (const c of specs) {
      const input = inputs.get(c.id)!;
      const invalid = input.getAttribute("aria-invalid") === "true";
      // a rejected value being edited stays; otherwise the field shows the state, and so is valid again
      if (document.activeElement === input && invalid) continue;
      input.value = c.get(s);
      input.disabled = c.disabled?.(s) ?? false;
      if (invalid) input.setAttribute("aria-invalid", "false");
    }
    if (![...inputs.values()].some((i) => i.getAttribute("aria-invalid") === "true")) error.textContent = "";
  };
  refresh(state);
  return { element, refresh };
}
