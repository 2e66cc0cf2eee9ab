/**
 * Compiled validators cached across runs. Compiling a large CRD schema with ajv costs seconds (the
 * InferenceService schema alone ~3 s), on every run; loading the code ajv generated for it last
 * time costs milliseconds. So each schema's validator is generated once as ajv standalone code
 * (CommonJS), stored under `<cacheDir>/<sha256>.cjs`, and loaded from there on later runs, with
 * V8's code cache of it (`<sha256>.v8`, written by the first run that loads the file) so that
 * the megabytes of code are neither parsed nor compiled again. InferenceService, measured:
 * compiling 3.0-7 s; loading ~0.4 s plus ~0.5 s on the first call without the V8 cache, ~0.1 s with.
 *
 *   const ajv = new Ajv({ ...options, code: standaloneOptions(re2Compatible) });
 *   ajv.addKeyword({ keyword: "x-kubernetes-validations", schemaType: "array", errors: true, validate: celRules });
 *   const validate = compileWithCache(ajv, schema, { cacheDir }); // instead of ajv.compile(schema)
 *
 * The key is the sha256 of everything that shapes the generated code: the schema's JSON, ajv's
 * version and dialect (draft-04 or not, by its schemaId; not its class name, which a bundler renames),
 * its options, its keywords' definitions, the names of its formats (an unknown format generates
 * no check), this file's CACHE_FORMAT. A `key` may be given instead. Nothing that is only called
 * at run time is part of the key: the code reaches it through a runtime object, so changing a
 * keyword's or a format's function needs no new key.
 *
 * What generated code cannot hold (functions) it reaches through `require(RUNTIME_MODULE)`, an id
 * that only the loader here resolves (never Node), to the ajv instance's own functions:
 *  - `validate` keywords (ajv's function keywords, e.g. the CEL keyword): each definition's
 *    function is registered in ajv's value scope with code `require(RUNTIME_MODULE).keywords[k]`
 *    before anything is compiled, so ajv's own funcKeywordCode (the same code as without the
 *    cache, hence the same errors) names it that way; keywords defined with `compile` cannot be
 *    cached and their ajv compiles as usual (counted as uncacheable);
 *  - formats given as functions: `code.formats` (standaloneOptions) is `require(…).formats`,
 *    which is `ajv.formats`;
 *  - the RegExp engine: standaloneOptions wraps it so its code is `require(…).regExp`; ajv's own
 *    "new RegExp" would be written out as the native constructor, which refuses RE2 patterns.
 * `self` (ajv's `this` for keyword functions) is the ajv instance, as in ajv's own compile.
 * ajv's runtime helpers (`ajv/dist/runtime/*`: ucs2length, equal, …) are required from here.
 *
 * Files are written to a temporary name and renamed: concurrent writers never leave half a file,
 * and the last rename wins with identical content. Each file starts with a header naming its key
 * and the sha256 of the code: a truncated, edited or foreign file (or one that does not load) is
 * compiled again and replaced. The cache directory must be as trusted as node_modules: its files
 * are executed.
 */
import { Ajv, _, type AnySchema, type Code, type ValidateFunction } from "ajv";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";
import standaloneCode from "ajv/dist/standalone/index.js";
import { storeFileSync } from "./cache.ts";

/** Bumped whenever what this file generates or how it loads it changes. */
export const CACHE_FORMAT = 1;

/** The id generated code requires its runtime functions by; only the loader here resolves it. */
export const RUNTIME_MODULE = "@llm-gitops/kubeconform-wrapper/compiled-runtime";

type RegExpEngine = ((pattern: string, flags: string) => RegExp) & { code: string };

/** What generated code gets for `require(RUNTIME_MODULE)`. */
export interface Runtime {
  regExp: RegExpEngine;
  formats: Ajv["formats"];
  keywords: Record<string, unknown>;
}

