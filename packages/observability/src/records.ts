import type { Cluster, Environment } from "@llm-gitops/config";
import { API_HANDLERS, HTTP_REQUESTS, vllmSeriesNames, type VllmSeries } from "./vllm-metrics.ts";
import { VLLM_POD_MONITOR } from "./pod-monitor.ts";

export interface RecordingRule {
  record: string;
  expr: string;
}

/**
 * Normalised names dashboards and alerts read, the same at every vLLM release. Named
 * level:metric:operation (prometheus.io/docs/practices/rules). Per model_name where useful.
 */
export const RECORDS = {
  requests: "namespace_model:vllm_requests:rate5m",
  succeeded: "namespace_model:vllm_requests_succeeded:rate5m",
  aborted: "namespace_model:vllm_requests_aborted:rate5m",
  httpRequests: "namespace:vllm_http_requests:rate5m",
  httpErrors: "namespace:vllm_http_errors:rate5m",
  errorRatio: "namespace:vllm_http_errors:ratio_rate5m",
  promptTokens: "namespace_model:vllm_prompt_tokens:rate5m",
  generationTokens: "namespace_model:vllm_generation_tokens:rate5m",
  waiting: "namespace_model:vllm_num_requests_waiting:sum",
  waitingPerPod: "namespace_model:vllm_num_requests_waiting:avg_pod",
  running: "namespace_model:vllm_num_requests_running:sum",
  pods: "namespace_model:vllm_pods:count",
  kvCacheAvg: "namespace_model:vllm_kv_cache_usage:avg",
  kvCacheMax: "namespace_model:vllm_kv_cache_usage:max",
  preemptions: "namespace_model:vllm_preemptions:rate5m",
  gpuPerPod: "namespace_pod:dcgm_gpu_utilization:avg",
  gpu: "namespace:dcgm_gpu_utilization:avg",
} as const;

export const QUANTILES = [0.5, 0.95, 0.99] as const;
export const LATENCIES = {
  timeToFirstToken: "vllm_time_to_first_token_seconds",
  interTokenLatency: "vllm_inter_token_latency_seconds",
  endToEnd: "vllm_e2e_request_latency_seconds",
} as const;

/** `namespace_model:vllm_time_to_first_token_seconds:p95` and the like. */
export const latencyRecord = (latency: keyof typeof LATENCIES, q: number) => `namespace_model:${LATENCIES[latency]}:p${Math.round(q * 100)}`;

/** The vLLM releases the environment runs on the cluster. */
export function vllmVersionsOn(env: Environment, cluster: Cluster): string[] {
  return env.deployments.filter((d) => d.clusters.some((c) => c.name === cluster.name)).map((d) => d.model.vllmVersion);
}

const BY = "namespace, model_name";

export function recordingRules(env: Environment, versions: readonly string[], gpu: boolean): RecordingRule[] {
  const ns = `namespace="${env.namespace}"`;
  // One selector per name the releases expose, joined with `or` (see vllmSeriesNames).
  const select = (s: VllmSeries, suffix = "", matchers = "") =>
    vllmSeriesNames(s, versions).map((n) => `${n}${suffix}{${ns}${matchers}}`);
  const rate = (s: VllmSeries, matchers = "", suffix = "") => select(s, suffix, matchers).map((x) => `rate(${x}[5m])`).join(" or ");
  const gauge = (s: VllmSeries) => select(s).join(" or ");
  const http = (matchers: string) => `sum by (namespace) (rate(${HTTP_REQUESTS}{${ns},job="${env.namespace}/${VLLM_POD_MONITOR}",handler=~"${API_HANDLERS}"${matchers}}[5m]))`;
  const own = (name: string) => `${name}{${ns}}`;
  const rules: RecordingRule[] = [
    { record: RECORDS.requests, expr: `sum by (${BY}) (${rate("requestSuccess")})` },
    { record: RECORDS.succeeded, expr: `sum by (${BY}) (${rate("requestSuccess", ',finished_reason=~"stop|length"')})` },
    { record: RECORDS.aborted, expr: `sum by (${BY}) (${rate("requestSuccess", ',finished_reason="abort"')})` },
    { record: RECORDS.httpRequests, expr: http("") },
    // A server that never failed has no 5xx series: record 0 rather than nothing.
    { record: RECORDS.httpErrors, expr: `${http(',status="5xx"')} or 0 * ${own(RECORDS.httpRequests)}` },
    { record: RECORDS.errorRatio, expr: `${own(RECORDS.httpErrors)} / ${own(RECORDS.httpRequests)}` },
    ...(Object.keys(LATENCIES) as (keyof typeof LATENCIES)[]).flatMap((l) =>
      QUANTILES.map((q) => ({ record: latencyRecord(l, q), expr: `histogram_quantile(${q}, sum by (${BY}, le) (${rate(l, "", "_bucket")}))` })),
    ),
    { record: RECORDS.promptTokens, expr: `sum by (${BY}) (${rate("promptTokens")})` },
    { record: RECORDS.generationTokens, expr: `sum by (${BY}) (${rate("generationTokens")})` },
    { record: RECORDS.waiting, expr: `sum by (${BY}) (${gauge("waiting")})` },
    // Per replica: a pod may run several engines (data parallel), each with its own series.
    { record: RECORDS.waitingPerPod, expr: `avg by (${BY}) (sum by (${BY}, pod) (${gauge("waiting")}))` },
    { record: RECORDS.running, expr: `sum by (${BY}) (${gauge("running")})` },
    { record: RECORDS.pods, expr: `count by (${BY}) (count by (${BY}, pod) (${gauge("running")}))` },
    { record: RECORDS.kvCacheAvg, expr: `avg by (${BY}) (${gauge("kvCacheUsage")})` },
    { record: RECORDS.kvCacheMax, expr: `max by (${BY}) (${gauge("kvCacheUsage")})` },
    { record: RECORDS.preemptions, expr: `sum by (${BY}) (${rate("preemptions")})` },
  ];
  if (gpu) rules.push(...gpuRules(env.namespace));
  return rules;
}

/**
 * DCGM reports the GPU's pod in its own namespace/pod labels, which Prometheus renames
 * exported_namespace/exported_pod under honorLabels: false (the ServiceMonitor we render, and
 * autoscaling's adapter rules read them the same way). Records carry them as namespace/pod.
 */
function gpuRules(namespace: string): RecordingRule[] {
  const dcgm = `DCGM_FI_DEV_GPU_UTIL{exported_namespace="${namespace}",exported_pod!=""}`;
  const relabelled = `label_replace(label_replace(${dcgm}, "namespace", "$1", "exported_namespace", "(.+)"), "pod", "$1", "exported_pod", "(.+)")`;
  return [
    { record: RECORDS.gpuPerPod, expr: `avg by (namespace, pod) (${relabelled})` },
    { record: RECORDS.gpu, expr: `avg by (namespace) (${RECORDS.gpuPerPod}{namespace="${namespace}"})` },
  ];
}
