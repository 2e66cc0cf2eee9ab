import { spawn } from "node:child_process";
import { readFile, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTree } from "../src/writer.ts";
import { TreeError } from "../src/errors.ts";
import { exact, gen, leftovers, makeTree } from "./trees.ts";
import { filesJson, spawnWriter } from "./child.ts";

/** Two renders that share some paths with different content and differ in others. */
const render = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    path: i % 3 === 0 ? `clusters/${tag}/f${i}.yaml` : `clusters/shared/d${i % 7}/f${i}.yaml`,
    content: gen(`render: ${tag}\nindex: ${i}\n${"x".repeat(i * 10)}\n`),
  }));
const A = render("a", 60);
const B = render("b", 45);

/** The tree a render leaves, written alone into a fresh root. */
async function expected(files: typeof A): Promise<string> {
  const root = await makeTree([]);
  await writeTree(root, files);
  return JSON.stringify(await exact(root));
}

const lockAt = (root: string) => join(root, ".llm-gitops.lock");
const holder = (pid: number, host = hostname()) => JSON.stringify({ pid, host, started: "2025-01-01T00:00:00.000Z", run: `${pid}-0000beef` });
const deadPid = () =>
  new Promise<number>((resolve) => {
    const p = spawn(process.execPath, ["-e", ""]);
    p.on("exit", () => resolve(p.pid!));
  });

describe("the write lock", () => {
  it.each([
    ["a live run on this host", () => holder(process.ppid), /\(pid \d+ on [^,]+, started 2025-01-01T00:00:00.000Z\)/],
    ["a run on another host", () => holder(1, "build-host-7"), /\(pid 1 on build-host-7, started/],
  ])("makes a second run wait, then refuse, while %s holds it", async (_, lock, who) => {
    const root = await makeTree([{ path: "clusters/x/a.yaml", content: gen("old: 1\n") }]);
    const original = await exact(root);
    await writeFile(lockAt(root), lock());
    const started = Date.now();
    const error = await writeTree(root, A, undefined, { timeoutMs: 400 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(error).toBeInstanceOf(TreeError);
    expect((error as Error).message).toMatch(/^another llm-gitops run holds .*\.llm-gitops\.lock /);
    expect((error as Error).message).toMatch(who);
    expect((error as Error).message).toMatch(/wait for it to finish and try again; if no run is active, delete that file \(nothing was changed\)$/);
    expect(await exact(root)).toEqual(original);
    expect(await readFile(lockAt(root), "utf8")).toBe(lock()); // the loser leaves the winner's lock alone
  });

  it.each([
    ["a dead process on this host", async () => holder(await deadPid())],
    ["this pid but a run this process does not hold (a predecessor's)", async () => holder(process.pid)],
    ["an empty, old file (a crash between create and write)", async () => ""],
  ])("recovers a stale lock left by %s", async (_, lock) => {
    const root = await makeTree([]);
    await writeFile(lockAt(root), await lock());
    const old = new Date(Date.now() - 60_000);
    await utimes(lockAt(root), old, old);
    await writeTree(root, A, undefined, { timeoutMs: 400 });
    expect(JSON.stringify(await exact(root))).toBe(await expected(A));
    expect(await leftovers(root)).toEqual([]);
  });

  it("refuses a lock file that is a symlink", async () => {
    const root = await makeTree([]);
    await symlink("/etc/hostname", lockAt(root));
    await expect(writeTree(root, A, undefined, { timeoutMs: 200 })).rejects.toThrow(/^\.llm-gitops\.lock is a symbolic link or special file/);
  });

  it("serialises concurrent writes in one process: the tree is always exactly one render", async () => {
    const [a, b] = [await expected(A), await expected(B)];
    for (let round = 0; round < 3; round++) {
      const root = await makeTree([]);
      const runs = [A, B, A, B, B, A].map((files) => writeTree(root, files));
      const results = await Promise.allSettled(runs);
      expect(results.map((r) => r.status)).toEqual(Array(6).fill("fulfilled"));
      expect([a, b]).toContain(JSON.stringify(await exact(root)));
      expect(await leftovers(root)).toEqual([]);
    }
  });

  it("serialises two processes writing one tree: both succeed in turn and the tree is exactly one render", async () => {
    const [a, b] = [await expected(A), await expected(B)];
    const dir = await makeTree([]);
    const jsons = [await filesJson(dir, "a", A), await filesJson(dir, "b", B)];
    for (let round = 0; round < 2; round++) {
      const root = await makeTree(round === 0 ? [] : A.slice(0, 20));
      const children = await Promise.all([spawnWriter(), spawnWriter()]);
      children.forEach((c, i) => c.go(root, jsons[i]!));
      const outcomes = await Promise.all(children.map((c) => c.done));
      expect(outcomes.map((o) => [o.code, o.result?.ok])).toEqual([
        [0, true],
        [0, true],
      ]);
      expect([a, b]).toContain(JSON.stringify(await exact(root)));
      expect(await leftovers(root)).toEqual([]);
    }
  });
});
