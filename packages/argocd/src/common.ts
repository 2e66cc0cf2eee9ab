import type { Cluster } from "@llm-gitops/config";
import { MANAGED_BY } from "@llm-gitops/core";

export const API = "argoproj.io/v1alpha1";
export const labels = { "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/part-of": "llm-gitops" };
export const projectName = (cluster: Cluster) => `llm-${cluster.name}`;
export const destination = (cluster: Cluster) => (cluster.argocd.server ? { server: cluster.argocd.server } : { name: cluster.argocd.name! });
