import type { Addons, Inputs } from "@llm-gitops/config";
import { ARGOCD_OVERLAY, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Overlay } from "./index.ts";

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Helm's coalescing of values (helm v3 pkg/chartutil/coalesce.go): maps merge key by key, any
 * other value (lists included) replaces. `ours` is applied over `theirs`, so a key llm-gitops
 * sets always has llm-gitops's value; checkAddonValues reports where that overrode the user.
 */
export function mergeValues(theirs: Values, ours: Values): Values {
  const out: Values = { ...theirs };
  for (const [k, v] of Object.entries(ours)) out[k] = isMap(v) && isMap(out[k]) ? mergeValues(out[k] as Values, v) : v;
  return out;
}

/** Paths of the user's leaf values that the merged values do not carry unchanged. */
export function overridden(theirs: Values, merged: Values, path: string[] = []): string[][] {
  const found: string[][] = [];
  for (const [k, v] of Object.entries(theirs)) {
    const m = merged[k];
    if (isMap(v) && isMap(m)) found.push(...overridden(v, m, [...path, k]));
    else if (JSON.stringify(v) !== JSON.stringify(m)) found.push([...path, k]);
  }
  return found;
}

/** The label naming the add-on (platform.yaml `addons.<key>`) whose `values` an Application carries. */
export const VALUES_FROM = "llm-gitops.io/values-from";

/**
 * A user's add-on values that llm-gitops overrides are an error, not a silent loss: those keys
 * carry what the rendered objects depend on (the adapter's rules, Kong's ServiceAccount, …).
 */
export function checkAddonValues(truths: readonly Overlay[], inputs: Inputs): Problem[] {
  const problems: Problem[] = [];
  for (const t of truths) {
    if (t.environment !== ARGOCD_OVERLAY) continue;
    const cluster = inputs.platform.clusters.get(t.cluster);
    if (!cluster) continue;
    for (const { object } of t.objects) {
      const key = object.metadata.labels?.[VALUES_FROM] as keyof Addons | undefined;
      const user = key ? cluster.addons[key]?.values : undefined;
      if (!key || !user) continue;
      const merged = ((object as KubernetesObject & { spec: { source: { helm: { valuesObject: Values } } } }).spec.source.helm.valuesObject);
      for (const path of overridden(user, merged)) {
        problems.push({
          ...cluster.origin.at(["addons", key, "values", ...path]),
          message: `llm-gitops sets ${path.join(".")} itself (the rendered objects depend on it); remove it from addons.${key}.values`,
        });
      }
    }
  }
  return problems;
}

/**
 * Argo CD refuses an Application whose source its project does not permit ("application repo … is
 * not permitted in project"): every add-on Application's repository is on its project's list.
 */
export function checkAddonSources(truths: readonly Overlay[]): Problem[] {
  const problems: Problem[] = [];
  for (const t of truths) {
    if (t.environment !== ARGOCD_OVERLAY) continue;
    type Spec = { spec: { project?: string; sourceRepos?: string[]; source?: { repoURL: string } } };
    const projects = new Map(t.objects.filter(({ object }) => object.kind === "AppProject").map(({ object }) => [object.metadata.name, (object as KubernetesObject & Spec).spec.sourceRepos ?? []]));
    for (const { object, origin } of t.objects) {
      if (object.kind !== "Application") continue;
      const { project, source } = (object as KubernetesObject & Spec).spec;
      const repos = project ? projects.get(project) : undefined;
      if (!repos || !source) continue; // the root's "default" project lives in Argo CD
      if (!repos.includes(source.repoURL)) problems.push({ ...origin.at(), message: `Application ${object.metadata.name} installs from ${source.repoURL}, which its project ${project} does not permit; add the chart to @llm-gitops/argocd's ADDON_CHARTS` });
    }
  }
  return problems;
}
