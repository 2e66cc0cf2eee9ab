import { INFERENCESERVICE_LABEL, MANAGED_BY, PREDICTOR_COMPONENT_LABELS, VLLM_PORT_NAME, type KubernetesObject } from "@llm-gitops/core";
import type { Cluster, Environment } from "@llm-gitops/config";

/** The fields of monitoring.coreos.com/v1 PodMonitor that we emit. */
export interface PodMonitor extends KubernetesObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PodMonitor";
  spec: {
    selector: { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: "Exists" }[] };
    podMetricsEndpoints: { port: string; path: string; interval: string; scheme: "http" }[];
  };
}

export const VLLM_POD_MONITOR = "vllm";
/** Autoscalers react one scrape late at best: scrape more often than kube-prometheus-stack's 30 s. */
export const SCRAPE_INTERVAL = "15s";

/**
 * Nothing scrapes vLLM unless the tree says so: prometheus-operator ignores prometheus.io/*
 * annotations, and KServe sets them only with enable-prometheus-scraping, on a port raw mode does
 * not have (../shared/DOMAIN.md B11). One PodMonitor per serving namespace selects the predictor
 * pods KServe creates (serving.kserve.io/inferenceservice, component: predictor) on the named
 * container port vLLM serves /metrics on; its labels are the ones the cluster's Prometheus selects
 * monitors by. Prometheus then gives every series the pod's `namespace` and `pod` target labels,
 * which the prometheus-adapter rules and KEDA queries select on.
 */
export function renderPodMonitor(env: Environment, cluster: Cluster): PodMonitor | undefined {
  const serving = env.deployments.some((d) => d.clusters.some((c) => c.name === cluster.name));
  if (!serving) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: {
      name: VLLM_POD_MONITOR,
      namespace: env.namespace,
      labels: { ...cluster.prometheus.monitorLabels, "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/name": "vllm" },
    },
    spec: {
      selector: {
        matchLabels: { ...PREDICTOR_COMPONENT_LABELS },
        matchExpressions: [{ key: INFERENCESERVICE_LABEL, operator: "Exists" }],
      },
      podMetricsEndpoints: [{ port: VLLM_PORT_NAME, path: "/metrics", interval: SCRAPE_INTERVAL, scheme: "http" }],
    },
  };
}
