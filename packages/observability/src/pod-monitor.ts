import { INFERENCESERVICE_LABEL, MANAGED_BY, MESH_MERGED_METRICS, PREDICTOR_COMPONENT_LABELS, VLLM_PORT_NAME, type KubernetesObject } from "@llm-gitops/core";
import type { Cluster, Environment } from "@llm-gitops/config";

/** The fields of monitoring.coreos.com/v1 PodMonitor that we emit. */
export interface PodMonitor extends KubernetesObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PodMonitor";
  spec: {
    selector: { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: "Exists" }[] };
    podMetricsEndpoints: Endpoint[];
  };
}

interface Endpoint {
  port: string;
  path: string;
  interval: string;
  scheme: "http";
  relabelings?: { sourceLabels: string[]; regex: string; replacement: string; targetLabel: string; action: "replace" }[];
}

export const VLLM_POD_MONITOR = "vllm";
/** The sidecar's one declared container port (istio 1.30.3 files/injection-template.yaml). */
const ENVOY_PROM_PORT_NAME = "http-envoy-prom";
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
      podMetricsEndpoints: [cluster.mesh ? mergedEndpoint() : { port: VLLM_PORT_NAME, path: "/metrics", interval: SCRAPE_INTERVAL, scheme: "http" }],
    },
  };
}

/**
 * Under STRICT mTLS a Prometheus outside the mesh cannot reach :8080, so with Istio metrics merging
 * it scrapes the sidecar agent's :15020/stats/prometheus, where vLLM's series are merged in. That
 * port is not declared on any container, and prometheus-operator drops a `portNumber` the pod does
 * not declare (v0.93.0 PodMonitor CRD), so the target is the sidecar's declared `http-envoy-prom`
 * port with its address rewritten to :15020, as Istio's own PodMonitor sample does (istio 1.30.3
 * samples/addons/extras/prometheus-operator.yaml). The regex keeps bracketed IPv6 hosts whole.
 */
function mergedEndpoint(): Endpoint {
  return {
    port: ENVOY_PROM_PORT_NAME,
    path: MESH_MERGED_METRICS.path,
    interval: SCRAPE_INTERVAL,
    scheme: "http",
    relabelings: [{ sourceLabels: ["__address__"], regex: "(.+):[0-9]+", replacement: `$1:${MESH_MERGED_METRICS.port}`, targetLabel: "__address__", action: "replace" }],
  };
}
