import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { TSchema } from "@sinclair/typebox";
import { excerpt, type Problem } from "@llm-gitops/core";
import { suggestion } from "./didyoumean.ts";
import type { ParsedFile, Segment } from "./source.ts";

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
ajv.addVocabulary(["hint"]);

const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Validates a parsed file against a schema; every error, located and phrased for a person. */
export function validateAgainst(file: ParsedFile, value: unknown, schema: TSchema): Problem[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const infinite = nonFinite(value).map((segs) => file.problem(segs, "must be a finite number, not .nan or .inf; write a number"));
  if (validate(value)) return infinite;
  const seen = new Set<string>();
  const problems: Problem[] = [...infinite];
  const infinitePaths = new Set(infinite.map((p) => p.path));
  for (const e of validate.errors ?? []) {
    const p = toProblem(file, value, e);
    if (!p || infinitePaths.has(p.path)) continue;
    const key = `${p.line}:${p.col}:${p.message}`;
    if (!seen.has(key)) problems.push(p);
    seen.add(key);
  }
  return problems;
}

function segmentsOf(pointer: string, data: unknown): Segment[] {
  if (!pointer) return [];
  const segs: Segment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const s = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const seg: Segment = Array.isArray(node) && /^\d+$/.test(s) ? Number(s) : s;
    segs.push(seg);
    node = (node as Record<string | number, unknown> | undefined)?.[seg];
  }
  return segs;
}

/** Paths of .nan/.inf values: JSON Schema has no words for them, and Infinity passes `minimum`. */
function nonFinite(value: unknown, at: Segment[] = []): Segment[][] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, [...at, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => nonFinite(v, [...at, k]));
  return [];
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "not a number (.nan)" : "infinity (.inf)";
  return `${typeof v} ${excerpt(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
};

function toProblem(file: ParsedFile, value: unknown, e: ErrorObject): Problem | undefined {
  const segs = segmentsOf(e.instancePath, value);
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  const hint = typeof schema.hint === "string" ? schema.hint : undefined;
  switch (e.keyword) {
    case "required": {
      const field = String(e.params.missingProperty);
      const props = (schema.properties ?? {}) as Record<string, { description?: string }>;
      const what = props[field]?.description;
      return file.problem(segs, `missing required field "${field}"${what ? ` (${what})` : ""}; add it`);
    }
    case "additionalProperties": {
      const field = String(e.params.additionalProperty);
      const allowed = Object.keys((schema.properties ?? {}) as object);
      return file.problem([...segs, field], `unknown field${suggestion(field, allowed)}`);
    }
    case "propertyNames":
      return undefined; // reported by the nested error, which carries the key
    case "type": {
      const types = String(e.params.type).split(",");
      const expected = types.map((t) => TYPE_NAMES[t] ?? t).join(" or ");
      return file.problem(segs, `must be ${expected}, got ${describe(e.data)}`);
    }
    case "enum": {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      return file.problem(segs, `must be one of ${allowed.join(", ")}, got ${describe(e.data)}${suggestion(String(e.data), allowed).replace(/; expected one of.*/, "")}`);
    }
    case "pattern":
    case "maxLength": {
      const name = (e as ErrorObject & { propertyName?: string }).propertyName;
      if (name !== undefined) return file.problem([...segs, name], `${excerpt(name)} is not a valid name; ${hint ?? `must match ${e.params.pattern}`}`);
      if (e.keyword === "maxLength" && !hint) return file.problem(segs, `must be at most ${e.params.limit} characters`);
      return file.problem(segs, `${excerpt(e.data)} is not valid; ${hint ?? `must match ${e.params.pattern}`}`);
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return file.problem(segs, `must be ${e.params.comparison} ${e.params.limit}, got ${JSON.stringify(e.data)}`);
    case "minItems":
      return file.problem(segs, `must list at least ${e.params.limit} item${e.params.limit === 1 ? "" : "s"}`);
    default:
      return file.problem(segs, e.message ?? `is not valid (${e.keyword})`);
  }
}
