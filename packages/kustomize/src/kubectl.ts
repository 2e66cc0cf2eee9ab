import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import type { KubernetesObject } from "@llm-gitops/core";

const run = promisify(execFile);

/** `kubectl kustomize <dir>`, parsed: the objects the overlay really produces. */
export async function kustomizeBuild(dir: string, kubectl = process.env.KUBECTL ?? "kubectl"): Promise<KubernetesObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(kubectl, ["kustomize", dir], { maxBuffer: 256 * 1024 * 1024 }));
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === "ENOENT") throw new Error(`${kubectl} not found on PATH: install kubectl to build Kustomize overlays`);
    throw new Error(`kubectl kustomize ${dir} failed: ${err.stderr?.trim() || err.message}`);
  }
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null);
}
