import { vllmMetricName } from "@llm-gitops/core";

/**
 * The vLLM series the recording rules read, by what they mean. Names stable across v0.8.5 …
 * v0.12.0 (vllm/v1/metrics/loggers.py; V0 vllm/engine/metrics.py agrees up to its removal in
 * 0.12.0). V1 declares counters without `_total` from 0.9.0 on; prometheus_client appends it, so
 * the exposed name is the same. The two renamed series come from core (shared with autoscaling).
 */
const STABLE = {
  requestSuccess: "vllm:request_success_total", // label finished_reason: stop | length | abort (vllm/v1/engine/__init__.py FinishReason)
  timeToFirstToken: "vllm:time_to_first_token_seconds",
  endToEnd: "vllm:e2e_request_latency_seconds",
  promptTokens: "vllm:prompt_tokens_total",
  generationTokens: "vllm:generation_tokens_total",
  waiting: "vllm:num_requests_waiting",
  running: "vllm:num_requests_running",
  preemptions: "vllm:num_preemptions_total",
} as const;

export type VllmSeries = keyof typeof STABLE | "kvCacheUsage" | "interTokenLatency";

/** The name one vLLM release exposes for a series. */
export function vllmSeriesName(series: VllmSeries, vllmVersion: string): string {
  return series === "kvCacheUsage" || series === "interTokenLatency" ? vllmMetricName(series, vllmVersion) : STABLE[series];
}

/**
 * The names of a series across the releases an environment runs on a cluster, newest first and
 * without repeats. Rules join them with `or`, which matches on all labels but the metric name:
 * a pod exposing both names (0.9.2-0.10.x, 0.10.2-0.11.x) is counted once, by the current name,
 * and a pod of an older release by the legacy one. One selector when every release agrees.
 * Chosen over per-release rules selecting by model_name because two deployments may serve the
 * same model name on different releases (a canary), which model_name cannot tell apart.
 */
export function vllmSeriesNames(series: VllmSeries, vllmVersions: readonly string[]): string[] {
  const names = vllmVersions.map((v) => vllmSeriesName(series, v));
  const current = vllmSeriesName(series, "999");
  return [...new Set(names)].sort((a, b) => Number(b === current) - Number(a === current) || a.localeCompare(b));
}

/**
 * The API server's request counter: vLLM mounts prometheus-fastapi-instrumentator's defaults on
 * the same /metrics (vllm/entrypoints/openai/api_server.py mount_metrics, v0.8.5 … v0.12.0):
 * `http_requests_total{handler, method, status}` with status grouped as "2xx"…"5xx"
 * (trallnag/prometheus-fastapi-instrumentator 8.1.0 instrumentation.py should_group_status_codes,
 * metrics.py default). vLLM has no failed-request counter of its own: request_success_total
 * counts finished requests only (an abort is mostly a client gone, not a server error).
 */
export const HTTP_REQUESTS = "http_requests_total";
/** The OpenAI API routes; excludes /health, /metrics and the like. */
export const API_HANDLERS = "/v1/.+";
