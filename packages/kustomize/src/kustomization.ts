import type { KubernetesObject } from "@llm-gitops/core";
import { apiGroup, apiVersionOnly } from "@llm-gitops/core";

/** The fields of kustomize.config.k8s.io/v1beta1 Kustomization that we write. */
export interface Kustomization {
  apiVersion: "kustomize.config.k8s.io/v1beta1";
  kind: "Kustomization";
  resources: string[];
  transformers?: string[];
  images?: ({ name: string; newTag: string } | { name: string; digest: string })[];
  patches?: { path: string; target: PatchTarget }[];
}

export interface PatchTarget {
  group?: string;
  version: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function kustomization(fields: Omit<Kustomization, "apiVersion" | "kind">): Kustomization {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...fields };
}

/** Selects exactly one object; kustomize treats the name as an anchored regular expression. */
export function patchTarget(o: KubernetesObject): PatchTarget {
  const group = apiGroup(o.apiVersion);
  return {
    ...(group ? { group } : {}),
    version: apiVersionOnly(o.apiVersion),
    kind: o.kind,
    name: o.metadata.name.replace(/[.]/g, "\\."),
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
  };
}
