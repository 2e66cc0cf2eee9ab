import { objectFileName } from "@llm-gitops/core";
import { createValidator, memoryResources, type Options, type Result } from "@llm-gitops/kubeconform-wrapper";
import type { Truth } from "@llm-gitops/render";
import { overlayDir } from "./project.ts";

/** The schema gate's settings for a rendered tree: strict, core kinds of Kubernetes 1.33, CRDs from the catalog. */
export function projectSchemaOptions(env: Record<string, string | undefined>): Options {
  return {
    strict: true,
    kubernetesVersion: env.LLM_GITOPS_KUBERNETES_VERSION ?? "1.33.1",
    schemaLocations: ["default", "catalog"],
    ...(env.LLM_GITOPS_SCHEMA_MIRROR ? { mirror: env.LLM_GITOPS_SCHEMA_MIRROR } : {}),
    ignoreMissingSchemas: false,
    skip: [],
    reject: [],
    workers: 4,
    cel: true,
  };
}

/** Validates every rendered object in memory; errors point at the environment field behind them. */
export async function validateTruths(truths: readonly Truth[], options: Options): Promise<Result[]> {
  const items = truths.flatMap((t) =>
    t.objects.map((r) => ({ filename: `${overlayDir(t)}/${objectFileName(r.object)}`, object: r.object, origin: r.origin.at() })),
  );
  return createValidator(options).validate(memoryResources(items));
}
