import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readManagedTree } from "@llm-gitops/kustomize";
import { inject } from "vitest";
import type { Io } from "../src/io.ts";

/** The repository this package lives in: its environments/ and committed clusters/ are the golden files. */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");

/** A scratch copy of the repository's inputs and committed output. */
export async function copyRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "llm-gitops-repo-"));
  for (const d of ["environments", "clusters", "docker"]) {
    await cp(join(REPO_ROOT, d), join(dir, d), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
  }
  return dir;
}

export const snapshot = async (root: string) => [...(await readManagedTree(root)).entries()];

/**
 * The schema mirror the gate reads in tests, from the test setup (kubeconform-wrapper's
 * test/global-setup.ts): LLM_GITOPS_SCHEMA_MIRROR, ../shared/crds, or the schema cache it filled.
 */
export const MIRROR = inject("schemaMirror");

declare module "vitest" {
  export interface ProvidedContext {
    schemaMirror: string;
  }
}

export function captureIo(cwd: string): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { cwd, stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), env: { LLM_GITOPS_SCHEMA_MIRROR: MIRROR } };
}
