import type { ConfigMap } from "kubernetes-types/core/v1";
import { MANAGED_BY, predictorName, type Typed } from "@llm-gitops/core";
import type { Cluster } from "@llm-gitops/config";
import { dashboard, type Dashboard, type RowSpec } from "./grafana.ts";
import { latencyRecord, QUANTILES, RECORDS, type LATENCIES } from "./records.ts";

/**
 * Dashboards read vLLM only through the recording rules' normalised names (records.ts), so they
 * hold at every vLLM release; everything else is read raw from its exporter.
 */
const ns = `namespace="$namespace"`;
const rec = (name: string) => `${name}{${ns}}`;
const byModel = (name: string) => `sum by (model_name) (${rec(name)})`;
const percentiles = (l: keyof typeof LATENCIES): [string, string][] =>
  QUANTILES.map((q) => [rec(latencyRecord(l, q)), `{{model_name}} p${Math.round(q * 100)}`]);

// DCGM series as Prometheus stores them under honorLabels: false: the GPU's pod in exported_*
// (NVIDIA/dcgm-exporter 4.5.3-4.8.2 etc/default-counters.csv: GPU_UTIL in %, FB_USED/FB_FREE in MiB).
const dcgm = (metric: string) => `${metric}{exported_namespace="$namespace",exported_pod!=""}`;
// kube-state-metrics v2.20.0 docs/metrics/workload/{deployment,horizontalpodautoscaler}-metrics.md (STABLE).
const PREDICTORS = `deployment=~"${predictorName(".+")}"`;
// Kong 3.9.3 kong/plugins/prometheus/exporter.lua: prefix "kong_", http_requests_total{service,
// route, code, source, workspace, consumer}, exported with the plugin's status_code_metrics on.
// KIC names a Kong service <namespace>.<service>.<port> (M: from KIC docs, not checked in source).
const KONG = `kong_http_requests_total{service=~"$namespace\\\\..+"}`;

const SERVING: RowSpec[] = [
  {
    title: "Traffic",
    panels: [
      { title: "Finished requests per second", unit: "reqps", queries: [[byModel(RECORDS.succeeded), "{{model_name}} succeeded"], [byModel(RECORDS.aborted), "{{model_name}} aborted"]] },
      { title: "API 5xx ratio", unit: "percentunit", queries: [[rec(RECORDS.errorRatio), "5xx / all"]] },
      { title: "Tokens per second", unit: "short", queries: [[byModel(RECORDS.promptTokens), "{{model_name}} prompt"], [byModel(RECORDS.generationTokens), "{{model_name}} generation"]] },
      { title: "Gateway responses by status code", unit: "reqps", queries: [[`sum by (code) (rate(${KONG}[$__rate_interval]))`, "{{code}}"]] },
    ],
  },
  {
    title: "Latency",
    panels: [
      { title: "Time to first token", unit: "s", queries: percentiles("timeToFirstToken") },
      { title: "Inter-token latency", unit: "s", queries: percentiles("interTokenLatency") },
      { title: "End-to-end request latency", unit: "s", queries: percentiles("endToEnd") },
    ],
  },
  {
    title: "Saturation",
    panels: [
      { title: "Queue depth and running requests", unit: "short", queries: [[byModel(RECORDS.waiting), "{{model_name}} waiting"], [byModel(RECORDS.running), "{{model_name}} running"]] },
      { title: "KV-cache usage", unit: "percentunit", max: 1, queries: [[rec(RECORDS.kvCacheAvg), "{{model_name}} avg"], [rec(RECORDS.kvCacheMax), "{{model_name}} max"]] },
      { title: "Preemptions per second", unit: "short", queries: [[byModel(RECORDS.preemptions), "{{model_name}}"]] },
    ],
  },
];

const CAPACITY: RowSpec[] = [
  {
    title: "GPUs",
    panels: [
      { title: "GPU utilisation", unit: "percent", max: 100, queries: [[`avg by (exported_pod) (${dcgm("DCGM_FI_DEV_GPU_UTIL")})`, "{{exported_pod}}"]] },
      { title: "GPU memory used", unit: "mbytes", queries: [[`sum by (exported_pod) (${dcgm("DCGM_FI_DEV_FB_USED")})`, "{{exported_pod}}"]] },
      {
        title: "GPU memory used (fraction)", unit: "percentunit", max: 1,
        queries: [[`sum by (exported_pod) (${dcgm("DCGM_FI_DEV_FB_USED")}) / (sum by (exported_pod) (${dcgm("DCGM_FI_DEV_FB_USED")}) + sum by (exported_pod) (${dcgm("DCGM_FI_DEV_FB_FREE")}))`, "{{exported_pod}}"]],
      },
    ],
  },
  {
    title: "Replicas",
    panels: [
      {
        title: "Replicas vs desired", unit: "short",
        queries: [
          [`kube_deployment_status_replicas{${ns},${PREDICTORS}}`, "{{deployment}} replicas"],
          [`kube_horizontalpodautoscaler_status_desired_replicas{${ns}}`, "{{horizontalpodautoscaler}} desired"],
        ],
      },
      { title: "vLLM pods scraped", unit: "short", queries: [[byModel(RECORDS.pods), "{{model_name}}"]] },
    ],
  },
];

export const DASHBOARDS: readonly Dashboard[] = [
  dashboard("llm-gitops-vllm", "LLM serving (vLLM)", "Traffic, latency and saturation of the vLLM model servers of a namespace, from llm-gitops recording rules.", RECORDS.running, SERVING),
  dashboard("llm-gitops-capacity", "LLM capacity (GPUs and replicas)", "GPU utilisation and memory (DCGM) and predictor replicas (kube-state-metrics) of a namespace.", RECORDS.running, CAPACITY),
];

/**
 * One ConfigMap per dashboard in Grafana's namespace, labelled for its dashboard sidecar
 * (kube-prometheus-stack: grafana.sidecar.dashboards.label grafana_dashboard, labelValue "1"),
 * which loads every `*.json` key. JSON.stringify keeps the typed objects' key order.
 */
export function renderDashboards(cluster: Cluster): Typed<ConfigMap>[] {
  const g = cluster.grafana;
  if (!g) return [];
  return DASHBOARDS.map((d) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `${d.uid}-dashboard`,
      namespace: g.namespace,
      labels: { ...g.dashboardLabels, "app.kubernetes.io/managed-by": MANAGED_BY, "app.kubernetes.io/name": "grafana-dashboard" },
    },
    data: { [`${d.uid}.json`]: `${JSON.stringify(d, null, 2)}\n` },
  }));
}
