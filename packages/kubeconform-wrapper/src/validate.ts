import type { ValidateFunction } from "ajv";
import { resolve } from "node:path";
import { plainPath, treeMessage } from "./errors.ts";
import { BuiltinEngine, type EngineOutcome } from "./engine.ts";
import { clip, sanitizeMessage } from "./excerpt.ts";
import { FALLBACK_SOURCE, modelValidator } from "./fallback.ts";
import type { FoundSchema } from "./registry.ts";
import { SchemaRegistry, type SharedCrds } from "./registry.ts";
import { matchesKind, signature, signatureProblem } from "./signature.ts";
import type { Input } from "./files.ts";
import { readResources } from "./read.ts";
import type { Options, Resource, Result, Status } from "./types.ts";
import type { VerdictCache } from "./verdicts.ts";

/** RFC 6902 operations: what a kustomize JSON patch file holds. */
const JSON_PATCH: FoundSchema = {
  source: "builtin:json-patch",
  schema: {
    type: "array",
    items: {
      type: "object",
      required: ["op", "path"],
      additionalProperties: false,
      properties: {
        op: { enum: ["add", "remove", "replace", "move", "copy", "test"] },
        path: { type: "string", pattern: "^(/[^/]*)*$" },
        from: { type: "string" },
        value: {},
      },
    },
  },
};

const isPatchList = (o: unknown) => Array.isArray(o) && o.length > 0 && o.every((x) => x && typeof x === "object" && "op" in x && "path" in x);

type Base = Pick<Result, "filename" | "kind" | "name" | "version" | "origin">;

export interface Validator {
  validate(resources: readonly Resource[]): Promise<Result[]>;
  /** Reads and validates files one at a time: memory holds one file's documents, not the tree's. */
  validateFiles(files: readonly (string | Input)[], strict: boolean, stdin?: () => Promise<string | Uint8Array>): Promise<Result[]>;
  engine: BuiltinEngine;
}

