import { posix } from "node:path";
import { isGenerated, type OutputFile } from "./files.ts";
import { tempPath, type FileState } from "./tree.ts";

export interface TreeDiff {
  /** Generated files on disk with other content: rewritten. */
  stale: string[];
  /** Rendered but not on disk. */
  missing: string[];
  /** Generated files on disk under a managed root that are no longer rendered: removed. */
  extra: string[];
  /** Files without the generated header that nothing renders: a person's, left alone. */
  foreign: string[];
  /** Rendered paths held by a file without the generated header: the writer refuses. */
  blocked: string[];
}

const same = (now: string | Buffer, content: string) => (typeof now === "string" ? now === content : now.equals(Buffer.from(content, "utf8")));

/** How the tree on disk differs from a render, by ownership: only files with the header are ours. */
export function compareTree(current: ReadonlyMap<string, string | Buffer>, files: readonly OutputFile[]): TreeDiff {
  const wanted = new Map(files.map((f) => [f.path, f.content]));
  const diff: TreeDiff = { stale: [], missing: [], extra: [], foreign: [], blocked: [] };
  for (const [path, content] of wanted) {
    const now = current.get(path);
    if (now === undefined) diff.missing.push(path);
    else if (same(now, content)) continue;
    else if (isGenerated(now)) diff.stale.push(path);
    else diff.blocked.push(path);
  }
  for (const [path, now] of current) {
    if (!wanted.has(path)) (isGenerated(now) ? diff.extra : diff.foreign).push(path);
  }
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

/** One file the write changes: its new bytes (none when removed) and what it was (none when new). */
export interface Change {
  path: string;
  before?: FileState;
  after?: { bytes: Buffer; mode?: number; temp: string };
}

export interface Plan {
  changes: Change[];
  /** Directories the write creates, parents first: removed again on rollback. */
  createdDirs: string[];
  /** Directories whose entries change: fsynced before the write counts as done. */
  touchedDirs: string[];
}

/** What writeTree will do, computed before anything is touched. Updated files keep their mode. */
export function planWrite(diff: TreeDiff, files: readonly OutputFile[], current: ReadonlyMap<string, FileState>, dirs: ReadonlySet<string>, run: string): Plan {
  const content = new Map(files.map((f) => [f.path, f.content]));
  const changes: Change[] = [];
  for (const path of [...diff.missing, ...diff.stale]) {
    const before = current.get(path);
    changes.push({ path, ...(before ? { before } : {}), after: { bytes: Buffer.from(content.get(path)!, "utf8"), ...(before ? { mode: before.mode } : {}), temp: tempPath(path, run) } });
  }
  for (const path of diff.extra) changes.push({ path, before: current.get(path)! });
  const created = new Set<string>();
  for (const c of changes) {
    for (let d = posix.dirname(c.path); d !== "." && !dirs.has(d); d = posix.dirname(d)) created.add(d);
  }
  const createdDirs = [...created].sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : 1));
  const touched = new Set([...changes.map((c) => posix.dirname(c.path)), ...createdDirs.map((d) => posix.dirname(d))].filter((d) => d !== "."));
  return { changes, createdDirs, touchedDirs: [...touched].sort() };
}
