import { dirname, join } from "node:path";
import { assertUniquePaths, MANAGED_ROOTS, type OutputFile } from "./files.ts";
import { nodeFs, readManagedTree, type TreeFs } from "./tree.ts";

export interface TreeDiff {
  /** On disk with other content. */
  stale: string[];
  /** Rendered but not on disk. */
  missing: string[];
  /** On disk under a managed root but no longer rendered. */
  extra: string[];
}

export function compareTree(current: ReadonlyMap<string, string>, files: readonly OutputFile[]): TreeDiff {
  const wanted = new Map(files.map((f) => [f.path, f.content]));
  const diff: TreeDiff = { stale: [], missing: [], extra: [] };
  for (const [path, content] of wanted) {
    const now = current.get(path);
    if (now === undefined) diff.missing.push(path);
    else if (now !== content) diff.stale.push(path);
  }
  for (const path of current.keys()) if (!wanted.has(path)) diff.extra.push(path);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

/** Drift check: how the tree on disk differs from a fresh render (all lists empty when current). */
export async function checkTree(root: string, files: readonly OutputFile[], fs: TreeFs = nodeFs): Promise<TreeDiff> {
  assertUniquePaths(files);
  return compareTree(await readManagedTree(root, fs), files);
}

/**
 * Writes the generated tree: all or nothing. Unchanged files are not touched, stale ones are
 * removed, and each write goes through a temporary file and a rename. If any step fails, every
 * file already changed is put back as it was before the error is rethrown.
 */
export async function writeTree(root: string, files: readonly OutputFile[], fs: TreeFs = nodeFs): Promise<TreeDiff> {
  assertUniquePaths(files);
  const current = await readManagedTree(root, fs);
  const diff = compareTree(current, files);
  const content = new Map(files.map((f) => [f.path, f.content]));
  const undo: (() => Promise<void>)[] = [];
  let tmp: string | undefined;
  try {
    for (const path of [...diff.missing, ...diff.stale]) {
      const abs = join(root, path);
      await fs.mkdir(dirname(abs));
      tmp = `${abs}.llm-gitops-tmp`;
      await fs.writeFile(tmp, content.get(path)!);
      const before = current.get(path);
      await fs.rename(tmp, abs);
      tmp = undefined;
      undo.push(before === undefined ? () => fs.unlink(abs) : () => fs.writeFile(abs, before));
    }
    for (const path of diff.extra) {
      const abs = join(root, path);
      const before = current.get(path)!;
      await fs.unlink(abs);
      undo.push(async () => {
        await fs.mkdir(dirname(abs));
        await fs.writeFile(abs, before);
      });
    }
  } catch (error) {
    if (tmp) await fs.unlink(tmp).catch(() => undefined);
    for (const step of undo.reverse()) await step().catch(() => undefined);
    await removeEmptyDirs(root, fs);
    throw error;
  }
  await removeEmptyDirs(root, fs);
  return diff;
}

async function removeEmptyDirs(root: string, fs: TreeFs): Promise<void> {
  async function prune(rel: string): Promise<boolean> {
    const entries = await fs.list(join(root, rel));
    let empty = true;
    for (const e of entries) {
      if (!e.dir) empty = false;
      else if (!(await prune(`${rel}/${e.name}`))) empty = false;
    }
    if (empty && rel.includes("/")) await fs.rmdir(join(root, rel)).catch(() => undefined);
    return empty;
  }
  for (const r of MANAGED_ROOTS) await prune(r);
}
