import { readFile } from "node:fs/promises";
import { cachePath, integrityProblem, readCached, sha256, storeFile } from "./cache.ts";
import { cachedCrdSchemas, type CrdSchema } from "./crd.ts";
import { expandLocation, KUSTOMIZATION_SCHEMA, mirrorPath, normalizeLocation } from "./locations.ts";
import { quote } from "./excerpt.ts";
import { PINNED } from "./pins.ts";
import { signatureProblem, type Signature } from "./signature.ts";
import type { Options } from "./types.ts";

export interface FoundSchema {
  /** Where it came from: a URL, a path, or `crd:<file>`. */
  source: string;
  schema: Record<string, unknown>;
  /**
   * What fixes the schema object exactly, at the cost of hashing the text instead of writing the
   * schema out again: the sha256 of the JSON text it was parsed from, or for a CRD of the file's
   * text with the mode, the conversion's code and its group, version and kind (crd.ts). Keys
   * remembered verdicts (verdicts.ts) and compiled verdict validators (engine.ts). Absent for
   * builtin schemas.
   */
  digest?: string;
}

/**
 * A schema file as an object. JSON.parse's own message quotes the text it choked on, which
 * must not reach the output: the file may be anything a location or mirror path reached.
 */
function parseSchema(where: string, text: string): Record<string, unknown> {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    throw new Error(`schema ${where} is not valid JSON`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new Error(`schema ${where} is not a JSON Schema (not an object)`);
  return schema as Record<string, unknown>;
}

/** CRD schemas of pinned files by strictness and location, shared by registries that are given one. */
export type SharedCrds = Map<string, Promise<CrdSchema[]>>;

/** Not found is an answer (try the next location); anything else is an error for the resource. */
class NotFound extends Error {}

/** Bounds concurrent loads (-n). */
function limiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/**
 * Finds the JSON Schema of a resource the way kubeconform does: each schema location in order,
 * the first that has it wins. Adds: CRD YAML files as locations, an offline mirror of the
 * upstream hosts, an on-disk cache for HTTP, and the sha256 of every pinned file (pins.ts)
 * checked wherever it is read from.
 */
export class SchemaRegistry {
  private readonly loads = new Map<string, Promise<FoundSchema | undefined>>();
  private readonly found = new Map<string, Promise<FoundSchema | undefined>>();
  private readonly crdFiles = new Map<string, Promise<CrdSchema[]>>();
  private readonly limit: ReturnType<typeof limiter>;
  readonly locations: string[];

  constructor(
    private readonly options: Options,
    /** Injected in tests, which must not reach the network. */
    private readonly fetcher: typeof fetch = globalThis.fetch,
    /** Pinned CRD files already parsed by other registries of one run (validateTruths' clusters). */
    private readonly sharedCrds?: SharedCrds,
  ) {
    this.locations = (options.schemaLocations.length ? options.schemaLocations : ["default"]).map(normalizeLocation);
    this.limit = limiter(Math.max(1, options.workers));
  }

  find(sig: Signature): Promise<FoundSchema | undefined> {
    // kind and apiVersion become paths and URLs below: only plain names may get there.
    const problem = signatureProblem(sig);
    if (problem) return Promise.reject(new Error(problem.message));
    // The answer depends on apiVersion and kind only (group and version come from apiVersion):
    // thousands of resources of a few kinds search the locations once per kind.
    const key = `${sig.apiVersion}\0${sig.kind}`;
    let found = this.found.get(key);
    if (!found) {
      found = this.search(sig);
      this.found.set(key, found);
    }
    return found;
  }

  private async search(sig: Signature): Promise<FoundSchema | undefined> {
    if (sig.kind === "Kustomization" && sig.group === "kustomize.config.k8s.io") return this.load(KUSTOMIZATION_SCHEMA);
    for (const location of this.locations) {
      if (/\.ya?ml$/.test(location)) {
        // A pinned CRD file holds known groups only: other kinds need not parse its megabytes.
        const groups = PINNED.get(location)?.groups;
        if (groups && !groups.includes(sig.group)) continue;
        const hit = (await this.crds(location)).find((c) => c.kind === sig.kind && c.group === sig.group && c.version === sig.version);
        // One file may hold many CRDs (Istio's crd-all): the source names the one used, and keys
        // the compiled validator, so kinds of one file never share a validator.
        // The schema is read on first use (cachedCrdSchemas).
        if (hit) return { source: `crd:${location}[${hit.group}/${hit.version}/${hit.kind}]`, ...(hit.digest ? { digest: hit.digest } : {}), get schema() { return hit.schema; } };
        continue;
      }
      const found = await this.load(expandLocation(location, sig, this.options.kubernetesVersion, this.options.strict));
      if (found) return found;
    }
    return undefined;
  }

  /** A CRD file as a location: a path, or a URL read like any schema (mirror, cache, HTTP). */
  private crds(file: string): Promise<CrdSchema[]> {
    let p = this.crdFiles.get(file);
    // A pinned file's bytes are fixed by its sha256: parsed once for all the registries sharing a map.
    const shared = this.sharedCrds && PINNED.has(file) ? `${this.options.strict}:${file}` : undefined;
    if (!p && shared) p = this.sharedCrds!.get(shared);
    if (!p) {
      const text = /^https?:\/\//.test(file)
        ? this.limit(() => this.read(file)).catch((e: unknown) => {
            if (e instanceof NotFound) throw new Error(`CRD location ${file} does not exist (HTTP 404 or missing from the mirror)`);
            throw e;
          })
        : readFile(file, "utf8");
      p = text.then((t) => cachedCrdSchemas(t, this.options.strict, this.options.validatorCache));
      if (shared) {
        const map = this.sharedCrds!;
        map.set(shared, p);
        p.catch(() => map.delete(shared)); // a failed read is this registry's answer only
      }
    }
    this.crdFiles.set(file, p);
    return p;
  }

  private load(where: string): Promise<FoundSchema | undefined> {
    let p = this.loads.get(where);
    if (!p) {
      p = this.limit(() => this.read(where)).then(
        (text) => ({ source: where, schema: parseSchema(where, text), digest: sha256(text) }),
        (e: unknown) => {
          if (e instanceof NotFound) return undefined;
          throw e;
        },
      );
      this.loads.set(where, p);
    }
    return p;
  }

  private async read(where: string): Promise<string> {
    if (!/^https?:\/\//.test(where)) {
      return readFile(where, "utf8").catch((e: NodeJS.ErrnoException) => {
        throw e.code === "ENOENT" ? new NotFound(where) : e;
      });
    }
    const { mirror, cache } = this.options;
    // With a mirror nothing is fetched: a URL the mirror cannot hold is an error, not a download.
    if (mirror) {
      const local = mirrorPath(where, mirror);
      if (local === undefined) throw new Error(`schema URL ${quote(where, 200)} has no place in the mirror ${mirror}, and nothing is fetched with a mirror`);
      const bytes = await readFile(local).catch((e: NodeJS.ErrnoException) => {
        throw e.code === "ENOENT" ? new NotFound(where) : e;
      });
      const bad = integrityProblem(where, bytes, undefined, ` in the mirror (${local})`);
      if (bad) throw bad;
      return bytes.toString("utf8");
    }
    // A cached file that is not the pinned bytes is dropped and fetched again.
    const hit = cache ? await readCached(cache, where) : undefined;
    if (hit) return hit.toString("utf8");
    const res = await this.fetcher(where).catch((e: Error) => {
      const cause = (e.cause as Error | undefined)?.message ?? e.message;
      throw new Error(`could not fetch schema ${where}: ${cause}; offline, point LLM_GITOPS_SCHEMA_MIRROR (or -schema-mirror) at a copy of the schema hosts`);
    });
    if (res.status === 404) throw new NotFound(where);
    if (!res.ok) throw new Error(`could not fetch schema ${where}: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const bad = integrityProblem(where, bytes);
    if (bad) throw bad;
    if (cache) await storeFile(cachePath(cache, where), bytes);
    return bytes.toString("utf8");
  }
}
