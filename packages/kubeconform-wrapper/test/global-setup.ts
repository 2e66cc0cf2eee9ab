import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { defaultCacheDir, prefetch } from "../src/cache.ts";
import { TEST_DOWNLOADS } from "./schema-urls.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The schema mirror tests read (inject("schemaMirror")): a directory of upstream files by URL. */
    schemaMirror: string;
  }
}

/** ../shared/crds beside the repository, when this machine has it. */
const SHARED = resolve(import.meta.dirname, "../../../../shared/crds");

/**
 * The mirror tests read: LLM_GITOPS_SCHEMA_MIRROR when set, else ../shared/crds when present (no
 * network either way), else the schema cache after downloading every file the tests read into it,
 * each verified (a machine with network and without ../shared). LLM_GITOPS_SCHEMA_UPSTREAM, for
 * tests of this setup only, serves `https://<host>/<path>` from `<upstream>/<host>/<path>`.
 */
export async function testSchemaMirror(env: Record<string, string | undefined>, fetcher: typeof fetch = globalThis.fetch, shared = SHARED): Promise<string> {
  if (env.LLM_GITOPS_SCHEMA_MIRROR) return env.LLM_GITOPS_SCHEMA_MIRROR;
  if (existsSync(shared)) return shared;
  const cache = defaultCacheDir(env) ?? join(tmpdir(), "llm-gitops-schemas");
  const upstream = env.LLM_GITOPS_SCHEMA_UPSTREAM?.replace(/\/$/, "");
  const get = upstream ? (url: string | URL | Request) => fetcher(String(url).replace(/^https:\/\//, `${upstream}/`)) : fetcher;
  const fetched = await prefetch(TEST_DOWNLOADS, cache, get as typeof fetch);
  if (fetched) console.log(`test setup: fetched ${fetched} upstream schema files into ${cache} (sha256 verified)`);
  return cache;
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide("schemaMirror", await testSchemaMirror(process.env));
}