/** The builtin engine: kubeconform's verdicts, computed in process. */
export function createValidator(options: Options, io: { fetch?: typeof fetch; sharedCrds?: SharedCrds; verdicts?: VerdictCache } = {}): Validator {
  const registry = new SchemaRegistry(options, io.fetch, io.sharedCrds);
  const engine = new BuiltinEngine(options.cel, options.validatorCache);
  const fallbackAllowed = options.schemaLocations.length === 0 && !options.mirror;

  async function one(res: Resource): Promise<Result> {
    const sig = signature(res.object);
    // Names are echoed in every output line: a hostile one is clipped like any quoted value.
    // version is the full apiVersion, as kubeconform prints it (pkg/resource/resource.go, Signature).
    const base: Base = { filename: res.filename, kind: clip(sig.kind, 253), name: clip(sig.name, 253), version: clip(sig.apiVersion, 253) };
    if (res.origin) base.origin = res.origin;
    const done = (status: Status, msg = "", extra: Partial<Result> = {}): Result => ({ ...base, status, msg, validationErrors: [], ...extra });
    // Located only when reported: locating may parse the file a second time (documents.ts).
    const at = () => res.locate?.("") ?? {};
    if (res.parseError) return done("statusError", res.parseError.message, { ...(res.parseError.line ? { line: res.parseError.line, col: res.parseError.col } : {}) });
    if (res.object === null || res.object === undefined) return done("statusEmpty");
    if (isPatchList(res.object)) return check(res, { ...base, kind: "JSONPatch" }, JSON_PATCH);
    // kubeconform's words (pkg/validator/validator.go): a document that is not a mapping cannot be
    // decoded into one; a missing kind or apiVersion is a parse error.
    if (Array.isArray(res.object) || typeof res.object !== "object") {
      const type = Array.isArray(res.object) ? "array" : typeof res.object === "boolean" ? "bool" : typeof res.object;
      return done("statusError", `error unmarshalling resource: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`, at());
    }
    if (!sig.kind) return done("statusError", "error while parsing: missing 'kind' key", at());
    if (!sig.apiVersion) return done("statusError", "error while parsing: missing 'apiVersion' key", at());
    const bad = signatureProblem(sig);
    if (bad) return done("statusError", bad.message, res.locate?.(bad.pointer) ?? at());
    if (matchesKind(sig, options.skip)) return done("statusSkipped");
    if (matchesKind(sig, options.reject)) return done("statusError", `prohibited resource kind ${clip(sig.kind)}`, at());
    if (sig.apiVersion === "builtin") return done("statusSkipped", "kustomize builtin plugin configuration");
    let found: FoundSchema | undefined;
    try {
      found = await registry.find(sig);
    } catch (e) {
      if (!fallbackAllowed) return done("statusError", (e as Error).message);
    }
    if (!found && fallbackAllowed) {
      const fn = modelValidator(sig);
      if (fn) return run(res, base, fn, FALLBACK_SOURCE);
    }
    if (!found) return options.ignoreMissingSchemas ? done("statusSkipped") : done("statusError", `could not find schema for ${clip(sig.kind)}`, at());
    return check(res, base, found);
  }

  async function check(res: Resource, base: Base, found: FoundSchema): Promise<Result> {
    // A valid verdict remembered from an earlier run of this build (verdicts.ts).
    const remembered = io.verdicts?.key(engine.verdictKey(found), res.object);
    const skipped = remembered === undefined ? undefined : io.verdicts!.get(remembered);
    if (skipped) return finish(res, base, { errors: [], skippedRules: [...skipped] }, found.source);
    await engine.ready();
    // The verdict validator first; the full one only for what it refuses (or cannot run: too deep).
    const fast = engine.verdictValidator(found);
    if (fast) {
      try {
        const valid = engine.passes(fast, res.object);
        if (valid) {
          if (remembered !== undefined) io.verdicts!.remember(remembered, valid.skippedRules);
          return finish(res, base, valid, found.source);
        }
      } catch {
        // The full validator runs it again and reports the error.
      }
    }
    let fn: ValidateFunction;
    try {
      fn = engine.compile(found);
    } catch (e) {
      return { ...base, status: "statusError", msg: `schema ${found.source} cannot be compiled: ${sanitizeMessage((e as Error).message)}`, validationErrors: [] };
    }
    return run(res, base, fn, found.source);
  }

  /** A document too deep for the validator's (or CEL's) recursion is an error of that document. */
  function run(res: Resource, base: Base, fn: Parameters<BuiltinEngine["run"]>[0], source: string): Result {
    let outcome: EngineOutcome;
    try {
      outcome = engine.run(fn, res.object);
    } catch (e) {
      return { ...base, status: "statusError", msg: `could not validate the document: ${sanitizeMessage((e as Error).message)}`, validationErrors: [], ...(res.locate?.("") ?? {}) };
    }
    return finish(res, base, outcome, source);
  }

  function finish(res: Resource, base: Base, outcome: EngineOutcome, source: string): Result {
    if (outcome.errors.length === 0) {
      // Built field by field: nearly every result is this one (a spread of base costs more than the validation).
      const valid: Result = { filename: base.filename, kind: base.kind, name: base.name, version: base.version, status: "statusValid", msg: "", validationErrors: [] };
      if (base.origin) valid.origin = base.origin;
      // Notes, not msg: kubeconform's msg of a valid resource is empty (and -output json is its).
      if (outcome.skippedRules.length) valid.notes = outcome.skippedRules.map((r) => `CEL rule skipped at ${r}`);
      return valid;
    }
    // kubeconform's words (pkg/validator/validator.go): the library's error tree on one line, and
    // the root causes with unescaped paths; each located at its field (an unknown field: its key).
    const validationErrors = outcome.errors.map((e) => ({ path: plainPath(e.path), msg: e.msg, ...(res.locate ? res.locate(e.at) : {}) }));
    const first = validationErrors[0]!;
    const msg = `problem validating schema. Check JSON formatting: ${treeMessage(schemaLocation(source), outcome.errors)}`;
    return { ...base, status: "statusInvalid", msg, validationErrors, ...(first.line ? { line: first.line, col: first.col } : {}) };
  }

  const validate = (resources: readonly Resource[]) => Promise.all(resources.map(one));
  async function validateFiles(files: readonly (string | Input)[], strict: boolean, stdin?: () => Promise<string | Uint8Array>): Promise<Result[]> {
    const results: Result[] = [];
    for (const file of files) for (const r of await validate(await readResources([file], strict, stdin))) results.push(r);
    return results;
  }
  return { engine, validate, validateFiles };
}

/** The schema's location as jsonschema names it: a URL, or a local file as a file:// URL; then "#". */
function schemaLocation(source: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return `${source}#`;
  return `file://${resolve(source)}#`;
}
