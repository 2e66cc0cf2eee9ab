import type { Affinity, Toleration } from "kubernetes-types/core/v1";
import { helmApplication } from "@llm-gitops/argocd";
import { DCGM_CHART_SERVICE, gpuNodeSelector, type Cluster, type Platform } from "@llm-gitops/config";
import type { KubernetesObject } from "@llm-gitops/core";

/** The release name; the chart labels its Service with it (config's DCGM_CHART_SERVICE). */
export const DCGM_RELEASE = DCGM_CHART_SERVICE.labels["app.kubernetes.io/instance"];

/**
 * Where the exporter runs: on the GPU nodes only (it needs a GPU; elsewhere it crash-loops), found
 * as the serving pods find them, and tolerating what they tolerate.
 */
export function gpuNodes(cluster: Cluster, platform: Platform): { affinity: Affinity; tolerations: Toleration[] } {
  const terms: Record<string, string>[] = [];
  const tolerations = new Map<string, Toleration>();
  for (const name of [...new Set(cluster.nodePools.map((p) => p.gpuProfile))].sort()) {
    const profile = platform.gpuProfiles.get(name);
    if (!profile) continue;
    const types = cluster.nodePools.filter((p) => p.gpuProfile === name).map((p) => p.instanceType);
    const selector = profile.nodeSelector ? { ok: true as const, labels: [profile.nodeSelector] } : gpuNodeSelector(cluster.gpuNodeLabels, profile, types);
    if (selector.ok) terms.push(...selector.labels);
    for (const t of profile.tolerations) tolerations.set(JSON.stringify(t), t as Toleration);
  }
  const unique = [...new Map(terms.map((t) => [JSON.stringify(t), t])).values()];
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: unique.map((labels) => ({ matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: "In", values: [value] })) })),
        },
      },
    },
    tolerations: [...tolerations.values()],
  };
}

/**
 * NVIDIA's standalone DCGM exporter chart. Its own ServiceMonitor stays off (it defaults on, with
 * no check that the CRD exists): ours scrapes it with the settings the adapter rules assume.
 * Kubernetes pod mapping is always on in this chart (DCGM_EXPORTER_KUBERNETES hard-coded true).
 */
export function renderDcgmAddon(cluster: Cluster, platform: Platform): KubernetesObject[] {
  const addon = cluster.addons.dcgmExporter;
  const dcgm = cluster.prometheus.dcgmExporter;
  if (!addon || !dcgm) return [];
  return [
    helmApplication(cluster, {
      name: DCGM_RELEASE,
      chart: "dcgmExporter",
      version: addon.chart,
      namespace: dcgm.namespace,
      values: { serviceMonitor: { enabled: false }, ...gpuNodes(cluster, platform) },
      valuesFrom: "dcgmExporter",
      wave: "addons",
    }),
  ];
}
