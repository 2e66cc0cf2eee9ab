import { readFile, stat, utimes, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readManagedTree } from "../src/tree.ts";
import { checkTree, recoverTree, writeTree } from "../src/writer.ts";
import { RestoreError, TreeError } from "../src/errors.ts";
import { errno, exact, faultyFs, gen, leftovers, makeTree, type Seed } from "./trees.ts";

const SYNTAX = "# syntax=docker/dockerfile:1\n";
// Bytes that are not UTF-8 and modes that are not the default: a rollback must keep both.
const before: Seed[] = [
  { path: "clusters/a/prod/kustomization.yaml", content: Buffer.concat([Buffer.from(gen("old: 1\n")), Buffer.from([0xff, 0xfe, 0x0a])]), mode: 0o600 },
  { path: "clusters/a/prod/keep.yaml", content: gen("same: 1\n") },
  { path: "clusters/gone/dev/kustomization.yaml", content: gen("stale: 1\n"), mode: 0o640 },
  { path: "docker/m/Dockerfile", content: SYNTAX + gen("FROM x\n"), mode: 0o755 },
];
const wanted = [
  { path: "clusters/a/prod/kustomization.yaml", content: gen("new: 1\n") },
  { path: "clusters/a/prod/keep.yaml", content: gen("same: 1\n") },
  { path: "clusters/b/prod/kustomization.yaml", content: gen("added: 1\n") },
  { path: "docker/m/Dockerfile", content: SYNTAX + gen("FROM y\n") },
];
const changed = {
  stale: ["clusters/a/prod/kustomization.yaml", "docker/m/Dockerfile"],
  missing: ["clusters/b/prod/kustomization.yaml"],
  extra: ["clusters/gone/dev/kustomization.yaml"],
  foreign: [],
  blocked: [],
};

