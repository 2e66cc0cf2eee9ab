import { constants } from "node:fs";
import { lstat, open, readdir, realpath } from "node:fs/promises";
import { join, sep } from "node:path";
import { environmentName, type SourceFile } from "@llm-gitops/config";
import { decodeUtf8, InputError, UsageError, type Problem } from "@llm-gitops/core";

/** Environment files are a few kilobytes; anything this large is a mistake or an attack. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
const YAML_FILE = /\.ya?ml$/i;

/**
 * Every YAML file directly under environments/ (`.yaml` or `.yml`, any case). The files come from
 * pull requests and CI reads them with secrets in its environment, so: a symlink is followed only
 * when it stays inside the repository; only regular files are read (a FIFO would block for ever,
 * /dev/zero never ends), at most MAX_SOURCE_BYTES; content must be UTF-8. Every problem is
 * reported at once, located at the file, and no byte of a refused file is ever echoed.
 */
export async function readSources(root: string): Promise<SourceFile[]> {
  const dir = join(root, "environments");
  const realRoot = await realpath(root).catch(() => root);
  const entries = await readdir(dir).catch(() => {
    throw new UsageError(`${dir} does not exist; pass --root DIR pointing at the repository`);
  });
  const realDir = await realpath(dir);
  if (!inside(realDir, realRoot)) throw new UsageError(`environments/ is a link to a directory outside the repository; refusing to read it`);
  const problems: Problem[] = [];
  const sources: SourceFile[] = [];
  const byName = new Map<string, string>();
  for (const name of entries.filter((n) => YAML_FILE.test(n)).sort()) {
    const path = `environments/${name}`;
    const at = (message: string, line = 1, col = 1) => problems.push({ file: path, line, col, path: "", message });
    const env = environmentName(name).toLowerCase();
    const first = byName.get(env);
    if (first) {
      at(`defines "${env}" again (also ${first}); keep one of the two files`);
      continue;
    }
    byName.set(env, path);
    const result = await readOne(join(dir, name), realRoot);
    if (typeof result === "string") sources.push({ path, text: result });
    else at(result.problem, result.line, result.col);
  }
  if (problems.length) throw new InputError(problems);
  return sources;
}

const inside = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** The text of one file, or why it is refused. */
async function readOne(abs: string, realRoot: string): Promise<string | { problem: string; line?: number; col?: number }> {
  let target = abs;
  try {
    if ((await lstat(abs)).isSymbolicLink()) {
      target = await realpath(abs);
      if (!inside(target, realRoot)) return { problem: "is a symbolic link to a file outside the repository; refusing to read it (commit the file itself)" };
    }
  } catch (e) {
    return { problem: `cannot be resolved (${code(e)}); remove the broken link or file` };
  }
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it anyway.
  const handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: unknown) => e as Error);
  if (handle instanceof Error) return { problem: `cannot be read (${code(handle)}); check its permissions` };
  try {
    const st = await handle.stat();
    if (st.isDirectory()) return { problem: "is a directory, not a YAML file; rename or remove it" };
    if (!st.isFile()) return { problem: "is not a regular file (a FIFO, socket or device); refusing to read it" };
    if (st.size > MAX_SOURCE_BYTES) return { problem: `is ${st.size} bytes; environment files are limited to ${MAX_SOURCE_BYTES} bytes` };
    const buffer = Buffer.alloc(MAX_SOURCE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SOURCE_BYTES) return { problem: `is larger than ${MAX_SOURCE_BYTES} bytes; environment files are limited to that` };
    return decodeSource(buffer.subarray(0, bytesRead));
  } catch (e) {
    return { problem: `cannot be read (${code(e)}); check its permissions` };
  } finally {
    await handle.close();
  }
}

/** Strict UTF-8, located at the first bad byte. */
function decodeSource(bytes: Buffer): string | { problem: string; line: number; col: number } {
  const decoded = decodeUtf8(bytes);
  return "text" in decoded ? decoded.text : { problem: "is not valid UTF-8 here; save the file as UTF-8", line: decoded.line, col: decoded.col };
}

const code = (e: unknown) => ((e as NodeJS.ErrnoException).code ?? "error").toString();
