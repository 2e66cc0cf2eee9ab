import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { urlPath } from "./locations.ts";
import { PINNED } from "./pins.ts";

/**
 * The on-disk schema cache: upstream files laid out by URL (`<cache>/<host>/<path>`, as a mirror
 * is), so a filled cache can serve as LLM_GITOPS_SCHEMA_MIRROR. Files with a pinned sha256 are
 * kept only when they hash to it.
 */

export const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/**
 * The llm-gitops cache directory `name`: `$XDG_CACHE_HOME/llm-gitops/<name>`, else
 * `~/.cache/llm-gitops/<name>`; undefined when the environment names no home. Read from the
 * environment given (not process.env), so a caller that passes none gets no cache.
 */
export function userCacheDir(env: Record<string, string | undefined>, name: string): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, ".cache") : undefined);
  return base ? join(base, "llm-gitops", name) : undefined;
}

/** Where schemas are cached when no -cache is given: LLM_GITOPS_SCHEMA_CACHE, else userCacheDir's `schemas`. */
export function defaultCacheDir(env: Record<string, string | undefined>): string | undefined {
  return env.LLM_GITOPS_SCHEMA_CACHE || userCacheDir(env, "schemas");
}

/** Where compiled validators are cached: LLM_GITOPS_VALIDATOR_CACHE, else beside the schema cache (`validators`). */
export function defaultValidatorCacheDir(env: Record<string, string | undefined>): string | undefined {
  return env.LLM_GITOPS_VALIDATOR_CACHE || userCacheDir(env, "validators");
}

/** A URL's file in the cache: by URL, else (a port, plain http) by the URL's hash. */
export const cachePath = (cache: string, url: string) => urlPath(url, cache) ?? join(cache, "by-url", `${sha256(Buffer.from(url))}.json`);

/** A file whose bytes are not the pinned ones: refused, with both hashes so either side can be checked. */
export class IntegrityError extends Error {}

export function integrityProblem(url: string, bytes: Uint8Array, expected = PINNED.get(url)?.sha256, where = ""): IntegrityError | undefined {
  if (expected === undefined) return undefined;
  const actual = sha256(bytes);
  if (actual === expected) return undefined;
  return new IntegrityError(`sha256 mismatch for ${url}${where}: pinned ${expected}, got ${actual}; the file was not used`);
}

/**
 * Writes through a temporary file and a rename, synchronously: a concurrent reader never sees
 * half a file. The directory must exist; on failure nothing is left and the error is thrown.
 */
export function storeFileSync(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A cache entry's JSON; undefined when it is missing, unreadable or not JSON (a miss). */
export function readCacheJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Writes a cache entry whole (storeFileSync), its directory made first; false when it cannot: a cache that cannot be written is no cache. */
export function writeCacheJson(path: string, value: unknown): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    storeFileSync(path, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Writes through a temporary file and a rename: concurrent runs never read half a file. */
export async function storeFile(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path).catch(async (e: unknown) => {
    await unlink(tmp).catch(() => undefined);
    throw e;
  });
}

/** A cached file, or undefined when absent or (pinned and) not the pinned bytes, which is then dropped. */
export async function readCached(cache: string, url: string, expected = PINNED.get(url)?.sha256): Promise<Buffer | undefined> {
  const path = cachePath(cache, url);
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined || !integrityProblem(url, bytes, expected)) return bytes;
  await unlink(path).catch(() => undefined);
  return undefined;
}

export interface Download {
  /** The URL the file is known (and cached) by. */
  url: string;
  sha256: string;
  /** Where to fetch it, when not `url`: the same bytes at a fixed commit of a moving branch. */
  from?: string;
}

/**
 * Fills a cache with files it lacks (a test setup's first run, or a warm-up before going
 * offline), verifying each; returns how many were fetched. A 404 or a wrong hash is an error
 * naming the URL, and nothing is kept of that file.
 */
export async function prefetch(files: readonly Download[], cache: string, fetcher: typeof fetch = globalThis.fetch, workers = 8): Promise<number> {
  let fetched = 0;
  const queue = [...files];
  const one = async (f: Download) => {
    if (await readCached(cache, f.url, f.sha256)) return;
    const source = f.from ?? f.url;
    const res = await fetcher(source).catch((e: Error) => {
      throw new Error(`could not fetch schema ${source}: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    });
    if (!res.ok) throw new Error(`could not fetch schema ${source}: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const bad = integrityProblem(f.url, bytes, f.sha256);
    if (bad) throw bad;
    await storeFile(cachePath(cache, f.url), bytes);
    fetched++;
  };
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await one(f);
    }),
  );
  return fetched;
}
