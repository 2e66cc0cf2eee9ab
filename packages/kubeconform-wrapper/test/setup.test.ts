import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachePath, sha256 } from "../src/cache.ts";
import { PINNED } from "../src/pins.ts";
import { testSchemaMirror } from "./global-setup.ts";
import { TEST_DOWNLOADS } from "./schema-urls.ts";
import { offline, serveUpstream } from "./upstream.ts";

/** The test setup on a machine without ../shared/crds: it fills the schema cache from upstream (here on loopback). */
describe("the test setup's schema mirror", () => {
  let upstream: Awaited<ReturnType<typeof serveUpstream>>;
  beforeAll(async () => {
    upstream = await serveUpstream();
  });
  afterAll(() => upstream.close());
  const NO_SHARED = "/nonexistent/shared/crds";

  it("lists every pinned file once among the downloads", () => {
    const urls = TEST_DOWNLOADS.map((d) => d.url);
    expect(new Set(urls).size).toBe(urls.length);
    for (const url of PINNED.keys()) expect(urls).toContain(url);
  });

  it("fetches files of moving branches at the commit they were taken from", () => {
    const moving = TEST_DOWNLOADS.filter((d) => !PINNED.has(d.url));
    expect(moving.length).toBeGreaterThan(0);
    for (const d of moving) expect(d.from).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
  });

  it("downloads every file the tests read on the first run, verified, and nothing on the second", async () => {
    const cache = await mkdtemp(join(tmpdir(), "setup-cache-"));
    const env = { LLM_GITOPS_SCHEMA_CACHE: cache, LLM_GITOPS_SCHEMA_UPSTREAM: upstream.base };
    const before = upstream.seen.length;
    expect(await testSchemaMirror(env, globalThis.fetch, NO_SHARED)).toBe(cache);
    expect(upstream.seen.length - before).toBe(TEST_DOWNLOADS.length);
    for (const d of TEST_DOWNLOADS) expect(sha256(await readFile(cachePath(cache, d.url)))).toBe(d.sha256);
    expect(await testSchemaMirror(env, offline, NO_SHARED)).toBe(cache);
  });

  it("fails on a file that is not the listed bytes, naming it", async () => {
    const cache = await mkdtemp(join(tmpdir(), "setup-cache-"));
    const last = TEST_DOWNLOADS.at(-1)!;
    const url = last.url;
    const fetched = last.from ?? url;
    upstream.tampered.set(fetched, "{}");
    try {
      await expect(testSchemaMirror({ LLM_GITOPS_SCHEMA_CACHE: cache, LLM_GITOPS_SCHEMA_UPSTREAM: upstream.base }, globalThis.fetch, NO_SHARED)).rejects.toThrow(`sha256 mismatch for ${url}`);
    } finally {
      upstream.tampered.delete(fetched);
    }
  });

  it.each([
    ["LLM_GITOPS_SCHEMA_MIRROR", { LLM_GITOPS_SCHEMA_MIRROR: "/some/mirror" }, NO_SHARED, "/some/mirror"],
    ["../shared/crds", {}, import.meta.dirname, import.meta.dirname],
  ])("uses %s when there is one, without the network", async (_, env, shared, expected) => {
    expect(await testSchemaMirror(env, offline, shared)).toBe(expected);
  });
});
