import { MANAGED_BY, type KubernetesObject } from "@llm-gitops/core";
import type { Cluster } from "@llm-gitops/config";
import { SCRAPE_INTERVAL } from "./pod-monitor.ts";

/** The fields of monitoring.coreos.com/v1 ServiceMonitor that we emit. */
export interface ServiceMonitor extends KubernetesObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "ServiceMonitor";
  spec: {
    selector: { matchLabels: Record<string, string> };
    endpoints: { port: string; path: string; interval: string; honorLabels: boolean }[];
  };
}

export const DCGM_SERVICE_MONITOR = "dcgm-exporter";

/**
 * Scrapes NVIDIA's DCGM exporter, in its own namespace, through its Service. honorLabels is false
 * on purpose: the exporter reports the GPU's pod as namespace/pod labels (Kubernetes mapping on,
 * NVIDIA/dcgm-exporter 4.5.3-4.8.2 internal/pkg/transformation/const.go), which Prometheus then
 * renames exported_namespace/exported_pod, and autoscaling's prometheus-adapter rules and our
 * GPU records read those names. It is the chart default (dcgm-exporter deployment/values.yaml
 * serviceMonitor.honorLabels: false; gpu-operator v25.10.1 values.yaml
 * dcgmExporter.serviceMonitor.honorLabels: false), stated here so nobody flips it alone.
 * The chart's own ServiceMonitor must stay off (gpu-operator dcgmExporter.serviceMonitor.enabled:
 * false, its default; the standalone dcgm-exporter chart defaults serviceMonitor.enabled: true),
 * or every DCGM series is scraped twice. The GPU Operator's Service is labelled
 * app: nvidia-dcgm-exporter with port gpu-metrics (assets/state-dcgm-exporter/0400_service.yaml).
 */
export function renderDcgmServiceMonitor(cluster: Cluster): ServiceMonitor | undefined {
  const dcgm = cluster.prometheus.dcgmExporter;
  if (!dcgm) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: {
      name: DCGM_SERVICE_MONITOR,
      namespace: dcgm.namespace,
      labels: { ...cluster.prometheus.monitorLabels, "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/name": "dcgm-exporter" },
    },
    spec: {
      selector: { matchLabels: { ...dcgm.serviceLabels } },
      // 15s as both charts default (serviceMonitor.interval), so GPU autoscaling reacts in time.
      endpoints: [{ port: dcgm.port, path: "/metrics", interval: SCRAPE_INTERVAL, honorLabels: false }],
    },
  };
}
