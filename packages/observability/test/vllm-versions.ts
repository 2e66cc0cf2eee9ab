/**
 * The vLLM series each release exposes by default (among those the rules read), transcribed from
 * vllm/v1/metrics/loggers.py and vllm/entrypoints/openai/api_server.py of the release wheels on
 * PyPI (vllm==<version>, built from tag v<version> of vllm-project/vllm). Hidden means emitted
 * only with --show-hidden-metrics-for-version, i.e. absent by default.
 */
const STABLE = [
  "vllm:request_success_total",
  "vllm:time_to_first_token_seconds",
  "vllm:e2e_request_latency_seconds",
  "vllm:prompt_tokens_total",
  "vllm:generation_tokens_total",
  "vllm:num_requests_waiting",
  "vllm:num_requests_running",
  "vllm:num_preemptions_total",
];
const KV_OLD = "vllm:gpu_cache_usage_perc";
const KV_NEW = "vllm:kv_cache_usage_perc"; // first in v0.9.2
const ITL_OLD = "vllm:time_per_output_token_seconds";
const ITL_NEW = "vllm:inter_token_latency_seconds"; // first in v0.10.2

const withHistograms = (names: string[]) => names.flatMap((n) => (n.endsWith("_seconds") ? [n, `${n}_bucket`, `${n}_count`] : [n]));

export const EXPOSED: Readonly<Record<string, readonly string[]>> = {
  "0.8.5": withHistograms([...STABLE, KV_OLD, ITL_OLD]),
  "0.9.1": withHistograms([...STABLE, KV_OLD, ITL_OLD]),
  "0.9.2": withHistograms([...STABLE, KV_OLD, KV_NEW, ITL_OLD]),
  "0.10.0": withHistograms([...STABLE, KV_OLD, KV_NEW, ITL_OLD]),
  "0.10.1": withHistograms([...STABLE, KV_OLD, KV_NEW, ITL_OLD]),
  "0.10.1.1": withHistograms([...STABLE, KV_OLD, KV_NEW, ITL_OLD]),
  "0.10.2": withHistograms([...STABLE, KV_OLD, KV_NEW, ITL_OLD, ITL_NEW]),
  // 0.11.0: gpu_cache_usage_perc behind show_hidden_metrics ("Deprecated in 0.9.2").
  "0.11.0": withHistograms([...STABLE, KV_NEW, ITL_OLD, ITL_NEW]),
  // 0.12.0: gpu_cache_usage_perc removed; time_per_output_token_seconds hidden ("TODO: remove in 0.13.0").
  "0.12.0": withHistograms([...STABLE, KV_NEW, ITL_NEW]),
};

/** prometheus-fastapi-instrumentator's counter, mounted on /metrics by every release above. */
export const HTTP_EXPOSED = "http_requests_total";
