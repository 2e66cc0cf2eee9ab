import { join } from "node:path";
import { fastDocuments, fastParser, OUTSIDE } from "@llm-gitops/core";
import { parseAllDocuments } from "yaml";
import { readCacheJson, sha256, writeCacheJson } from "./cache.ts";

export interface CrdSchema {
  group: string;
  kind: string;
  version: string;
  schema: Record<string, unknown>;
  /** Set by cachedCrdSchemas: see FoundSchema. */
  digest?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * openapi2jsonschema's conversion, as kubeconform's script does it: every object schema with
 * properties refuses others (additionalProperties: false), the root only in strict mode;
 * `format: int-or-string` becomes a string-or-integer choice. Unlike the script, objects marked
 * x-kubernetes-preserve-unknown-fields keep accepting unknown fields, as the API server does.
 */
export function convertSchema(schema: unknown, strict: boolean, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, strict, false));
  if (!isObject(schema)) return schema;
  if (schema.format === "int-or-string") return { oneOf: [{ type: "string" }, { type: "integer" }] };
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k] = convertSchema(v, strict, false);
  const closes = "properties" in schema && !("additionalProperties" in schema) && schema["x-kubernetes-preserve-unknown-fields"] !== true;
  if (closes && (!root || strict)) out.additionalProperties = false;
  // The API server accepts apiVersion, kind and metadata on every object whether the CRD's schema
  // lists them or not (Istio's CRDs list only spec and status): a closed root must keep them.
  if (closes && root && strict) out.properties = { ...OBJECT_ROOT, ...(out.properties as Json) };
  return out;
}

/** YAML 1.2's core schema, as parseAllDocuments reads by default. */
const parseCore = fastParser();

const OBJECT_ROOT: Json = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } };

/** Every served version's schema of every CustomResourceDefinition in a YAML text. */
export function crdSchemas(text: string, strict: boolean): CrdSchema[] {
  const out: CrdSchema[] = [];
  // Pinned CRD files are megabytes of plain block YAML: read fast, with the full parser's meaning.
  const fast = fastDocuments(parseCore, text);
  const docs = fast !== OUTSIDE ? fast : parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
  for (const doc of docs) {
    const crd = doc as Json | null;
    if (!isObject(crd) || crd.kind !== "CustomResourceDefinition" || !isObject(crd.spec)) continue;
    const spec = crd.spec as { group?: string; names?: { kind?: string }; versions?: Json[] };
    for (const v of spec.versions ?? []) {
      const schema = (v.schema as { openAPIV3Schema?: unknown } | undefined)?.openAPIV3Schema;
      if (!spec.group || !spec.names?.kind || typeof v.name !== "string" || !isObject(schema)) continue;
      out.push({ group: spec.group, kind: spec.names.kind, version: v.name, schema: convertSchema(schema, strict) as Json });
    }
  }
  return out;
}

/**
 * crdSchemas through a cache of its results (`<dir>/crds/<sha256>.json`, and its kinds in
 * `<sha256>.kinds.json`): Istio's and the Gateway API's CRD files are megabytes the fast path
 * leaves to the full parser, parsed again by every `check`. The key hashes the text, the mode and
 * this conversion's own code, so a file, a mode or a release that converts differently never
 * reads another's result. From the cache, a schema is read on first use: a run whose verdicts are
 * remembered needs the kinds only. An unreadable or malformed entry is converted again; one that
 * cannot be written is no cache.
 */
export function cachedCrdSchemas(text: string, strict: boolean, dir: string | undefined): CrdSchema[] {
  // One pass over the text (megabytes for Istio's): the key and every schema's digest derive from it.
  const textDigest = sha256(`${strict ? "strict" : "loose"}\n${text}`);
  // The text, the mode and this conversion's code fix every schema: each one's digest says which.
  const key = sha256(`${CONVERSION}\n${textDigest}`);
  const withDigests = (schemas: CrdSchema[]) => {
    for (const c of schemas) c.digest = sha256(`${key}\n${c.group}/${c.version}/${c.kind}`);
    return schemas;
  };
  if (!dir) return withDigests(crdSchemas(text, strict));
  const path = join(dir, "crds", `${key}.json`);
  const kindsPath = join(dir, "crds", `${key}.kinds.json`);
  const convert = () => {
    const out = crdSchemas(text, strict);
    writeCacheJson(path, out);
    writeCacheJson(kindsPath, out.map(({ group, version, kind }) => ({ group, version, kind })));
    return out;
  };
  const kinds = readCacheJson(kindsPath);
  if (!Array.isArray(kinds) || !kinds.every(isKind)) return withDigests(convert());
  let all: CrdSchema[] | undefined;
  const load = (): CrdSchema[] => {
    if (all) return all;
    const stored = readCacheJson(path);
    const whole = Array.isArray(stored) && stored.length === kinds.length && stored.every((c, i) => isCrdSchema(c) && sameKind(c, kinds[i]!));
    return (all = whole ? (stored as CrdSchema[]) : convert());
  };
  return withDigests(
    kinds.map(({ group, version, kind }, i) => ({
      group,
      version,
      kind,
      get schema() {
        return load()[i]!.schema;
      },
    })),
  );
}

const CONVERSION = `${crdSchemas.toString()}\n${convertSchema.toString()}\n${JSON.stringify(OBJECT_ROOT)}`;
type Kind = Pick<CrdSchema, "group" | "version" | "kind">;
const isKind = (v: unknown): v is Kind => isObject(v) && typeof v.group === "string" && typeof v.kind === "string" && typeof v.version === "string";
const isCrdSchema = (v: unknown): v is CrdSchema => isKind(v) && isObject((v as Json).schema);
const sameKind = (a: Kind, b: Kind) => a.group === b.group && a.version === b.version && a.kind === b.kind;
