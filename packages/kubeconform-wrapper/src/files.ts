import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseDocuments } from "./documents.ts";
import type { Resource } from "./types.ts";

const MANIFEST = /\.(ya?ml|json)$/;

/** A path given to validate does not exist (a usage error, not a validation result). */
export class MissingInput extends Error {}

/** Files and directories (recursively, sorted) to manifest files; `-` is stdin, as with kubeconform. */
export async function discover(paths: readonly string[], ignore: readonly RegExp[] = []): Promise<string[]> {
  const out: string[] = [];
  async function walk(p: string): Promise<void> {
    if (ignore.some((re) => re.test(p))) return;
    const s = await stat(p).catch((e: NodeJS.ErrnoException) => {
      throw e.code === "ENOENT" ? new MissingInput(`${p}: no such file or directory`) : e;
    });
    if (!s.isDirectory()) {
      out.push(p);
      return;
    }
    for (const name of (await readdir(p)).sort()) {
      const child = join(p, name);
      if ((await stat(child)).isDirectory() || MANIFEST.test(name)) await walk(child);
    }
  }
  for (const p of paths) {
    if (p === "-") out.push(p);
    else await walk(p);
  }
  return out;
}

export async function readResources(files: readonly string[], strict: boolean, stdin?: () => Promise<string>): Promise<Resource[]> {
  const all: Resource[] = [];
  for (const f of files) {
    const text = f === "-" ? await (stdin ?? readStdin)() : await readFile(f, "utf8");
    all.push(...parseDocuments(f === "-" ? "stdin" : f, text, strict));
  }
  return all;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