export interface CompiledCacheStats {
  /** Schemas compiled by ajv (cache misses, corrupt files, uncacheable instances). */
  compiled: number;
  /** Validators loaded from a cache file instead. */
  loaded: number;
  /** Cache files written. */
  stored: number;
  /** Cache files refused (bad header or hash, or did not load) and compiled again. */
  corrupt: number;
  /** Compiles that could not be cached (a `compile` keyword, code ajv cannot write out, no dir). */
  uncacheable: number;
  compileMs: number;
  loadMs: number;
}

const newStats = (): CompiledCacheStats => ({ compiled: 0, loaded: 0, stored: 0, corrupt: 0, uncacheable: 0, compileMs: 0, loadMs: 0 });

/** Totals of this process (tests and benchmarks read them; an options.stats gets the same counts). */
export const compiledCacheStats: CompiledCacheStats = newStats();

export interface CompileWithCacheOptions {
  /** Directory of the cached validators (e.g. `<schema cache>/validators`); none: plain ajv.compile. */
  cacheDir?: string;
  /** The cache key (a file name: [a-z0-9-]); default the sha256 described above. */
  key?: string;
  /** Applied to the schema before ajv compiles it (on a miss only); give a `key` that tells it apart. */
  derive?: (schema: Record<string, unknown>) => AnySchema;
  /** Counters of these calls, besides compiledCacheStats. */
  stats?: CompiledCacheStats;
}

/**
 * ajv's `code` options for an instance whose validators are cached: standalone source kept, and
 * the formats and the RegExp engine reached through the runtime. `regExp` is the engine to use
 * (default: JavaScript's RegExp). Spread other code options around it if needed. ajv's codegen
 * optimisation is off: it halves the compile of a cold cache (InferenceService 5.4 s to 3.0 s)
 * for 8% more code, and it changes no verdict or error.
 */
export function standaloneOptions(regExp: (pattern: string, flags: string) => RegExp = (p, f) => new RegExp(p, f)) {
  const engine = Object.assign((pattern: string, flags: string) => regExp(pattern, flags), { code: `require(${JSON.stringify(RUNTIME_MODULE)}).regExp` });
  return { source: true, esm: false, optimize: false, regExp: engine, formats: _`require(${RUNTIME_MODULE}).formats` };
}

const require = createRequire(import.meta.url);
const AJV_VERSION = (require("ajv/package.json") as { version: string }).version;
const DRAFT04_VERSION = (() => {
  try {
    return (require("ajv-draft-04/package.json") as { version: string }).version;
  } catch {
    return "none";
  }
})();

/** Per ajv instance: its runtime, and validators already loaded or compiled by key. */
interface Prepared {
  runtime: Runtime;
  environment: string;
  /** Its sha256: what keys hash (the environment is kilobytes, and a run keys dozens of schemas). */
  environmentKey: string;
  /** Counts of keywords and formats when the environment was described. */
  shape: string;
  cacheable: string | undefined;
  loaded: Map<string, ValidateFunction>;
}
const prepared = new WeakMap<Ajv, Prepared>();

type Definition = { keyword: string; validate?: unknown; compile?: unknown; code?: unknown; macro?: unknown; async?: boolean; [k: string]: unknown };

function definitions(ajv: Ajv): Definition[] {
  const out: Definition[] = [];
  for (const keyword of Object.keys(ajv.RULES.all)) {
    const def = ajv.getKeyword(keyword);
    if (def && typeof def === "object") out.push(def as unknown as Definition);
  }
  return out;
}

/** A stable text of a value with functions (their code, or their source), RegExps and codegen Code. */
function describe(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "function") return `fn:${(v as { code?: unknown }).code !== undefined ? String((v as { code?: unknown }).code) : v.toString()}`;
    if (v instanceof RegExp) return `re:${String(v)}`;
    if (v && typeof v === "object" && (v.constructor?.name === "_Code" || v.constructor?.name === "Name")) return `code:${String(v)}`;
    return v;
  });
}

