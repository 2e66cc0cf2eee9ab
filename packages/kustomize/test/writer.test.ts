import { readFile, stat, utimes, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readManagedTree, nodeFs, type TreeFs } from "../src/tree.ts";
import { checkTree, writeTree } from "../src/writer.ts";
import { writeFiles } from "./helpers.ts";

const before = [
  { path: "clusters/a/prod/kustomization.yaml", content: "old: 1\n" },
  { path: "clusters/a/prod/keep.yaml", content: "same: 1\n" },
  { path: "clusters/gone/dev/kustomization.yaml", content: "stale: 1\n" },
  { path: "docker/m/Dockerfile", content: "FROM x\n" },
];
const wanted = [
  { path: "clusters/a/prod/kustomization.yaml", content: "new: 1\n" },
  { path: "clusters/a/prod/keep.yaml", content: "same: 1\n" },
  { path: "clusters/b/prod/kustomization.yaml", content: "added: 1\n" },
  { path: "docker/m/Dockerfile", content: "FROM y\n" },
];

async function snapshot(root: string) {
  return [...(await readManagedTree(root)).entries()];
}

describe("writeTree", () => {
  it("adds, updates and removes, leaving unchanged files untouched and no empty directories", async () => {
    const root = await writeFiles([...before, { path: "README.md", content: "not managed\n" }]);
    const old = new Date("2020-01-01T00:00:00Z");
    await utimes(join(root, "clusters/a/prod/keep.yaml"), old, old);
    const diff = await writeTree(root, wanted);
    expect(diff).toEqual({
      stale: ["clusters/a/prod/kustomization.yaml", "docker/m/Dockerfile"],
      missing: ["clusters/b/prod/kustomization.yaml"],
      extra: ["clusters/gone/dev/kustomization.yaml"],
    });
    expect(await snapshot(root)).toEqual(wanted.map((f) => [f.path, f.content]).sort());
    expect((await stat(join(root, "clusters/a/prod/keep.yaml"))).mtime).toEqual(old);
    await expect(stat(join(root, "clusters/gone"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(root, "README.md"), "utf8")).toBe("not managed\n");
  });

  // Each fails after some files were already changed, so there is something to roll back.
  it.each([
    ["writeFile", 2],
    ["rename", 2],
    ["unlink", 1],
  ] as const)("puts everything back when %s fails midway (call %i)", async (failing, failAt) => {
    const root = await writeFiles(before);
    const original = await snapshot(root);
    let calls = 0;
    const flaky: TreeFs = {
      ...nodeFs,
      [failing]: async (...args: [string, string]) => {
        if (++calls === failAt) throw Object.assign(new Error(`${failing} failed: disk full`), { code: "ENOSPC" });
        return (nodeFs[failing] as (...a: [string, string]) => Promise<void>)(...args);
      },
    };
    await expect(writeTree(root, wanted, flaky)).rejects.toThrow(/disk full/);
    expect(await snapshot(root)).toEqual(original);
  });

  it("refuses two files at one path and paths outside the managed roots, writing nothing", async () => {
    const root = await writeFiles(before);
    const original = await snapshot(root);
    await expect(writeTree(root, [...wanted, { path: "clusters/b/prod/kustomization.yaml", content: "x" }])).rejects.toThrow(
      "two generated files claim the same path: clusters/b/prod/kustomization.yaml",
    );
    await expect(writeTree(root, [{ path: "environments/prod.yaml", content: "x" }])).rejects.toThrow(/refusing to write environments\/prod.yaml/);
    await expect(writeTree(root, [{ path: "clusters/../x", content: "x" }])).rejects.toThrow(/refusing to write/);
    expect(await snapshot(root)).toEqual(original);
  });
});

describe("checkTree", () => {
  it("lists stale, missing and extra files and changes nothing", async () => {
    const root = await writeFiles(before);
    const original = await snapshot(root);
    expect(await checkTree(root, wanted)).toEqual({
      stale: ["clusters/a/prod/kustomization.yaml", "docker/m/Dockerfile"],
      missing: ["clusters/b/prod/kustomization.yaml"],
      extra: ["clusters/gone/dev/kustomization.yaml"],
    });
    expect(await snapshot(root)).toEqual(original);
  });

  it("is clean right after a write", async () => {
    const root = await writeFiles([]);
    await mkdir(join(root, "clusters"));
    await writeFile(join(root, "clusters/leftover.yaml"), "x: 1\n");
    await writeTree(root, wanted);
    expect(await checkTree(root, wanted)).toEqual({ stale: [], missing: [], extra: [] });
  });
});
