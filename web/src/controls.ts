/** Labelled form controls bound to the state through a change handler that validates (returns an error or null). */

import { h } from "./dom.js";

/** A range slider beside a number field: [min, max] in steps, on a log10 scale when `log` (min, max > 0 then). */
export interface SliderSpec {
  min: number;
  max: number;
  step: number;
  log?: boolean;
}

/** One control: a number input or a select. `get` reads its value from the current state. */
export interface ControlSpec<S> {
  id: string;
  label: string;
  title?: string;
  type: "number" | "select";
  options?: readonly string[];
  step?: string;
  /** a slider under the field; moving it shows the value in the field, releasing it applies it */
  slider?: SliderSpec;
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
  const sliders = new Map<string, (value: string) => void>();
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
    const row = h("div", { class: "ctl", title: c.title }, h("label", { for: c.id }, c.label), input);
    if (c.slider) row.append(sliderFor(c.slider, c, input as HTMLInputElement, sliders));
    return row;
  });
  const element = h("fieldset", {}, h("legend", {}, legend), ...rows, error);
  const refresh = (s: S) => {
    for (const c of specs) {
      const input = inputs.get(c.id)!;
      const invalid = input.getAttribute("aria-invalid") === "true";
      // a rejected value being edited stays; otherwise the field shows the state, and so is valid again
      if (document.activeElement === input && invalid) continue;
      input.value = c.get(s);
      sliders.get(c.id)?.(input.value);
      input.disabled = c.disabled?.(s) ?? false;
      if (invalid) input.setAttribute("aria-invalid", "false");
    }
    if (![...inputs.values()].some((i) => i.getAttribute("aria-invalid") === "true")) error.textContent = "";
  };
  refresh(state);
  return { element, refresh };
}

/** The slider of a number control, kept in step with its field; `sync` (registered under the id) follows the field. */
function sliderFor<S>(
  spec: SliderSpec,
  c: ControlSpec<S>,
  input: HTMLInputElement,
  sync: Map<string, (value: string) => void>,
): HTMLInputElement {
  const toSlider = (v: number) => (spec.log ? Math.log10(v) : v);
  const fromSlider = (u: number) => Number((spec.log ? 10 ** u : u).toPrecision(3));
  const slider = h("input", {
    type: "range",
    id: `${c.id}-slider`,
    class: "slider",
    min: String(toSlider(spec.min)),
    max: String(toSlider(spec.max)),
    step: String(spec.step),
    "aria-label": `${c.label} slider`,
  });
  slider.addEventListener("input", () => {
    input.value = String(fromSlider(Number(slider.value)));
  });
  slider.addEventListener("change", () => {
    input.value = String(fromSlider(Number(slider.value)));
    input.dispatchEvent(new Event("change"));
  });
  sync.set(c.id, (value) => {
    const v = Number(value);
    if (value !== "" && Number.isFinite(v) && (!spec.log || v > 0)) slider.value = String(toSlider(v));
  });
  return slider;
}
