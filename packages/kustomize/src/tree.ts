import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { MANAGED_ROOTS } from "./files.ts";

/** The file-system calls the writer needs; tests inject failures through it. */
export interface TreeFs {
  readFile(path: string): Promise<string>;
  writeFile(path: string, content: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  list(dir: string): Promise<{ name: string; dir: boolean }[]>;
}

export const nodeFs: TreeFs = {
  readFile: (p) => fsp.readFile(p, "utf8"),
  writeFile: (p, c) => fsp.writeFile(p, c, "utf8"),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  mkdir: async (p) => void (await fsp.mkdir(p, { recursive: true })),
  rmdir: (p) => fsp.rmdir(p),
  list: async (d) => {
    try {
      return (await fsp.readdir(d, { withFileTypes: true })).map((e) => ({ name: e.name, dir: e.isDirectory() }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
  },
};

/** Every file now under the managed roots, keyed by repository-relative path. */
export async function readManagedTree(root: string, fs: TreeFs = nodeFs): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(rel: string): Promise<void> {
    for (const e of await fs.list(join(root, rel))) {
      const child = `${rel}/${e.name}`;
      if (e.dir) await walk(child);
      else out.set(child, await fs.readFile(join(root, child)));
    }
  }
  for (const r of MANAGED_ROOTS) await walk(r);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
