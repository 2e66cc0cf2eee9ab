import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { canonicalJson, type KubernetesObject } from "@llm-gitops/core";
import type { OutputFile } from "../src/files.ts";

export async function writeFiles(files: readonly OutputFile[], root?: string): Promise<string> {
  const dir = root ?? (await mkdtemp(join(tmpdir(), "llm-gitops-")));
  for (const f of files) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
  }
  return dir;
}

/** Objects as a sorted list of canonical JSON texts: equal lists mean equal object sets. */
export const canonicalSet = (objects: readonly KubernetesObject[]) => objects.map(canonicalJson).sort();