/** What shapes generated code besides the schema; registers `validate` keywords' functions in ajv's scope. */
function prepare(ajv: Ajv): Prepared {
  // Keywords and formats are only ever added: while their counts hold, so does the environment.
  const shape = `${Object.keys(ajv.RULES.all).length}/${Object.keys(ajv.formats).length}`;
  const seen = prepared.get(ajv);
  if (seen && seen.shape === shape) return seen;
  const defs = definitions(ajv);
  // The RULES and formats may grow after the first call: the description is recomputed then.
  const formats = Object.entries(ajv.formats).map(([name, f]) => (f instanceof RegExp ? `${name}=${String(f)}` : f && typeof f === "object" && "validate" in f && f.validate instanceof RegExp ? `${name}=${String(f.validate)}` : `${name}:${typeof f === "object" && f && "async" in f && f.async ? "async" : "fn"}`));
  const keywordText = defs.map((d) => {
    // A validate keyword's function is reached at run time: only its settings shape the code.
    const { validate, ...rest } = d;
    return describe({ ...rest, validate: typeof validate === "function" ? "runtime" : undefined });
  });
  const options = describe({ ...ajv.opts, formats: undefined, keywords: undefined, schemas: undefined, logger: undefined, uriResolver: undefined });
  const environment = describe({ CACHE_FORMAT, ajv: AJV_VERSION, draft04: DRAFT04_VERSION, dialect: ajv.opts.schemaId, options, formats, keywords: keywordText });
  const known = prepared.get(ajv);
  if (known && known.environment === environment) return Object.assign(known, { shape });

  const keywords: Record<string, unknown> = {};
  let cacheable: string | undefined;
  const code = ajv.opts.code as unknown as { source?: boolean; esm?: boolean; regExp: RegExpEngine; formats?: Code };
  if (!code.source) cacheable = "ajv was created without code.source (use standaloneOptions())";
  else if (code.esm) cacheable = "ajv generates ES modules; the cache loads CommonJS (standaloneOptions())";
  for (const d of defs) {
    if (d.async) cacheable ??= `keyword ${d.keyword} is async`;
    else if (typeof d.compile === "function") cacheable ??= `keyword ${d.keyword} is defined with compile`;
    else if (typeof d.validate === "function") {
      keywords[d.keyword] = d.validate;
      // ajv's funcKeywordCode asks the scope for this function by reference: it gets this name, with code.
      const name = ajv.scope.value("keyword", { ref: d.validate, code: _`require(${RUNTIME_MODULE}).keywords[${d.keyword}]` });
      if (!name.value?.code) cacheable ??= `keyword ${d.keyword} was compiled before the cache was set up`;
    }
  }
  const p: Prepared = { runtime: { regExp: code.regExp, formats: ajv.formats, keywords }, environment, environmentKey: sha256(environment), shape, cacheable, loaded: known?.loaded ?? new Map() };
  prepared.set(ajv, p);
  return p;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const HEADER = /^\/\/ llm-gitops compiled validator v(\d+) key=([a-z0-9-]+) sha256=([0-9a-f]{64})\n/;
const AJV_RUNTIME = /^ajv\/dist\/runtime\/[a-z0-9_]+$/;

/** The cache key of a schema for this ajv instance. */
export function validatorKey(ajv: Ajv, schema: AnySchema): string {
  return validatorKeyOf(ajv, JSON.stringify(schema));
}

/**
 * The cache key for this ajv instance of a schema named by `what` instead of its JSON: a text
 * that fixes the schema as surely (a digest of what it was read from, with the code that reads it).
 */
export function validatorKeyOf(ajv: Ajv, what: string): string {
  return sha256(`${prepare(ajv).environmentKey}\n${what}`);
}

/**
 * Runs a cached module's code: its requires resolve to the runtime or to ajv's runtime helpers
 * only. V8's code cache of the script (`<key>.v8`, written after the validator's first call, when
 * V8 has compiled it) spares parsing and compiling megabytes of code again; V8 refuses one of
 * another version or of other code (then it is written again).
 */
function load(source: string, path: string, ajv: Ajv, runtime: Runtime): ValidateFunction {
  const v8Path = path.replace(/\.cjs$/, ".v8");
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(v8Path);
  } catch {
    // none yet
  }
  const script = new Script(`(function (require, module, exports, self) {${source}\n})`, { filename: path, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const requireIn = (id: string): unknown => {
    if (id === RUNTIME_MODULE) return runtime;
    if (AJV_RUNTIME.test(id)) return require(id);
    throw new Error(`a cached validator requires ${JSON.stringify(id)}`);
  };
  (script.runInThisContext() as (...args: unknown[]) => void)(requireIn, module, module.exports, ajv);
  const fn = module.exports as ValidateFunction;
  if (typeof fn !== "function") throw new Error("a cached validator exports no function");
  if (cachedData && !script.cachedDataRejected) return fn;
  // The first call compiles the validator (lazily, as V8 does): then its code is worth keeping.
  let pending = true;
  const first = function (this: unknown, data: unknown, cxt?: unknown) {
    const ok = (fn as (this: unknown, d: unknown, c?: unknown) => boolean).call(this, data, cxt);
    first.errors = fn.errors;
    if (pending) {
      pending = false;
      try {
        storeFileSync(v8Path, script.createCachedData());
      } catch {
        // only costs the next run a parse
      }
    }
    return ok;
  } as ValidateFunction;
  return Object.assign(first, { schema: fn.schema });
}

/** The cached validator of a file, or why not (undefined: absent). */
function readCached(path: string, key: string, ajv: Ajv, runtime: Runtime): ValidateFunction | Error | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const m = HEADER.exec(text);
  if (!m || Number(m[1]) !== CACHE_FORMAT || m[2] !== key) return new Error("bad header");
  const body = text.slice(m[0].length);
  if (sha256(body) !== m[3]) return new Error("code does not match its sha256");
  try {
    return load(body, path, ajv, runtime);
  } catch (e) {
    return e as Error;
  }
}

/** Writes through a temporary file and a rename: a reader sees the old file or the whole new one. */
function store(path: string, dir: string, key: string, body: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    storeFileSync(path, `// llm-gitops compiled validator v${CACHE_FORMAT} key=${key} sha256=${sha256(body)}\n${body}`);
    return true;
  } catch {
    // A read-only or full cache only costs the next run a compile.
    return false;
  }
}

