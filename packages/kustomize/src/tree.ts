import { closeSync, constants, fchmodSync, fstatSync, fsync, lstatSync, openSync, promises as fsp, readdirSync, readSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { MANAGED_ROOTS } from "./files.ts";
import { asTreeError, TreeError } from "./errors.ts";

export type EntryKind = "file" | "dir" | "symlink" | "other";

/** A file as the writer must put it back: exact bytes and permission bits. */
export interface FileState {
  bytes: Buffer;
  mode: number;
}

/** The file-system calls the writer needs; tests inject failures through it. */
export interface TreeFs {
  /** A directory's entries, links not followed; [] when it does not exist. */
  list(dir: string): Promise<{ name: string; kind: EntryKind }[]>;
  /** What is at a path, a final link not followed; undefined when nothing is. */
  lstat(path: string): Promise<EntryKind | undefined>;
  /** A regular file's bytes and mode. Never follows a link, never reads a FIFO or device. */
  readFile(path: string): Promise<FileState>;
  /** Creates a new file (never replaces one, never through a link), sets its mode, fsyncs it. */
  writeFile(path: string, bytes: Buffer, mode?: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Creates a directory and its missing parents. */
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  /** fsync of a directory: makes renames and unlinks in it survive a crash. */
  syncDir(dir: string): Promise<void>;
}

const kindOf = (s: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }): EntryKind =>
  s.isSymbolicLink() ? "symlink" : s.isDirectory() ? "dir" : s.isFile() ? "file" : "other";

const missing = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/** The largest file read under the managed roots. */
export const MAX_TREE_FILE_BYTES = 64 * 1024 * 1024;

// Reads are synchronous inside their promises: a tree is thousands of small files, read one
// after another, and the thread pool's round trips cost more CPU than the reads.
export const nodeFs: TreeFs = {
  list: async (d) => {
    try {
      return readdirSync(d, { withFileTypes: true }).map((e) => ({ name: e.name, kind: kindOf(e) }));
    } catch (e) {
      if (missing(e)) return [];
      throw e;
    }
  },
  lstat: async (p) => {
    try {
      return kindOf(lstatSync(p));
    } catch (e) {
      if (missing(e)) return undefined;
      throw e;
    }
  },
  readFile: async (p) => {
    // O_NOFOLLOW and O_NONBLOCK: a link swapped in after the walk fails, a FIFO cannot block.
    // A link fails with ELOOP; anything but a regular file with ENOTREG (the caller names it).
    const fd = openSync(p, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: "ENOTREG", path: p });
      // Generated files are kilobytes; a pull request must not make CI read gigabytes.
      if (st.size > MAX_TREE_FILE_BYTES) throw Object.assign(new Error(`${p} is too large`), { code: "EFBIG", path: p });
      // As readFileSync does for a regular file, to the size fstat gave; without its second fstat.
      const bytes = Buffer.allocUnsafe(st.size);
      let total = 0;
      while (total < bytes.length) {
        const n = readSync(fd, bytes, total, bytes.length - total, null);
        if (n === 0) break;
        total += n;
      }
      return { bytes: total === bytes.length ? bytes : bytes.subarray(0, total), mode: st.mode & 0o7777 };
    } finally {
      closeSync(fd);
    }
  },
  // Opened, written and closed synchronously (cheap calls, no thread-pool round trip each); only
  // the fsync waits in the pool, where the writer's concurrent fsyncs share journal commits.
  writeFile: async (p, bytes, mode) => {
    const fd = openSync(p, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode ?? 0o666);
    try {
      if (mode !== undefined) fchmodSync(fd, mode); // the umask must not change a restored mode
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    } catch (e) {
      // write(2) errors (ENOSPC) carry no path; the message must name one.
      throw Object.assign(e as NodeJS.ErrnoException, { path: (e as NodeJS.ErrnoException).path ?? p });
    } finally {
      closeSync(fd);
    }
  },
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  mkdir: async (p) => void (await fsp.mkdir(p, { recursive: true })),
  rmdir: (p) => fsp.rmdir(p),
  syncDir: async (d) => {
    const fh = await fsp.open(d, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
};

const linkError = (p: string) =>
  new TreeError(`${p} is a symbolic link: llm-gitops never reads or writes through a link in clusters/ or docker/; replace it with a real directory or file (nothing was changed)`);
const specialError = (p: string) =>
  new TreeError(`${p} is not a regular file (a FIFO, socket or device): remove it from clusters/ and docker/ (nothing was changed)`);

/** Temporary files of a run (`.<name>.llm-gitops-<pid>-<hex>.tmp`), and the one name older versions used. */
export const isTempName = (name: string) => /\.llm-gitops-\d+-[0-9a-f]+\.tmp$/.test(name) || name.endsWith(".llm-gitops-tmp");
export const tempPath = (path: string, run: string) => join(dirname(path), `.${basename(path)}.llm-gitops-${run}.tmp`);

export interface Scan {
  /** Every regular file under the managed roots, temporary files included, by relative path. */
  files: Map<string, FileState>;
  /** Every directory that exists, the roots included, by relative path. */
  dirs: Set<string>;
}

/**
 * Walks the managed roots without following links. A link or special file anywhere in them is
 * refused before anything is read or changed: writing through `clusters -> /etc` must be impossible.
 */
export async function scanTree(root: string, fs: TreeFs = nodeFs): Promise<Scan> {
  const scan: Scan = { files: new Map(), dirs: new Set() };
  async function walk(rel: string): Promise<void> {
    scan.dirs.add(rel);
    const entries = await fs.list(under(root, rel));
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${rel}/${e.name}`;
      if (e.kind === "symlink") throw linkError(child);
      if (e.kind === "other") throw specialError(child);
      if (e.kind === "dir") await walk(child);
      else scan.files.set(child, await readRel(root, child, fs));
    }
  }
  for (const r of MANAGED_ROOTS) {
    const kind = await fs.lstat(join(root, r));
    if (kind === "symlink") throw linkError(`${r}/`);
    if (kind === "file" || kind === "other") throw new TreeError(`${r} is not a directory: move it away so llm-gitops can write ${r}/ (nothing was changed)`);
    if (kind === "dir") await walk(r);
  }
  return scan;
}

/** A path the walk built from directory entries (no "." or ".." segments) under the root: nothing to normalise, unlike path.join, once per file. */
const under = (root: string, rel: string) => (root.endsWith("/") ? root + rel : `${root}/${rel}`);

async function readRel(root: string, rel: string, fs: TreeFs): Promise<FileState> {
  try {
    return await fs.readFile(under(root, rel));
  } catch (e) {
    // Swapped in after the directory was listed: refused the same way.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw linkError(rel);
    if (code === "ENOTREG" || code === "ENXIO") throw specialError(rel);
    if (code === "EFBIG") throw new TreeError(`${rel} is larger than ${MAX_TREE_FILE_BYTES / 1024 / 1024} MiB, which no generated file is: remove it from clusters/ and docker/ (nothing was changed)`);
    throw asTreeError(e, root, "", "read");
  }
}

/** Every file now under the managed roots, keyed by repository-relative path (UTF-8 text). */
export async function readManagedTree(root: string, fs: TreeFs = nodeFs): Promise<Map<string, string>> {
  const { files } = await scanTree(root, fs);
  return new Map([...files].map(([p, f]) => [p, f.bytes.toString("utf8")] as [string, string]).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Refuses a path whose existing parent directories below the root include a link (checked before a restore writes there). */
export async function assertNoLinks(root: string, rel: string, fs: TreeFs = nodeFs): Promise<void> {
  const parts = rel.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const kind = await fs.lstat(join(root, ...parts.slice(0, i)));
    if (kind === undefined) return;
    if (kind !== "dir") throw kind === "symlink" ? linkError(parts.slice(0, i).join("/")) : new TreeError(`${parts.slice(0, i).join("/")} is not a directory: move it away (nothing was changed)`);
  }
}

/** Temporary files under the managed roots, by name only (contents are never read); links are not followed. */
export async function findTemps(root: string, fs: TreeFs = nodeFs): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    for (const e of await fs.list(join(root, rel))) {
      if (e.kind === "dir") await walk(`${rel}/${e.name}`);
      else if (e.kind === "file" && isTempName(e.name)) out.push(`${rel}/${e.name}`);
    }
  }
  for (const r of MANAGED_ROOTS) if ((await fs.lstat(join(root, r))) === "dir") await walk(r);
  return out;
}
