import { lstat, readdir, realpath, stat } from "node:fs/promises";
import type { Dirent, Stats } from "node:fs";
import { join, normalize, sep } from "node:path";
import { quote } from "./excerpt.ts";

const MANIFEST = /\.(ya?ml|json)$/;

/**
 * The largest manifest file (or stdin) read: the YAML parser needs about 2 s and 50 MB per MiB
 * of small documents, and /dev/zero-like inputs would otherwise grow until the process dies.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** A path given to validate cannot be used (missing, a link loop): a usage error, not a result. */
export class MissingInput extends Error {}

/** One input to read, or why it is not read: reported as that file's error, the others still run. */
export interface Input {
  path: string;
  refused?: string;
}

const errnoText: Record<string, string> = {
  ENOENT: "no such file or directory",
  ELOOP: "a symbolic link loop (too many levels of symbolic links)",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "not a directory",
  ENAMETOOLONG: "file name too long",
};
export const describeErrno = (e: unknown) => errnoText[(e as NodeJS.ErrnoException).code ?? ""] ?? (e as NodeJS.ErrnoException).code ?? String(e);

/** Why a file that is not a plain, reasonably sized file is not read (stat's view of it). */
export function refusal(s: Stats): string | undefined {
  if (s.isFile()) return s.size > MAX_INPUT_BYTES ? tooLarge(s.size) : undefined;
  // Opening a FIFO blocks until a writer comes, and a device may never end: neither is read.
  if (s.isFIFO()) return "not read: a named pipe (FIFO), not a regular file; pipe manifests to stdin with '-' instead";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "not read: a device, not a regular file";
  if (s.isSocket()) return "not read: a socket, not a regular file";
  if (s.isDirectory()) return "not read: a directory";
  return "not read: not a regular file";
}

export const tooLarge = (bytes: number) =>
  `not read: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB (${(bytes / 1024 / 1024).toFixed(1)} MiB); split it into smaller files`;

/**
 * join(dir, name) for a normalized dir and an entry name from readdir (never empty, ".", ".." or
 * holding a separator), without normalizing the result again: per file of a large tree, that
 * was most of the walk (test/inputs.test.ts holds the two equal).
 */
export const childPath = (dir: string, name: string) => (dir === "." || dir === `.${sep}` ? name : dir.endsWith(sep) ? dir + name : dir + sep + name);

const inside = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);

/**
 * Files and directories (recursively, sorted) to manifest files; `-` is stdin, as with
 * kubeconform. A path given is taken as given (through links); inside a directory, a symbolic
 * link is followed only while it stays in that directory, and a link back to a directory being
 * walked (a loop) is reported, not followed. Special and oversized files are reported unread.
 */
export async function discoverInputs(paths: readonly string[], ignore: readonly RegExp[] = []): Promise<Input[]> {
  const out: Input[] = [];
  const skip = (p: string) => ignore.some((re) => re.test(p));
  // Directories reached through links, by real path: each walked once (no link bombs).
  const linked = new Set<string>();

  async function walk(dir: string, real: string, root: string, ancestors: readonly string[], given = dir): Promise<void> {
    let entries: Dirent[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      out.push({ path: given, refused: `not read: cannot list the directory: ${describeErrno(e)}` });
      return;
    }
    const here = [...ancestors, real];
    for (const entry of entries) {
      const name = entry.name;
      const child = childPath(dir, name);
      if (skip(child)) continue;
      const manifest = MANIFEST.test(name);
      // The entry's type spares a stat per file; a regular file's size is checked when it is read.
      if (entry.isFile()) {
        if (manifest) out.push({ path: child });
        continue;
      }
      const l = await lstat(child).catch(() => undefined);
      if (!l) continue; // gone since readdir
      if (l.isDirectory()) await walk(child, join(real, name), root, here);
      else if (!l.isSymbolicLink()) {
        if (manifest) out.push({ path: child, ...optional(refusal(l)) });
      } else await link(child, manifest, root, here);
    }
  }

  async function link(child: string, manifest: boolean, root: string, ancestors: readonly string[]): Promise<void> {
    let target: string;
    let s: Stats;
    try {
      target = await realpath(child);
      s = await stat(target);
    } catch (e) {
      const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
      if (loop || manifest) out.push({ path: child, refused: `not read: ${loop ? describeErrno(e) : `a dangling symbolic link (${describeErrno(e)})`}` });
      return;
    }
    if (!s.isDirectory() && !manifest) return;
    if (!inside(target, root)) {
      out.push({ path: child, refused: `not read: a symbolic link to ${quote(target, 80)}, outside the directory being validated; not followed` });
    } else if (!s.isDirectory()) out.push({ path: child, ...optional(refusal(s)) });
    else if (ancestors.includes(target)) {
      out.push({ path: child, refused: "not read: a symbolic link loop (it points back at a directory that contains it); not followed" });
    } else if (!linked.has(target)) {
      linked.add(target);
      await walk(child, target, root, ancestors);
    }
  }

  for (const p of paths) {
    if (p === "-") {
      out.push({ path: p });
      continue;
    }
    if (skip(p)) continue;
    const s = await stat(p).catch((e: unknown) => {
      throw new MissingInput(`${p}: ${describeErrno(e)}`);
    });
    if (!s.isDirectory()) out.push({ path: p, ...optional(refusal(s)) });
    else {
      const real = await realpath(p);
      // Entries are named from the normalized path (as path.join would); the directory itself as given.
      await walk(normalize(p), real, real, [], p);
    }
  }
  return out;
}

/** The paths discoverInputs finds that may be read (discoverInputs also says what it refused). */
export async function discover(paths: readonly string[], ignore: readonly RegExp[] = []): Promise<string[]> {
  return (await discoverInputs(paths, ignore)).filter((i) => i.refused === undefined).map((i) => i.path);
}

const optional = (refused: string | undefined) => (refused === undefined ? {} : { refused });
