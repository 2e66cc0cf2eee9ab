import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { loadInputs, PLATFORM_FILE, type Inputs, type SourceFile } from "@llm-gitops/config";
import { ARGOCD_OVERLAY, PLATFORM_OVERLAY, UsageError } from "@llm-gitops/core";
import type { Problem } from "@llm-gitops/core";
import { layout, type OutputFile } from "@llm-gitops/kustomize";
import { render, type Component, type Truth } from "@llm-gitops/render";

/** The overlay directory of one environment on one cluster. */
export const overlayDir = (t: Pick<Truth, "cluster" | "environment">) => `clusters/${t.cluster}/${t.environment}`;

/** Pure: environment sources in, every generated file (clusters/ and docker/) and warning out. */
export function generateFiles(sources: readonly SourceFile[]): { inputs: Inputs; truths: Truth[]; files: OutputFile[]; warnings: Problem[] } {
  return renderFiles(loadInputs(sources));
}

/** The files of loaded inputs, rendered by `components` (the pipeline's, or wrapped ones). */
export function renderFiles(inputs: Inputs, components?: readonly Component[]): { inputs: Inputs; truths: Truth[]; files: OutputFile[]; warnings: Problem[] } {
  const { truths, files: extra, warnings } = render(inputs, components);
  // Every environment overlay builds on its environment's base; a cluster's platform and argocd overlays on none.
  const ownBase = (t: Truth) => t.environment !== PLATFORM_OVERLAY && t.environment !== ARGOCD_OVERLAY;
  const manifests = layout(truths.map((t) => ({ dir: overlayDir(t), ...(ownBase(t) ? { base: t.environment } : {}), namespace: t.namespace, objects: t.objects })));
  const files = [...manifests, ...extra].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { inputs, truths, files, warnings };
}

/** The repository root: `--root`, else the nearest directory upwards holding environments/platform.yaml. */
export async function findRoot(cwd: string, explicit?: string): Promise<string> {
  if (explicit) return resolve(cwd, explicit);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (await exists(join(dir, PLATFORM_FILE))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new UsageError(`no ${PLATFORM_FILE} in ${cwd} or above; run from the repository or pass --root DIR`);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export { readSources } from "./sources.ts";