/**
 * ajv.compile(schema), through the cache: the validator stored for this schema and this ajv
 * configuration when there is a good one, else compiled by ajv and stored. Same verdicts and same
 * errors either way. Synchronous, like ajv.compile.
 */
export function compileWithCache(ajv: Ajv, schema: AnySchema, options: CompileWithCacheOptions = {}): ValidateFunction {
  const p = prepare(ajv);
  const stats = [compiledCacheStats, ...(options.stats ? [options.stats] : [])];
  const count = (k: "compiled" | "loaded" | "stored" | "corrupt" | "uncacheable", ms?: number) =>
    stats.forEach((s) => {
      s[k]++;
      if (ms !== undefined) {
        if (k === "loaded") s.loadMs += ms;
        else s.compileMs += ms;
      }
    });
  const compile = (): ValidateFunction => {
    const started = performance.now();
    const fn = ajv.compile(options.derive ? options.derive(schema as Record<string, unknown>) : schema);
    count("compiled", performance.now() - started);
    return fn;
  };
  if (!options.cacheDir || p.cacheable) {
    count("uncacheable");
    return compile();
  }
  if (options.key !== undefined && !/^[a-z0-9-]{1,128}$/.test(options.key)) throw new Error(`cache key ${JSON.stringify(options.key)} is not a plain file name`);
  const key = options.key ?? validatorKey(ajv, schema);
  const memo = p.loaded.get(key);
  if (memo) return memo;
  const path = join(options.cacheDir, `${key}.cjs`);

  const started = performance.now();
  const hit = readCached(path, key, ajv, p.runtime);
  if (typeof hit === "function") {
    count("loaded", performance.now() - started);
    p.loaded.set(key, hit);
    return hit;
  }
  if (hit) count("corrupt");

  const fn = compile();
  let body: string;
  try {
    body = standaloneCode(ajv, fn);
  } catch {
    // Something in the schema's code has no source form: this schema stays uncached.
    count("uncacheable");
    p.loaded.set(key, fn);
    return fn;
  }
  if (store(path, options.cacheDir, key, body)) count("stored");
  p.loaded.set(key, fn);
  return fn;
}
