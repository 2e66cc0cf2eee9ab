import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GENERATED_HEADER } from "@llm-gitops/core";
import { nodeFs, type TreeFs } from "../src/tree.ts";

/** Content as the renderers make it: the generated header first. */
export const gen = (body: string) => `${GENERATED_HEADER.map((l) => `# ${l}`).join("\n")}\n${body}`;

export interface Seed {
  path: string;
  content: string | Buffer;
  mode?: number;
}

/** A scratch repository root holding the given files (exact bytes and modes). */
export async function makeTree(files: readonly Seed[], root?: string): Promise<string> {
  const dir = root ?? (await mkdtemp(join(tmpdir(), "llm-gitops-tree-")));
  for (const f of files) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
    if (f.mode !== undefined) await chmod(join(dir, f.path), f.mode);
  }
  return dir;
}

/**
 * The managed tree byte- and mode-exact: [path, base64, octal mode], sorted by path. Walked here
 * with lstat, not with the code under test, so it cannot share its bugs.
 */
export async function exact(root: string): Promise<[string, string, string][]> {
  const out: [string, string, string][] = [];
  async function walk(rel: string): Promise<void> {
    for (const name of (await readdir(join(root, rel)).catch(() => [])).sort()) {
      const child = `${rel}/${name}`;
      const st = await lstat(join(root, child));
      if (st.isDirectory()) await walk(child);
      else out.push([child, st.isFile() ? (await readFile(join(root, child))).toString("base64") : "<not a file>", (st.mode & 0o7777).toString(8)]);
    }
  }
  for (const r of ["clusters", "docker"]) await walk(r);
  return out.sort(([a], [b]) => (a < b ? -1 : 1));
}

/** What a run may leave behind and a finished one must not: temp files, the journal, the lock. */
export async function leftovers(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of [".llm-gitops", ".llm-gitops.lock", ".llm-gitops.lock.break"]) {
    if (await lstat(join(root, name)).then(() => true, () => false)) out.push(name);
  }
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) await walk(`${rel}/${e.name}`);
      else if (e.name.includes(".llm-gitops-")) out.push(`${rel}/${e.name}`);
    }
  }
  for (const r of ["clusters", "docker"]) await walk(r);
  return out;
}

export const errno = (code: string, path: string, syscall = "open") =>
  Object.assign(new Error(`${code}: simulated, ${syscall} '${path}'`), { code, path, syscall });

/**
 * A file system that fails: `fail(op, path, n)` returns an error to throw for the n-th call of
 * op overall, or undefined to run it for real.
 */
export function faultyFs(fail: (op: keyof TreeFs, path: string, n: number) => Error | undefined): TreeFs {
  const counts = new Map<string, number>();
  const wrap =
    <K extends keyof TreeFs>(op: K) =>
    async (...args: unknown[]) => {
      const n = (counts.get(op) ?? 0) + 1;
      counts.set(op, n);
      const error = fail(op, String(args[0]), n);
      if (error) throw error;
      return (nodeFs[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  return Object.fromEntries(Object.keys(nodeFs).map((op) => [op, wrap(op as keyof TreeFs)])) as unknown as TreeFs;
}
