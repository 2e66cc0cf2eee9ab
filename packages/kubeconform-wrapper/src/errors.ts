import type { ErrorObject } from "ajv";
import { clipPointer, EXCERPT_CHARS } from "./excerpt.ts";
/**
 * One error as kubeconform's JSON Schema library reports it (santhosh-tekuri/jsonschema v6.0.1,
 * validator.go and kind/kind.go): a node of a tree, with the instance location it is about.
 */
export interface TreeError {
  /** JSON pointer (escaped) of the instance. */
  path: string;
  msg: string;
  /** Where to locate it in the source: the offending key for an unknown field, else path. */
  at: string;
  causes: TreeError[];
}

/**
 * Go's %q as jsonschema's quote() uses it (kind/kind.go): single quotes, Go escapes. Input is cut
 * at EXCERPT_CHARS (kubeconform quotes it whole, but messages reach CI logs: excerpt.ts).
 */
export function goQuote(s: string, max = EXCERPT_CHARS): string {
  let out = "";
  const chars = [...s];
  for (const ch of chars.length > max ? [...chars.slice(0, max), "…"] : chars) {
    const c = ch.codePointAt(0)!;
    const named: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r" };
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (c < 0x20 || c === 0x7f) out += named[c] ?? `\\x${c.toString(16).padStart(2, "0")}`;
    else if ((c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `'${out}'`;
}

// jsonschema v6 reports numbers as "number" whatever their value (typeOf in util.go).
const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? "number" : typeof v);
const TYPE_ORDER = ["null", "boolean", "number", "integer", "string", "array", "object"]; // schema.go, Types.ToStrings
const display = (v: unknown) => (typeof v === "string" ? goQuote(v) : v && typeof v === "object" ? "value" : String(v));
const escapeKey = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");

/** kind/kind.go's wording of one failed keyword. */
function leafMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type": {
      const want = String(p.type).split(",");
      return `got ${jsonType(e.data)}, want ${TYPE_ORDER.filter((t) => want.includes(t)).join(" or ")}`;
    }
    case "enum": {
      const vals = p.allowedValues as unknown[];
      if (vals.some((v) => v && typeof v === "object")) return "enum failed";
      return vals.length === 1 ? `value must be ${display(vals[0])}` : `value must be one of ${vals.map((v) => display(v)).join(", ")}`;
    }
    case "const":
      return p.allowedValue && typeof p.allowedValue === "object" ? "const failed" : `value must be ${display(p.allowedValue)}`;
    case "pattern":
      return `${goQuote(String(e.data))} does not match pattern ${goQuote(String(p.pattern), Infinity)}`;
    case "format":
      return `${display(e.data)} is not valid ${String(p.format)}`;
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
      return `${e.keyword}: got ${lengthOf(e.data)}, want ${String(p.limit)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const exclusive = p.comparison === ">" || p.comparison === "<";
      const name = exclusive && !e.keyword.startsWith("exclusive") ? `exclusive${e.keyword[0]!.toUpperCase()}${e.keyword.slice(1)}` : e.keyword;
      return `${name}: got ${String(e.data)}, want ${String(p.limit)}`;
    }
    case "multipleOf":
      return `multipleOf: got ${String(e.data)}, want ${String(p.multipleOf)}`;
    case "uniqueItems":
      return `items at ${String(p.j)} and ${String(p.i)} are equal`;
    case "not":
      return "not failed";
    case "false schema":
      return "false schema";
    default:
      return e.message ?? e.keyword;
  }
}

const lengthOf = (v: unknown) => (typeof v === "string" ? [...v].length : Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : 0);

/** Keywords that stop a schema's other checks when they fail (validator.go, validate()). */
const STOPPERS = ["type", "const", "enum", "format"];
const COMBINATORS = new Set(["anyOf", "oneOf", "allOf"]);

/** The schema node an error's keyword belongs to, and the child step under a node. */
const nodeOf = (e: ErrorObject) => (e.keyword === "additionalProperties" || e.keyword === "required" ? e.schemaPath.replace(/\/[^/]+$/, "") : e.schemaPath.slice(0, e.schemaPath.lastIndexOf("/")));

/** A keyword of this node about this instance (CEL rules may name a field below it: fieldPath). */
const isOwn = (e: ErrorObject, node: string, path: string) =>
  nodeOf(e) === node && !COMBINATORS.has(e.keyword) && (e.instancePath === path || (e.keyword === "x-kubernetes-validations" && e.instancePath.startsWith(path)));

/**
 * The errors of the schema node at `node` for the instance at `path`, in the order validator.go
 * checks keywords; errors of sub-schemas each become one error (a group when there are several).
 */
function build(errors: readonly ErrorObject[], node: string, path: string): TreeError[] {
  const own = errors.filter((e) => isOwn(e, node, path));
  const stop = STOPPERS.map((k) => own.find((e) => e.keyword === k)).find(Boolean);
  if (stop) return [{ path, msg: leafMessage(stop), at: path, causes: [] }];
  const out: TreeError[] = [];
  const missing = own.filter((e) => e.keyword === "required").map((e) => String((e.params as { missingProperty: string }).missingProperty));
  if (missing.length) out.push({ path, msg: missing.length === 1 ? `missing property ${goQuote(missing[0]!)}` : `missing properties ${missing.map((k) => goQuote(k)).join(", ")}`, at: path, causes: [] });
  // Sub-schemas of properties, items and additionalProperties: one result each, in input order.
  const children = new Map<string, { node: string; path: string; errors: ErrorObject[] }>();
  const unions = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.schemaPath === node || !e.schemaPath.startsWith(`${node}/`) || isOwn(e, node, path)) continue;
    const rest = e.schemaPath.slice(node.length + 1).split("/");
    if (COMBINATORS.has(rest[0]!)) {
      if (e.instancePath.startsWith(path)) unions.set(rest[0]!, [...(unions.get(rest[0]!) ?? []), e]);
      continue;
    }
    const step = ["properties", "patternProperties", "dependencies"].includes(rest[0]!) || (rest[0] === "items" && /^\d+$/.test(rest[1] ?? "")) ? 2 : 1;
    const childNode = `${node}/${rest.slice(0, step).join("/")}`;
    const childPath = e.instancePath === path ? path : `${path}/${e.instancePath.slice(path.length + 1).split("/")[0]}`;
    if (childNode === `${node}/not`) continue;
    const key = `${childNode}@${childPath}`;
    const c = children.get(key) ?? { node: childNode, path: childPath, errors: [] };
    c.errors.push(e);
    children.set(key, c);
  }
  for (const c of children.values()) out.push(...one(build(c.errors, c.node, c.path), c.path));
  const extra = own.filter((e) => e.keyword === "additionalProperties").map((e) => String((e.params as { additionalProperty: string }).additionalProperty));
  if (extra.length) out.push({ path, msg: `additional properties ${extra.map((k) => goQuote(k)).join(", ")} not allowed`, at: `${path}/${escapeKey(extra[0]!)}`, causes: [] });
  out.push(...own.filter((e) => !["required", "additionalProperties"].includes(e.keyword)).map((e) => ({ path: e.instancePath, msg: leafMessage(e), at: e.instancePath, causes: [] })));
  for (const kw of ["allOf", "anyOf", "oneOf"]) {
    const es = unions.get(kw);
    if (!es) continue;
    const verdict = es.find((e) => e.keyword === kw && e.schemaPath === `${node}/${kw}` && e.instancePath === path);
    const passing = (verdict?.params as { passingSchemas?: number[] | null } | undefined)?.passingSchemas;
    if (kw === "oneOf" && passing) {
      out.push({ path, msg: `oneOf failed, subschemas ${passing.join(", ")} matched`, at: path, causes: [] });
      continue;
    }
    const branches = new Map<string, ErrorObject[]>();
    for (const e of es) {
      const m = new RegExp(`^${node.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/${kw}/(\\d+)`).exec(e.schemaPath);
      if (m) branches.set(m[0], [...(branches.get(m[0]) ?? []), e]);
    }
    if (kw !== "allOf" && !verdict) continue;
    const causes = [...branches].flatMap(([n, bes]) => one(build(bes, n, path), path));
    if (causes.length) out.push({ path, msg: kw === "oneOf" ? "oneOf failed, none matched" : `${kw} failed`, at: path, causes });
  }
  return out;
}

/** A sub-schema's result: its one error, or a group of them (validator.go: kind.Group). */
const one = (errs: TreeError[], path: string): TreeError[] => (errs.length <= 1 ? errs : [{ path, msg: "validation failed", at: path, causes: errs }]);

/** The root's causes, as kubeconform lists them in validationErrors. */
export function errorTree(errors: readonly ErrorObject[]): TreeError[] {
  const root = build(errors, "#", "");
  if (root.length === 0 && errors.length) return flat(errors);
  return root.length === 1 && root[0]!.msg === "validation failed" && root[0]!.causes.length ? root[0]!.causes : root;
}

/** Errors of precompiled validators (kubernetes-models), whose schema paths are per $ref: one per field. */
function flat(errors: readonly ErrorObject[]): TreeError[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) if (!byPath.has(e.instancePath) || COMBINATORS.has(e.keyword)) byPath.set(e.instancePath, e);
  return [...byPath.values()].map((e) => ({ path: e.instancePath, msg: COMBINATORS.has(e.keyword) ? (e.keyword === "oneOf" ? "oneOf failed, none matched" : `${e.keyword} failed`) : leafMessage(e), at: e.instancePath, causes: [] }));
}

/** jsonschema's Error(): the tree, one "- at" per error, indented by depth (output.go, display). */
export function treeMessage(location: string, causes: readonly TreeError[]): string {
  const lines = [`jsonschema validation failed with ${goQuote(location, Infinity)}`];
  const walk = (e: TreeError, depth: number) => {
    // Each key of the path (the input's) is clipped, not the path as a whole.
    lines.push(`${"  ".repeat(depth - 1)}- at ${goQuote(clipPointer(e.path), Infinity)}: ${e.msg}`);
    e.causes.forEach((c) => walk(c, depth + 1));
  };
  causes.forEach((c) => walk(c, 1));
  return lines.join(" ");
}

/** kubeconform's validationErrors path: the instance location's tokens, unescaped (validator.go). */
export const plainPath = (pointer: string) => clipPointer(pointer).replace(/~1/g, "/").replace(/~0/g, "~");
