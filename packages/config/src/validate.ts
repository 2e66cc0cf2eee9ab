import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { TSchema } from "@sinclair/typebox";
import { excerpt, type Problem } from "@llm-gitops/core";
import { suggestion } from "./didyoumean.ts";
import type { ParsedFile, Segment } from "./source.ts";

// code.source: its validators can be written out as code, so a compiled-validator cache can keep them.
// Made on first use: commands that read no environment (validate with paths) never pay for it.
let ajv: Ajv | undefined;
function inputAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { source: true } });
    ajv.addVocabulary(["hint"]);
  }
  return ajv;
}

const compiled = new WeakMap<TSchema, ValidateFunction>();

type Compile = (ajv: Ajv, schema: TSchema) => ValidateFunction;
let compileSchema: Compile = (a, schema) => a.compile(schema);

/**
 * How the input schemas are compiled: the CLI passes its compiled-validator cache, since ajv
 * takes about 0.4 s for them on every run otherwise (plain ajv.compile by default).
 */
export function setSchemaCompiler(compile: Compile): void {
  compileSchema = compile;
}

/** Validates a parsed file against a schema; every error, located and phrased for a person. */
export function validateAgainst(file: ParsedFile, value: unknown, schema: TSchema): Problem[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = compileSchema(inputAjv(), schema);
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

const UNQUANTIZED = "an unquantized model (fp16 or bf16 weights) is method: none with bits: 16";

/**
 * What a field's values mean where its names alone mislead, keyed by the field and its parent
 * (the schema's `hint` says it when it can; these fields have none). `explains`: values the note
 * answers, for which a did-you-mean would point the wrong way.
 */
const FIELD_NOTES: Record<string, { note: string; explains?: RegExp }> = {
  quantization: { note: `how the checkpoint stores its weights: method awq, gptq, fp8 or none, and bits per weight; ${UNQUANTIZED}` },
  "quantization.method": { note: UNQUANTIZED, explains: /^(fp|bf|f|float|bfloat)?(16|32)$|^(half|full|unquantized|no|off|false|null)$/i },
  "quantization.bits": { note: `4 for AWQ and GPTQ checkpoints, 8 for fp8; ${UNQUANTIZED}` },
};

function fieldNote(parent: readonly Segment[], field: string): { note: string; explains?: RegExp } | undefined {
  const up = parent.at(-1);
  return (typeof up === "string" ? FIELD_NOTES[`${up}.${field}`] : undefined) ?? (parent.length === 2 && parent[0] === "models" ? FIELD_NOTES[field] : undefined);
}

function toProblem(file: ParsedFile, value: unknown, e: ErrorObject): Problem | undefined {
  const segs = segmentsOf(e.instancePath, value);
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  const hint = typeof schema.hint === "string" ? schema.hint : undefined;
  switch (e.keyword) {
    case "required": {
      const field = String(e.params.missingProperty);
      const props = (schema.properties ?? {}) as Record<string, { description?: string }>;
      const what = [props[field]?.description, fieldNote(segs, field)?.note].filter(Boolean).join("; ");
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
      const parent = segs.slice(0, -1);
      const note = hint ? { note: hint } : fieldNote(parent, String(segs.at(-1) ?? ""));
      // A value the note explains is no typo: "did you mean fp8" for fp16 would mislead.
      const typo = note?.explains?.test(String(e.data)) ? "" : suggestion(String(e.data), allowed).replace(/; expected one of.*/, "");
      return file.problem(segs, `must be one of ${allowed.join(", ")}, got ${describe(e.data)}${typo}${note ? `; ${note.note}` : ""}`);
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
