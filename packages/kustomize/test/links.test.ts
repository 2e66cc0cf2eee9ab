import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readManagedTree } from "../src/tree.ts";
import { checkTree, writeTree } from "../src/writer.ts";
import { TreeError } from "../src/errors.ts";
import { exact, gen, makeTree } from "./trees.ts";

const wanted = [
  { path: "clusters/a/prod/kustomization.yaml", content: gen("new: 1\n") },
  { path: "docker/m/Dockerfile", content: gen("FROM y\n") },
];

/** A directory outside the repository that a link points into: it must stay exactly as it was. */
async function outside(): Promise<{ dir: string; contents: () => Promise<string[]> }> {
  const dir = await mkdtemp(join(tmpdir(), "llm-gitops-outside-"));
  await writeFile(join(dir, "precious.yaml"), gen("keep: me\n"));
  const contents = async () => Promise.all((await readdir(dir, { recursive: true })).sort().map(async (n) => `${n}=${await readFile(join(dir, n), "utf8").catch(() => "<dir>")}`));
  return { dir, contents };
}

/** Fails instead of hanging when a FIFO is opened for reading (today's reader blocks for ever). */
const within = <T>(p: Promise<T>, ms = 3_000) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms))]);

describe("links and special files under clusters/ and docker/", () => {
  it.each([
    ["clusters", "clusters/"],
    ["docker/m", "docker/m"],
    ["clusters/a", "clusters/a"],
  ])("refuses %s as a symlink, naming it, before changing anything", async (link, named) => {
    const out = await outside(); // holds a generated-looking file today's writer deletes as "extra"
    const root = await makeTree([{ path: "docker/keep/Dockerfile", content: gen("FROM x\n") }]);
    await mkdir(dirname(join(root, link)), { recursive: true });
    await symlink(out.dir, join(root, link));
    const before = await out.contents();
    const error = await writeTree(root, wanted).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TreeError);
    expect((error as Error).message).toMatch(new RegExp(`^${named.replace(/\//g, "\\/")} is a symbolic link: llm-gitops never reads or writes through a link`));
    expect(await out.contents()).toEqual(before);
    expect(await readFile(join(root, "docker/keep/Dockerfile"), "utf8")).toBe(gen("FROM x\n"));
    await expect(checkTree(root, wanted)).rejects.toThrow(/is a symbolic link/);
    await expect(readManagedTree(root)).rejects.toThrow(/is a symbolic link/);
  });

  it("refuses a file that is a symlink (to a file outside), and never reads it", async () => {
    const out = await outside();
    const root = await makeTree([{ path: "clusters/a/prod/kustomization.yaml", content: gen("old: 1\n") }]);
    await symlink(join(out.dir, "precious.yaml"), join(root, "clusters/a/prod/leak.yaml"));
    const original = await readFile(join(root, "clusters/a/prod/kustomization.yaml"), "utf8");
    await expect(writeTree(root, wanted)).rejects.toThrow("clusters/a/prod/leak.yaml is a symbolic link");
    await expect(readManagedTree(root)).rejects.toThrow("clusters/a/prod/leak.yaml is a symbolic link");
    expect(await readFile(join(root, "clusters/a/prod/kustomization.yaml"), "utf8")).toBe(original);
    expect(await readFile(join(out.dir, "precious.yaml"), "utf8")).toBe(gen("keep: me\n"));
  });

  it("refuses a symlinked journal directory instead of writing backups through it", async () => {
    const out = await outside();
    const root = await makeTree([{ path: "clusters/a/prod/kustomization.yaml", content: gen("old: 1\n") }]);
    await symlink(out.dir, join(root, ".llm-gitops"));
    const before = await out.contents();
    await expect(writeTree(root, wanted)).rejects.toThrow(/^\.llm-gitops is not a directory llm-gitops made \(it is a symlink\)/);
    expect(await out.contents()).toEqual(before);
  });

  it("refuses a FIFO without opening it (no hang), and a socket", async () => {
    const root = await makeTree([{ path: "clusters/a/prod/kustomization.yaml", content: gen("old: 1\n") }]);
    const original = await exact(root);
    await promisify(execFile)("mkfifo", [join(root, "clusters/a/prod/pipe.yaml")]);
    await expect(within(readManagedTree(root))).rejects.toThrow("clusters/a/prod/pipe.yaml is not a regular file (a FIFO, socket or device)");
    await expect(within(writeTree(root, wanted))).rejects.toThrow("clusters/a/prod/pipe.yaml is not a regular file");
    await expect(within(checkTree(root, wanted))).rejects.toThrow("clusters/a/prod/pipe.yaml is not a regular file");

    const server = createServer();
    const sock = join(root, "docker/s.sock");
    await makeTree([{ path: "docker/x/Dockerfile", content: gen("FROM x\n") }], root);
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      await expect(within(readManagedTree(root))).rejects.toThrow(/is not a regular file/);
    } finally {
      server.close();
    }
    expect((await readFile(join(root, "clusters/a/prod/kustomization.yaml"), "utf8"))).toBe(gen("old: 1\n"));
    expect(original).toHaveLength(1);
  });
});

describe("a huge file under the managed roots", () => {
  it("is refused without being read into memory", async () => {
    const root = await makeTree([]);
    await mkdir(join(root, "clusters/a"), { recursive: true });
    await promisify(execFile)("truncate", ["-s", "65M", join(root, "clusters/a/huge.yaml")]);
    await expect(checkTree(root, wanted)).rejects.toThrow(/clusters\/a\/huge\.yaml is larger than 64 MiB/);
  });
});
