import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.ts";
import { readRecord, renderCache } from "../src/render-cache.ts";
import { captureIo, copyRepo, snapshot } from "./repo.ts";

const sources = [
  { path: "environments/platform.yaml", text: "a: 1\n" },
  { path: "environments/dev.yaml", text: "b: 2\n" },
];
const env = { LLM_GITOPS_RENDER_CACHE: "/cache" };

describe("the render record's key", () => {
  const key = renderCache(env, "build-1", "/repo", sources)!.key;
  it.each([
    ["a source's text", "build-1", [sources[0]!, { ...sources[1]!, text: "b: 3\n" }]],
    ["a source's name", "build-1", [sources[0]!, { ...sources[1]!, path: "environments/prod.yaml" }]],
    ["a source added", "build-1", [...sources, { path: "environments/x.yaml", text: "" }]],
    ["text moved between files", "build-1", [{ ...sources[0]!, text: "a: 1\nb: 2\n" }, { ...sources[1]!, text: "" }]],
    ["the build", "build-2", sources],
  ])("changes with %s", (_, build, changed) => {
    expect(renderCache(env, build, "/repo", changed)!.key).not.toBe(key);
  });

  it("is the same for the same build and sources; one record file per repository", () => {
    expect(renderCache(env, "build-1", "/repo", sources)).toEqual({ key, file: renderCache(env, "build-2", "/repo", sources)!.file });
    expect(renderCache(env, "build-1", "/other", sources)!.file).not.toBe(renderCache(env, "build-1", "/repo", sources)!.file);
  });

  it("exists only for a known build and when not turned off", () => {
    expect(renderCache(env, undefined, "/repo", sources)).toBeUndefined();
    expect(renderCache({ LLM_GITOPS_RENDER_CACHE: "off" }, "build-1", "/repo", sources)).toBeUndefined();
    expect(renderCache({}, "build-1", "/repo", sources)).toBeUndefined();
    expect(renderCache({ HOME: "/home/u" }, "build-1", "/repo", sources)!.file).toMatch(/^\/home\/u\/\.cache\/llm-gitops\/renders\/[0-9a-f]{64}\.json$/);
    expect(renderCache({ HOME: "/home/u", XDG_CACHE_HOME: "/xdg" }, "build-1", "/repo", sources)!.file).toMatch(/^\/xdg\/llm-gitops\/renders\//);
  });
});

describe("generate with a render record", () => {
  async function setup() {
    const root = await copyRepo();
    const cache = await mkdtemp(join(tmpdir(), "llm-gitops-render-cache-"));
    const run = async (build: string | undefined, ...args: string[]) => {
      const io = { ...captureIo(root), env: { LLM_GITOPS_RENDER_CACHE: cache }, build };
      const code = await main(["generate", ...args], io);
      return { code, stdout: io.stdout, stderr: io.stderr };
    };
    const recordFile = async () => join(cache, (await readdir(cache)).find((f) => f.endsWith(".json"))!);
    return { root, cache, run, recordFile };
  }

  it("reports what the render reported, and is used: the tree is still compared with it", async () => {
    const { run, recordFile } = await setup();
    const first = await run("b1");
    const again = await run("b1");
    expect(first.code).toBe(0);
    expect(again).toEqual(first);
    // A record edited under the same key stands in for the render: --check compares the tree with it.
    const file = await recordFile();
    const stored = JSON.parse(await readFile(file, "utf8"));
    const target = stored.record.files.find((f: { path: string }) => f.path.endsWith("kustomization.yaml"));
    target.content += "# edited\n";
    await writeFile(file, JSON.stringify(stored));
    const check = await run("b1", "--check");
    expect(check.code).toBe(1);
    expect([...check.stdout, ...check.stderr].join("\n")).toContain(`stale    ${target.path}`);
    // Another build renders again (and replaces the record): the tree is up to date with that.
    expect((await run("b2", "--check")).code).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8")).key).not.toBe(stored.key);
  });

  it("renders again when environments/ change, writing what a run without a record writes", async () => {
    const { root, run } = await setup();
    await run("b1");
    const dev = join(root, "environments/dev.yaml");
    await writeFile(dev, (await readFile(dev, "utf8")).replace("min: 1", "min: 2"));
    const changed = await run("b1");
    expect([...changed.stdout, ...changed.stderr].join("\n")).toMatch(/[1-9]\d* updated/);
    const withRecord = await snapshot(root);
    const plain = await copyRepo();
    await writeFile(join(plain, "environments/dev.yaml"), await readFile(dev, "utf8"));
    const io = captureIo(plain);
    expect(await main(["generate"], io)).toBe(0);
    expect(withRecord).toEqual(await snapshot(plain));
  });

  it("ignores a record it cannot read or that is not well formed", async () => {
    const { run, recordFile } = await setup();
    const first = await run("b1");
    const file = await recordFile();
    const key = JSON.parse(await readFile(file, "utf8")).key;
    for (const bad of ["{", "null", JSON.stringify({ format: "llm-gitops render record 1", key, record: { files: [{ path: 1 }] } })]) {
      await writeFile(file, bad);
      expect(readRecord({ file, key })).toBeUndefined();
      expect(await run("b1", "--check")).toEqual({ ...first, stdout: expect.any(Array) });
      expect((await run("b1", "--check")).code).toBe(0);
    }
  });
});
