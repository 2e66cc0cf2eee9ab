import type { ScalingMetric } from "@llm-gitops/config";

/** How a load signal is read from Prometheus: which series, and which labels name the pod. */
export interface MetricSource {
  /** Name the custom metrics API serves (prometheus-adapter `name.as`). */
  adapterName: string;
  series: string;
  namespaceLabel: string;
  podLabel: string;
  /** How one pod's series combine: counts add up, fractions and percentages average. */
  aggregate: "sum" | "avg";
  /** Why it is a good or a poor signal, for docs and warnings. */
  about: string;
}

// vLLM series carry the scraping target's namespace/pod labels. DCGM's exporter reports the
// GPU's pod as labels of its own, which Prometheus (honorLabels: false, the chart's default)
// renames exported_namespace/exported_pod.
const vllm = (series: string, adapterName: string, aggregate: MetricSource["aggregate"], about: string): MetricSource => ({
  adapterName,
  series,
  namespaceLabel: "namespace",
  podLabel: "pod",
  aggregate,
  about,
});
const dcgm = (series: string, adapterName: string, about: string): MetricSource => ({
  adapterName,
  series,
  namespaceLabel: "exported_namespace",
  podLabel: "exported_pod",
  aggregate: "avg",
  about,
});

/** Signals an HPA or KEDA can follow (Knative's concurrency and rps are the KPA's own). */
export const METRIC_SOURCES: Readonly<Record<Exclude<ScalingMetric, "concurrency" | "rps">, MetricSource>> = {
  queueDepth: vllm("vllm:num_requests_waiting", "vllm_num_requests_waiting", "sum", "requests waiting for a batch slot: users are waiting"),
  runningRequests: vllm("vllm:num_requests_running", "vllm_num_requests_running", "sum", "requests in the running batch"),
  kvCacheUsage: vllm("vllm:kv_cache_usage_perc", "vllm_kv_cache_usage_perc", "avg", "fraction of KV-cache blocks in use (vLLM >= 0.9.2)"),
  gpuUtilization: dcgm("DCGM_FI_DEV_GPU_UTIL", "gpu_utilization", "percent of time a kernel ran; saturates with one request in flight"),
  gpuEngineActive: dcgm("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "gpu_engine_active", "fraction of time the graphics engine was active"),
};

/** vLLM before 0.9.2 names the KV-cache gauge differently; both have a rule, each under its own name. */
export const LEGACY_KV_CACHE = vllm("vllm:gpu_cache_usage_perc", "vllm_gpu_cache_usage_perc", "avg", "fraction of KV-cache blocks in use (vLLM < 0.9.2)");

export function isHpaMetric(m: ScalingMetric): m is keyof typeof METRIC_SOURCES {
  return m in METRIC_SOURCES;
}

/** The source a deployment's metric reads, for the vLLM version it runs. */
export function metricSource(metric: keyof typeof METRIC_SOURCES, vllmVersion: string, atLeast: (v: string, min: string) => boolean): MetricSource {
  // vllm/v1/metrics/loggers.py: vllm:kv_cache_usage_perc first appears in 0.9.2 (0.9.0 and 0.9.1
  // have only vllm:gpu_cache_usage_perc); the old name is still emitted through 0.10.x, hidden in
  // 0.11 and gone in 0.12. So the new name from 0.9.2 on, the old one before.
  if (metric === "kvCacheUsage" && !atLeast(vllmVersion, "0.9.2")) return LEGACY_KV_CACHE;
  return METRIC_SOURCES[metric];
}