describe("writeTree", () => {
  it("adds, updates and removes, leaving unchanged files, modes and no empty directories or temp files", async () => {
    const root = await makeTree([...before, { path: "README.md", content: "not managed\n" }]);
    const old = new Date("2020-01-01T00:00:00Z");
    await utimes(join(root, "clusters/a/prod/keep.yaml"), old, old);
    expect(await writeTree(root, wanted)).toEqual(changed);
    expect([...(await readManagedTree(root))]).toEqual(wanted.map((f) => [f.path, f.content]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
    expect((await stat(join(root, "clusters/a/prod/keep.yaml"))).mtime).toEqual(old);
    expect((await stat(join(root, "clusters/a/prod/kustomization.yaml"))).mode & 0o777).toBe(0o600); // an update keeps the mode
    await expect(stat(join(root, "clusters/gone"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(root, "README.md"), "utf8")).toBe("not managed\n");
    expect(await leftovers(root)).toEqual([]);
  });

  // Each fails after some files were already changed, so there is something to roll back.
  it.each([
    ["writeFile", 3], // a new file's temp copy (the journal is the first)
    ["rename", 3], // the second new file into place (the journal's rename is the first)
    ["unlink", 1], // the removal, after every new file is in place
  ] as const)("puts every byte and mode back when %s fails midway (call %i)", async (op, at) => {
    const root = await makeTree(before);
    const original = await exact(root);
    const fs = faultyFs((o, p, n) => (o === op && n === at ? errno("EIO", p, op) : undefined));
    await expect(writeTree(root, wanted, fs)).rejects.toThrow(/EIO/);
    expect(await exact(root)).toEqual(original);
    expect(await leftovers(root)).toEqual([]);
  });

  it("reports every file an undo could not restore, keeps the journal, and the next run restores them", async () => {
    const root = await makeTree(before);
    const original = await exact(root);
    let broken = false;
    const fs = faultyFs((op, p) => {
      if (op === "unlink" && p.endsWith("gone/dev/kustomization.yaml")) return (broken = true), errno("ENOSPC", p, "unlink");
      return broken && op === "writeFile" ? errno("ENOSPC", p, "open") : undefined;
    });
    const error = await writeTree(root, wanted, fs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect([...(error as RestoreError).unrestored].sort()).toEqual(["clusters/a/prod/kustomization.yaml", "docker/m/Dockerfile"]);
    expect((error as Error).message).toMatch(/^could not restore 2 files after a failed write/);
    expect((error as Error).message).toContain("\n  docker/m/Dockerfile: ENOSPC");
    expect(await leftovers(root)).toContain(".llm-gitops");
    expect(await recoverTree(root)).toBe(true);
    expect(await exact(root)).toEqual(original);
    expect(await leftovers(root)).toEqual([]);
  });

  it.each([
    ["EACCES", "permission denied; give this user access to it"],
    ["EPERM", "operation not permitted; give this user access to it \\(check immutable flags\\)"],
    ["EROFS", "read-only file system; run in a writable checkout"],
    ["ENOSPC", "no space left on device; free some space and run again"],
  ])("turns %s into a one-line user error naming the path, and changes nothing", async (code, says) => {
    const root = await makeTree(before);
    const original = await exact(root);
    const fs = faultyFs((op, p) => (op === "rename" && p.includes(".llm-gitops-") && !p.includes("journal") ? errno(code, p, "rename") : undefined));
    const error = await writeTree(root, wanted, fs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TreeError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot write clusters/b/prod/kustomization\\.yaml: ${says} \\(nothing was changed\\)$`));
    expect(await exact(root)).toEqual(original);
  });

  it("uses temp names unique to the run and removes temp files a crashed run left", async () => {
    const root = await makeTree([
      ...before,
      { path: "clusters/a/prod/kustomization.yaml.llm-gitops-tmp", content: "half" }, // older versions' name
      { path: "clusters/a/prod/.keep.yaml.llm-gitops-4242-0badf00d.tmp", content: gen("half") },
    ]);
    const temps: string[] = [];
    const spy = faultyFs((op, p) => void (op === "writeFile" && p.endsWith(".tmp") && temps.push(p)) as undefined);
    await writeTree(root, wanted, spy);
    await writeTree(root, [...wanted.slice(0, 3), { path: "docker/m/Dockerfile", content: SYNTAX + gen("FROM z\n") }], spy);
    const names = temps.filter((t) => t.includes("/docker/m/.Dockerfile."));
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(new RegExp(`\\.Dockerfile\\.llm-gitops-${process.pid}-[0-9a-f]{8}\\.tmp$`));
    expect(names[0]).not.toBe(names[1]);
    expect(await leftovers(root)).toEqual([]);
  });

  it("refuses two files at one path, paths outside the managed roots and rendered files without the header, writing nothing", async () => {
    const root = await makeTree(before);
    const original = await exact(root);
    await expect(writeTree(root, [...wanted, { path: "clusters/b/prod/kustomization.yaml", content: "x" }])).rejects.toThrow(
      "two generated files claim the same path: clusters/b/prod/kustomization.yaml",
    );
    await expect(writeTree(root, [{ path: "environments/prod.yaml", content: "x" }])).rejects.toThrow(/refusing to write environments\/prod.yaml/);
    await expect(writeTree(root, [{ path: "clusters/../x", content: "x" }])).rejects.toThrow(/refusing to write/);
    await expect(writeTree(root, [{ path: "clusters/x.yaml", content: "x: 1\n" }])).rejects.toThrow(/without the generated header.*clusters\/x.yaml/);
    expect(await exact(root)).toEqual(original);
  });
});

describe("checkTree", () => {
  it("lists stale, missing and extra files and changes nothing", async () => {
    const root = await makeTree(before);
    const original = await exact(root);
    expect(await checkTree(root, wanted)).toEqual(changed);
    expect(await exact(root)).toEqual(original);
    expect(await leftovers(root)).toEqual([]);
  });

  it("is clean right after a write", async () => {
    const root = await makeTree([]);
    await mkdir(join(root, "clusters"));
    await writeFile(join(root, "clusters/leftover.yaml"), gen("x: 1\n"));
    await writeTree(root, wanted);
    expect(await checkTree(root, wanted)).toEqual({ stale: [], missing: [], extra: [], foreign: [], blocked: [] });
  });
});
