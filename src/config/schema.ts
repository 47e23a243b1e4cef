/**
 * A small declarative schema: one table of fields drives validation of CLI flags, config files, sweep specs and URL
 * query strings, with scikit-learn-style messages that name the parameter, the value and what is allowed.
 * Validation happens here, once, at the boundary; everything below trusts the typed result.
 */

/** A bad value from a user: printed as one line `error: <message>`, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type FieldKind =
  | { type: "int"; min: number; max?: number }
  | { type: "number"; min?: number; exclusiveMin?: number; max?: number; exclusiveMax?: number }
  | { type: "enum"; values: readonly string[] };

export interface Field {
  /** key in the typed object */
  key: string;
  /** the user's name for it: the CLI flag without dashes, and the key in config files, sweep specs and URLs */
  flag: string;
  kind: FieldKind;
  help: string;
  /** true when the value is one the paper states (recorded with every figure) */
  paper?: boolean;
  /** the value when none is given; absent for an alternative spelling of another field (λ for d), and for an option
   * whose default the command decides (--workers: every core) */
  default?: number | string;
}

/** Kinds, for field tables: an integer from `min` (to `max`), a number within bounds, a positive number, one of. */
export const int = (min: number, max?: number) =>
  (max === undefined ? { type: "int", min } : { type: "int", min, max }) as FieldKind & { type: "int" };
export const num = (bounds: Omit<Extract<FieldKind, { type: "number" }>, "type"> = {}) =>
  ({ type: "number", ...bounds }) as const;
export const positive = num({ exclusiveMin: 0 });
export const oneOf = <const V extends readonly string[]>(values: V) => ({ type: "enum", values }) as const;

/** The type of a field's values: its enum's strings, or number. */
export type KindValue<K extends FieldKind> = K extends { type: "enum"; values: readonly (infer V)[] } ? V : number;

/** A field as declared in a table keyed by the typed keys (the key is the table's). */
export type FieldDecl = Omit<Field, "key">;

/** The fields of a declaration keyed by typed keys, in its order, each with its key. */
export type FieldTable<D extends Record<string, FieldDecl>> = { [K in keyof D & string]: D[K] & { key: K } }[keyof D &
  string][];

/** A field table from its declaration `{ key: { flag, kind, help, default }, … }` (declared `as const`), in order. */
export function fieldTable<const D extends Record<string, FieldDecl>>(decl: D): FieldTable<D> {
  return Object.entries(decl).map(([key, f]) => ({ key, ...f })) as FieldTable<D>;
}

/**
 * The typed object a field table describes: one key per field with a default, of the field's value type. Its
 * defaults are `defaultsOf(fields)`, in the table's order.
 */
export type ConfigOf<F extends readonly Field[]> = {
  -readonly [E in F[number] as E extends { default: number | string } ? E["key"] : never]: KindValue<E["kind"]>;
};

/** The defaults of a field table, keyed by the typed keys, in the table's order (which JSON outputs and keys keep). */
export function defaultsOf<const F extends readonly Field[]>(fields: F): ConfigOf<F> {
  const entries = fields.flatMap((f) => (f.default === undefined ? [] : [[f.key, f.default] as const]));
  return Object.fromEntries(entries) as ConfigOf<F>;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What a field allows, in words: "a positive number", "an integer ≥ 1", "one of logistic, exp". */
export function describeKind(kind: FieldKind): string {
  if (kind.type === "enum") return `one of ${kind.values.join(", ")}`;
  if (kind.type === "int") {
    if (kind.max !== undefined) return `an integer from ${kind.min} to ${kind.max}`;
    return kind.min === 1 ? "a positive integer" : `an integer ≥ ${kind.min}`;
  }
  const parts: string[] = [];
  if (kind.exclusiveMin === 0 && kind.max === undefined && kind.exclusiveMax === undefined) return "a positive number";
  if (kind.min !== undefined) parts.push(`≥ ${kind.min}`);
  if (kind.exclusiveMin !== undefined) parts.push(`> ${kind.exclusiveMin}`);
  if (kind.max !== undefined) parts.push(`≤ ${kind.max}`);
  if (kind.exclusiveMax !== undefined) parts.push(`< ${kind.exclusiveMax}`);
  return parts.length ? `a number ${parts.join(" and ")}` : "a finite number";
}

/** Parse one raw value (string from a flag or URL, or a JSON value) against its field; throws UsageError. */
export function parseField(field: Field, raw: unknown, name: string): number | string {
  const fail = (): never => {
    throw new UsageError(`${name} must be ${describeKind(field.kind)} (got ${JSON.stringify(raw)})`);
  };
  const { kind } = field;
  if (kind.type === "enum") {
    if (typeof raw !== "string" || !kind.values.includes(raw)) fail();
    return raw as string;
  }
  let v: number;
  if (typeof raw === "number") v = raw;
  else if (typeof raw === "string" && NUMERIC.test(raw.trim())) v = Number(raw.trim());
  else return fail();
  if (!Number.isFinite(v)) fail();
  if (kind.type === "int") {
    if (!Number.isSafeInteger(v) || v < kind.min || (kind.max !== undefined && v > kind.max)) fail();
    return v;
  }
  if (kind.min !== undefined && v < kind.min) fail();
  if (kind.exclusiveMin !== undefined && v <= kind.exclusiveMin) fail();
  if (kind.max !== undefined && v > kind.max) fail();
  if (kind.exclusiveMax !== undefined && v >= kind.exclusiveMax) fail();
  return v;
}

/** The field of `key` in a table declared `as const`, with its literal type. */
export function fieldOf<const F extends readonly Field[], K extends F[number]["key"]>(
  fields: F,
  key: K,
): Extract<F[number], { key: K }> {
  const field = fields.find((f) => f.key === key);
  if (!field) throw new Error(`no field "${key}"`);
  return field as Extract<F[number], { key: K }>;
}

/** Parse a command-line option's value against its field, named by its flag (`--workers`); throws UsageError. */
export function parseOption<const F extends Field>(field: F, raw: unknown): KindValue<F["kind"]> {
  return parseField(field, raw, `--${field.flag}`) as KindValue<F["kind"]>;
}

/** How a parameter is named in messages: `--sigma` for flags, `"sigma" in run.json` for files. */
export type Namer = (field: Field) => string;
export const flagNamer: Namer = (f) => `--${f.flag}`;
export const fileNamer =
  (file: string): Namer =>
  (f) =>
    `"${f.flag}" in ${file}`;

/** One layer of raw values (a config file, then flags): validated, then merged over the defaults in order. */
export interface RawLayer {
  values: Record<string, unknown>;
  namer: Namer;
  where: string;
}

/**
 * Validate a raw object keyed by the user's names (flags) against the fields: unknown keys are errors (usually typos),
 * undefined values are skipped. Returns the typed keys present.
 */
export function parseObject(
  fields: readonly Field[],
  raw: Record<string, unknown>,
  namer: Namer,
  where: string,
): Record<string, number | string> {
  const byFlag = new Map(fields.map((f) => [f.flag, f]));
  const out: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const field = byFlag.get(name);
    if (!field) {
      throw new UsageError(`unknown key "${name}" in ${where} (allowed: ${fields.map((f) => f.flag).join(", ")})`);
    }
    if (value === undefined) continue;
    out[field.key] = parseField(field, value, namer(field));
  }
  return out;
}

/** The inverse of parseObject for a typed object: keys renamed to the user's names, for output and round trips. */
export function toUserNames(fields: readonly Field[], typed: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = typed as Record<string, unknown>;
  for (const f of fields) if (values[f.key] !== undefined) out[f.flag] = values[f.key];
  return out;
}
