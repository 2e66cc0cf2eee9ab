import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "@llm-gitops/core";
import { storeFileSync } from "./cache.ts";

/**
 * Valid verdicts remembered across runs, for documents a build of the CLI validated before: a
 * verdict is a pure function of the document, the schema (its validator key: the schema's JSON and
 * ajv's settings), whether CEL runs, and the code that validates (ajv, CEL, formats, keywords: the
 * bundle, named by its sha256, and the Node version). A document is remembered under the sha256 of
 * all of these; only valid ones are, with the CEL rules they skipped (notes), so a hit gives the
 * very result a run would. Invalid documents always run: their errors need the full validator.
 * Only for a known build (the bin's hash): the sources, run by tsx, validate every time.
 */
export class VerdictCache {
  private stored: Map<string, string[]> | undefined;
  private readonly added = new Map<string, string[]>();
  private readonly file: string;

  constructor(dir: string, build: string) {
    const code = createHash("sha256").update(`${FORMAT}\n${build}\n${process.version}`).digest("hex");
    this.file = join(dir, "verdicts", `${code}.json`);
  }

  /** The document's key, or undefined when it is not plain JSON data (then its JSON would stand for other data too). */
  key(schemaKey: string, document: unknown): string | undefined {
    if (!plainJson(document, 0)) return undefined;
    return createHash("sha256").update(schemaKey).update("\n").update(JSON.stringify(document)).digest("base64url");
  }

  /** The skipped rules of a valid document seen before, else undefined. */
  get(key: string): string[] | undefined {
    return (this.stored ??= this.load()).get(key) ?? this.added.get(key);
  }

  remember(key: string, skippedRules: readonly string[]): void {
    if (!this.get(key)) this.added.set(key, [...skippedRules]);
  }

  /** Adds what this run learned; a cache that cannot be written is no cache. Bounded: past MAX it starts again. */
  save(): void {
    if (this.added.size === 0) return;
    const all = this.stored && this.stored.size + this.added.size <= MAX ? new Map([...this.stored, ...this.added]) : this.added;
    try {
      mkdirSync(join(this.file, ".."), { recursive: true });
      storeFileSync(this.file, JSON.stringify({ format: FORMAT, verdicts: Object.fromEntries(all) }));
      this.stored = all;
      this.added.clear();
    } catch {
      // Nothing was written.
    }
  }

  private load(): Map<string, string[]> {
    try {
      const data: unknown = JSON.parse(readFileSync(this.file, "utf8"));
      if (!isRecord(data) || data.format !== FORMAT || !isRecord(data.verdicts)) return new Map();
      const entries = Object.entries(data.verdicts).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((n) => typeof n === "string"));
      return new Map(entries);
    } catch {
      return new Map();
    }
  }
}

const FORMAT = "llm-gitops verdicts 1";
const MAX = 200_000;
const MAX_DEPTH = 256;

/**
 * JSON data that JSON.stringify writes one to one: no undefined member (ajv sees its key, JSON
 * drops it), no non-enumerable member, no -0, NaN or Infinity, no holes, only plain objects.
 * Anything else is not remembered.
 */
export function plainJson(v: unknown, depth: number): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== "object" || depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !plainJson(v[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  // A member JSON skips but a schema's `properties` or `required` sees.
  if (Object.getOwnPropertyNames(v).length !== Object.keys(v).length) return false;
  for (const k in v) if (!plainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

