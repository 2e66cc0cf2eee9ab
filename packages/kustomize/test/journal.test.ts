import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTree, writeTree } from "../src/writer.ts";
import { TreeError } from "../src/errors.ts";
import { exact, faultyFs, gen, leftovers, makeTree } from "./trees.ts";

const old = [
  { path: "clusters/a/kustomization.yaml", content: gen("old: 1\n"), mode: 0o600 },
  { path: "clusters/a/gone.yaml", content: gen("gone: 1\n") },
];
const render = [{ path: "clusters/a/kustomization.yaml", content: gen("new: 1\n") }];

describe("the journal", () => {
  it("is rolled back by the next checkTree too, which then reports the old tree", async () => {
    const root = await makeTree(old);
    const original = await exact(root);
    let ops = 0;
    // The disk stops right after the first rename into the tree: a journal is live, the tree is mixed.
    const stopAfterTreeRename = faultyFs((op, p) => {
      if (ops > 0) return new Error("crashed");
      if (op === "rename" && !p.includes(".llm-gitops/")) ops++;
      return undefined;
    });
    await expect(writeTree(root, render, stopAfterTreeRename)).rejects.toThrow();
    expect(await exact(root)).not.toEqual(original);
    expect(await checkTree(root, render)).toEqual({ stale: ["clusters/a/kustomization.yaml"], missing: [], extra: ["clusters/a/gone.yaml"], foreign: [], blocked: [] });
    expect(await exact(root)).toEqual(original);
    expect(await leftovers(root)).toEqual([]);
  });

  it.each([
    ["a path outside the managed roots", { path: "../outside.txt", old: Buffer.from("pwned").toString("base64"), mode: 0o644 }],
    ["a path into environments/", { path: "environments/prod.yaml", old: Buffer.from("pwned").toString("base64"), mode: 0o644 }],
    ["a path that is not a string", { path: 42 }],
  ])("refuses a journal naming %s (it may come from a pull request), restoring nothing", async (_, change) => {
    const root = await makeTree([...old, { path: "environments/prod.yaml", content: "real: 1\n" }]);
    const original = await exact(root);
    await mkdir(join(root, ".llm-gitops"));
    const escape = `../${basename(root)}.escape`; // beside the root, unique to this test
    const named = change.path === "../outside.txt" ? { ...change, path: escape } : change;
    const journal = { version: 1, run: "1-abcd", pid: 1, host: "h", started: "", changes: [named], temps: [], createdDirs: [] };
    await writeFile(join(root, ".llm-gitops/journal.json"), JSON.stringify(journal));
    const error = await writeTree(root, render).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TreeError);
    expect((error as Error).message).toMatch(/^\.llm-gitops\/journal\.json is not a journal llm-gitops wrote/);
    expect(await exact(root)).toEqual(original);
    expect(await readFile(join(root, "environments/prod.yaml"), "utf8")).toBe("real: 1\n");
    await expect(readFile(join(root, escape), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
