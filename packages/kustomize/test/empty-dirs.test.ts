import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanTree } from "../src/tree.ts";
import { emptyDirs, writeTree } from "../src/writer.ts";
import { gen, makeTree } from "./trees.ts";

/** Every directory under the managed roots, by relative path. */
async function dirsOf(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(join(root, rel), { withFileTypes: true })) if (e.isDirectory()) out.push(`${rel}/${e.name}`), await walk(`${rel}/${e.name}`);
  };
  for (const r of ["clusters", "docker"]) await walk(r).catch(() => undefined);
  return out.sort();
}

const segment = fc.constantFrom("a", "b", "c");
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `clusters/${s.join("/")}`);

describe("a no-op write removes the empty directories from its scan", () => {
  it("the directories below the roots with no file beneath, deepest first, as a naive reading finds them", () => {
    fc.assert(
      fc.property(fc.uniqueArray(path), fc.uniqueArray(path), (dirs, fileDirs) => {
        const files = new Map(fileDirs.map((d) => [`${d}/f.yaml`, { bytes: Buffer.from(""), mode: 0o644 }]));
        const all = new Set(["clusters", ...[...dirs, ...fileDirs].flatMap((d) => d.split("/").map((_, i, p) => p.slice(0, i + 1).join("/")))]);
        const empty = emptyDirs({ files, dirs: all });
        const naive = [...all].filter((d) => d !== "clusters" && ![...files.keys()].some((f) => f.startsWith(`${d}/`)));
        expect([...empty].sort()).toEqual(naive.sort());
        empty.forEach((d, i) => empty.slice(i + 1).forEach((later) => expect(d.startsWith(`${later}/`) || !later.startsWith(`${d}/`)).toBe(true)));
      }),
    );
  });

  it("leaves no empty directory and every file, as a write that changed something does", async () => {
    const files = [{ path: "clusters/a/prod/kustomization.yaml", content: gen("a: 1\n") }];
    const root = await makeTree(files);
    for (const d of ["clusters/a/empty", "clusters/x/y/z", "docker/none"]) await mkdir(join(root, d), { recursive: true });
    expect((await scanTree(root)).dirs.size).toBeGreaterThan(4);
    const diff = await writeTree(root, files);
    expect([...diff.stale, ...diff.missing, ...diff.extra]).toEqual([]);
    expect(await dirsOf(root)).toEqual(["clusters/a", "clusters/a/prod"]);
  });
});
