import { createHash } from "node:crypto";
import { readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { isRecord, plainJson } from "@llm-gitops/core";
import { readCacheJson, writeCacheJson } from "./cache.ts";

/**
 * Valid verdicts remembered across runs, for documents a build of the CLI validated before: a
 * verdict is a pure function of the document, the schema (engine.verdictKey: the sha256 of the
 * text it was read from, else its validator key), whether CEL runs, and the code that reads and
 * validates (ajv, CEL, formats, keywords: the bundle, named by its sha256, and the Node version). A document is remembered under the sha256 of
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
    if (!plainJson(document)) return undefined;
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
    if (!writeCacheJson(this.file, { format: FORMAT, verdicts: Object.fromEntries(all) })) return;
    this.stored = all;
    this.added.clear();
    prune(dirname(this.file));
  }

  private load(): Map<string, string[]> {
    const data = readCacheJson(this.file);
    if (!isRecord(data) || data.format !== FORMAT || !isRecord(data.verdicts)) return new Map();
    return new Map(Object.entries(data.verdicts).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((n) => typeof n === "string")));
  }
}

/** Other builds' files, past the KEEP most recently written: a build that is gone needs none. */
function prune(dir: string): void {
  try {
    const files = readdirSync(dir)
      .filter((f) => /^[0-9a-f]{64}\.json$/.test(f))
      .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const f of files.slice(KEEP)) rmSync(f.path, { force: true });
  } catch {
    // Pruning is best effort: another run may be pruning too.
  }
}

const FORMAT = "llm-gitops verdicts 1";
const KEEP = 4;
const MAX = 200_000;
